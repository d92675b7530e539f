// AdaBelief: m = beta1 m + (1 - beta1) g;  s = beta2 s + (1 - beta2) (g - m)^2 + eps;
//            w -= (lr/(1 - beta1^t)) m/(sqrt(s)/sqrt(1 - beta2^t) + eps).
// Zhuang et al. 2020, "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed
// Gradients", Alg. 2, with its defaults (eps = 1e-16); equal to adabelief-pytorch 0.2 with
// rectify=False, weight_decouple=False. The residual uses the updated m; eps is added to s itself
// every step (so it accumulates in the state) as well as to the denominator, which keeps g = 0
// finite. No rectification, no decoupled decay.
// Not in the seed (an expected row).
#include <cmath>

#include <neurite/sdk/plugin.hpp>

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
      : lr_(v.get<T>("lr")),
        beta1_(v.get<T>("beta1")),
        beta2_(v.get<T>("beta2")),
        one_minus_beta1_(T(1 - v.get<double>("beta1"))),
        one_minus_beta2_(T(1 - v.get<double>("beta2"))),
        eps_(v.get<T>("eps")),
        m_(rows, cols, arma::fill::zeros),
        s_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    m_ = beta1_ * m_ + one_minus_beta1_ * g;
    s_ = beta2_ * s_ + one_minus_beta2_ * arma::square(g - m_) + eps_;
    const T step_size = lr_ / (T(1) - std::pow(beta1_, T(t_)));
    const T root_correction = std::sqrt(T(1) - std::pow(beta2_, T(t_)));
    w -= step_size * m_ / (arma::sqrt(s_) / root_correction + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("s", s_);
  }

 private:
  T lr_, beta1_, beta2_, one_minus_beta1_, one_minus_beta2_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, s_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaBelief)
