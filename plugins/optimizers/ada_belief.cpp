// AdaBelief: m = beta1 m + (1 - beta1) g;  s = beta2 s + (1 - beta2) (g - m)^2 + eps;
//            w -= (lr/(1 - beta1^t)) m/(sqrt(s)/sqrt(1 - beta2^t) + eps).
// Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed
// Gradients", Alg. 2, with its defaults (eps = 1e-16); equal to adabelief-pytorch 0.2 with
// rectify=False, weight_decouple=False. The residual uses the updated m; eps is added to s itself
// every step (so it accumulates in the state) as well as to the denominator, which keeps g = 0
// finite. No rectification, no decoupled decay.
// Not in the seed (an expected row).
#include <cmath>

#include "adam_moments.hpp"

namespace {

template <typename T>
class AdaBelief {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AdaBelief",
      .summary = "Adam with steps scaled by the gradient's deviation from its mean"};
  static constexpr neurite::Param params[] = {
      neurite::rate("lr", 1e-3, "learning rate"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the mean squared deviation from the mean"),
      neurite::real("eps", 1e-16, neurite::open(0.0, 1.0),
                    "added to s every step and to the denominator")};

  AdaBelief(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : lr_(v.get<T>("lr")), eps_(v.get<T>("eps")), moments_(v, rows, cols) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    moments_.update_mean(g);
    const arma::Mat<T>& m = moments_.m;
    arma::Mat<T>& s = moments_.v;
    s = moments_.beta2 * s + moments_.one_minus_beta2 * arma::square(g - m) + eps_;
    const T step_size = lr_ / moments_.mean_correction();
    const T root_correction = std::sqrt(moments_.square_correction());
    w -= step_size * m / (arma::sqrt(s) / root_correction + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) { moments_.state(visit, "s"); }

 private:
  T lr_, eps_;
  adam::Moments<T> moments_;  // its v is AdaBelief's s
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaBelief)
