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
#include <random>

#include "santa.hpp"

namespace {

template <typename T>
class SantaE {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "SantaE",
      .summary = "annealed thermostat sampler turned optimizer (Euler scheme)"};
  static constexpr auto& params = santa::params;

  SantaE(const neurite::Values& v, arma::uword rows, arma::uword cols) : s_(v, rows, cols) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo& info) {
    // One distribution per step: its cached spare draw never outlives the step, so the
    // generator's state alone decides the next draws (and a restored run repeats them).
    std::normal_distribution<T> normal;
    if (s_.begin(g, info, normal, meta.name)) {
      const T beta = std::pow(T(s_.t), s_.anne_rate);
      const T eta_over_beta = s_.eta / beta;
      s_.draw(info, normal);
      s_.alpha += arma::square(s_.u) - eta_over_beta;
      s_.u_new = eta_over_beta * (T(1) - s_.g_prev / s_.G) / s_.u +
                 arma::sqrt(T(2) * s_.eta * s_.g_prev / beta) % s_.zeta +
                 (T(1) - s_.alpha) % s_.u - s_.eta * s_.G % g;
    } else {
      s_.u_new = (T(1) - s_.alpha) % s_.u - s_.eta * s_.G % g;
    }
    w += s_.G % s_.u_new;
    s_.u = s_.u_new;
    s_.g_prev = s_.G;
  }
  void state(neurite::StateVisitor<T>& visit) { s_.state(visit); }

 private:
  santa::Common<T> s_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(SantaE)
