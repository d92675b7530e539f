// AdaBound: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
//   lo = eta (1 - 1/((1 - beta2) t + 1));  hi = eta (1 + 1/((1 - beta2) t + eps));
//   s = clip(alpha/sqrt(v), lo, hi)/sqrt(t);  w -= s m.
// Luo, Xiong, Liu & Sun 2019, "Adaptive Gradient Methods with Dynamic Bound of Learning Rate",
// in the paper's form (no bias correction, the clipped rate divided by sqrt(t)), with the paper's
// gamma taken as 1 - beta2 and eta the final (SGD) rate; defaults alpha = 1e-3, eta = 0.1.
// This differs from the `adabound` package (bias-corrected step, eps added to sqrt(v), no
// 1/sqrt(t)). alpha/sqrt(0) = +inf is clipped to hi, so a zero second moment gives the upper bound,
// not nan. Same as the seed.
#include <cmath>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class AdaBound {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AdaBound",
      .summary = "Adam whose per-weight rates are clipped into bounds closing on eta"};
  static constexpr neurite::Param params[] = {
      neurite::rate("alpha", 1e-3, "learning rate of the adaptive part"),
      neurite::real("eta", 0.1, neurite::above(0.0), "final rate the bounds close on (SGD's)"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean; 1 - beta2 sets how fast the bounds close"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0),
                    "keeps the upper bound's denominator away from zero")};

  AdaBound(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")),
        eta_(v.get<T>("eta")),
        beta1_(v.get<T>("beta1")),
        beta2_(v.get<T>("beta2")),
        one_minus_beta1_(T(1 - v.get<double>("beta1"))),
        one_minus_beta2_(T(1 - v.get<double>("beta2"))),
        eps_(v.get<T>("eps")),
        m_(rows, cols, arma::fill::zeros),
        v_(rows, cols, arma::fill::zeros),
        rate_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    m_ = beta1_ * m_ + one_minus_beta1_ * g;
    v_ = beta2_ * v_ + one_minus_beta2_ * arma::square(g);
    const T t = T(t_);
    const T lo = eta_ * (T(1) - T(1) / (one_minus_beta2_ * t + T(1)));
    const T hi = eta_ * (T(1) + T(1) / (one_minus_beta2_ * t + eps_));
    rate_ = alpha_ / arma::sqrt(v_);
    rate_.clamp(lo, hi);
    w -= rate_ / std::sqrt(t) % m_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("v", v_);
  }

 private:
  T alpha_, eta_, beta1_, beta2_, one_minus_beta1_, one_minus_beta2_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, v_;
  arma::Mat<T> rate_;  // scratch: the clipped per-weight rate
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaBound)
