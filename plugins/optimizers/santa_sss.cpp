// SantaSSS: per element, with beta_t = t^anne_rate, starting at t = 1 from v = 0, G_prev = 0,
// alpha = sqrt(eta) C and u = sqrt(eta) zeta_0:
//   v = sigma v + (1 - sigma) g^2/N^2;  G = 1/sqrt(lambda + sqrt(v));  w += G u/2;
//   t < burnin (exploration): alpha += (u^2 - eta/beta_t)/2;  u_new = e^(-alpha/2) u;
//     u_new += -eta G g + sqrt(2 eta G_prev/beta_t) zeta_t + (eta/beta_t)(1 - G_prev/G)/u;
//     u_new *= e^(-alpha/2);  alpha += (u_new^2 - eta/beta_t)/2
//   otherwise (refinement): u_new = e^(-alpha/2) (e^(-alpha/2) u - eta G g);
//   w += G u_new/2;  u = u_new;  G_prev = G.
// Chen, Carlson, Gan, Li & Carin, AISTATS 2016, Alg. 2 (symmetric splitting), with the seed's
// defaults. zeta ~ N(0, 1) come from the caller's seeded generator, in storage order: at t = 1
// first zeta_0 for every element, then one zeta_t per element in each exploration step.
// N comes from StepInfo: 1 when g is already the gradient of a batch-mean loss, as Neurite's are.
// Departures from the seed: N is no longer a parameter; the v update and the -eta G g terms of
// both u updates, cut off in the seed, are completed from the paper; w moves by both half steps
// (the seed's last line overwrites the first half step G u/2 with the second).
#include <random>

#include "santa.hpp"

namespace {

template <typename T>
class SantaSss {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "SantaSSS",
      .summary = "annealed thermostat sampler turned optimizer (symmetric splitting)"};
  static constexpr auto& params = santa::params;

  SantaSss(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : s_(v, rows, cols), decay_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo& info) {
    // One distribution per step: its cached spare draw never outlives the step, so the
    // generator's state alone decides the next draws (and a restored run repeats them).
    std::normal_distribution<T> normal;
    const bool explore = s_.begin(g, info, normal, meta.name);
    w += s_.G % s_.u / T(2);
    if (explore) {
      const T beta = std::pow(T(s_.t), s_.anne_rate);
      const T eta_over_beta = s_.eta / beta;
      s_.draw(info, normal);
      s_.alpha += (arma::square(s_.u) - eta_over_beta) / T(2);
      decay_ = arma::exp(-s_.alpha / T(2));
      s_.u_new = decay_ % s_.u;
      s_.u_new += -s_.eta * s_.G % g + arma::sqrt(T(2) * s_.eta * s_.g_prev / beta) % s_.zeta +
                  eta_over_beta * (T(1) - s_.g_prev / s_.G) / s_.u;
      s_.u_new %= decay_;
      s_.alpha += (arma::square(s_.u_new) - eta_over_beta) / T(2);
    } else {
      decay_ = arma::exp(-s_.alpha / T(2));
      s_.u_new = decay_ % s_.u;
      s_.u_new -= s_.eta * s_.G % g;
      s_.u_new %= decay_;
    }
    w += s_.G % s_.u_new / T(2);
    s_.u = s_.u_new;
    s_.g_prev = s_.G;
  }
  void state(neurite::StateVisitor<T>& visit) { s_.state(visit); }

 private:
  santa::Common<T> s_;
  arma::Mat<T> decay_;  // scratch
};

}  // namespace

NEURITE_EXPORT_PLUGIN(SantaSss)
