// SantaE: per element, with beta_t = t^anne_rate, starting at t = 1 from v = 0, G_prev = 0,
// alpha = sqrt(eta) C and u = sqrt(eta) zeta_0:
//   v = sigma v + (1 - sigma) g^2/N^2;  G = 1/sqrt(lambda + sqrt(v));
//   t < burnin (exploration): alpha += u^2 - eta/beta_t;
//     u_new = (eta/beta_t)(1 - G_prev/G)/u + sqrt(2 eta G_prev/beta_t) zeta_t + (1 - alpha) u - eta
//     G g
//   otherwise (refinement, alpha fixed): u_new = (1 - alpha) u - eta G g;
//   w += G u_new;  u = u_new;  G_prev = G.
// Chen, Carlson, Gan, Li & Carin, AISTATS 2016, Alg. 1 (Euler scheme), with the seed's defaults.
// zeta ~ N(0, 1) come from the caller's seeded generator, in storage order: at t = 1 first zeta_0
// for every element, then one zeta_t per element in each exploration step.
// N comes from StepInfo: 1 when g is already the gradient of a batch-mean loss, as Neurite's are
// (the paper's g is a sum over N samples; dividing a mean again makes the steps diverge).
// Departures from the seed: N is no longer a parameter (the seed's N = 16 divides an averaged
// gradient again); the v update, cut off in the seed after sigma v, is completed from the paper.
#include <cmath>
#include <random>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class SantaE {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "SantaE",
      .summary = "annealed thermostat sampler turned optimizer (Euler scheme)"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 0.01, "learning rate"),
      neurite::real("sigma", 0.95, neurite::closed_open(0.0, 1.0),
                    "decay of the mean squared gradient"),
      neurite::real("lambda", 1e-8, neurite::open(0.0, 1.0), "keeps the preconditioner G finite"),
      neurite::real("anne_rate", 0.5, neurite::above(0.0),
                    "annealing exponent: inverse temperature beta_t = t^anne_rate"),
      neurite::integer("burnin", 100, neurite::at_least(0.0),
                       "exploration steps: t < burnin explores, later steps refine"),
      neurite::real("C", 5.0, neurite::at_least(0.0), "initial friction alpha = sqrt(eta)*C")};

  SantaE(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")),
        sigma_(v.get<T>("sigma")),
        one_minus_sigma_(T(1 - v.get<double>("sigma"))),
        lambda_(v.get<T>("lambda")),
        anne_rate_(v.get<T>("anne_rate")),
        burnin_(v.get<std::uint64_t>("burnin")),
        sqrt_eta_(T(std::sqrt(v.get<double>("eta")))),
        alpha_start_(T(std::sqrt(v.get<double>("eta")) * v.get<double>("C"))),
        v_(rows, cols, arma::fill::zeros),
        g_prev_(rows, cols, arma::fill::zeros),
        alpha_(rows, cols, arma::fill::zeros),
        u_(rows, cols, arma::fill::zeros),
        G_(rows, cols, arma::fill::zeros),
        u_new_(rows, cols, arma::fill::zeros),
        zeta_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo& info) {
    ++t_;
    const bool explore = t_ < burnin_;
    if ((t_ == 1 || explore) && info.rng == nullptr)
      throw neurite::Error("SantaE: the step information carries no generator");
    // One distribution per step: its cached spare draw never outlives the step, so the
    // generator's state alone decides the next draws (and a restored run repeats them).
    std::normal_distribution<T> normal;
    auto draw = [&] { return normal(*info.rng); };
    if (t_ == 1) {
      alpha_.fill(alpha_start_);
      zeta_.imbue(draw);
      u_ = sqrt_eta_ * zeta_;
    }
    const T n = T(info.n);
    v_ = sigma_ * v_ + one_minus_sigma_ * arma::square(g) / (n * n);
    G_ = T(1) / arma::sqrt(lambda_ + arma::sqrt(v_));
    if (explore) {
      const T beta = std::pow(T(t_), anne_rate_);
      const T eta_over_beta = eta_ / beta;
      zeta_.imbue(draw);
      alpha_ += arma::square(u_) - eta_over_beta;
      u_new_ = eta_over_beta * (T(1) - g_prev_ / G_) / u_ +
               arma::sqrt(T(2) * eta_ * g_prev_ / beta) % zeta_ + (T(1) - alpha_) % u_ -
               eta_ * G_ % g;
    } else {
      u_new_ = (T(1) - alpha_) % u_ - eta_ * G_ % g;
    }
    w += G_ % u_new_;
    u_ = u_new_;
    g_prev_ = G_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("v", v_);
    visit("G_prev", g_prev_);
    visit("alpha", alpha_);
    visit("u", u_);
  }

 private:
  T eta_, sigma_, one_minus_sigma_, lambda_, anne_rate_;
  std::uint64_t burnin_;
  T sqrt_eta_, alpha_start_;
  std::uint64_t t_ = 0;
  arma::Mat<T> v_, g_prev_, alpha_, u_;
  arma::Mat<T> G_, u_new_, zeta_;  // scratch
};

}  // namespace

NEURITE_EXPORT_PLUGIN(SantaE)
