#pragma once
// What AdaBound and AMSBound share (Luo, Xiong, Liu & Sun 2019): Adam's moments with the
// per-weight rate alpha/sqrt(v) clipped into bounds that close on eta, divided by sqrt(t).
// AMSBound takes the running maximum of v instead of v; everything else is the same.
#include <cmath>

#include <neurite/sdk/plugin.hpp>

namespace dynamic_bound {

inline constexpr neurite::Param params[] = {
    neurite::rate("alpha", 1e-3, "learning rate of the adaptive part"),
    neurite::real("eta", 0.1, neurite::above(0.0), "final rate the bounds close on (SGD's)"),
    neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
    neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                  "decay of the squared-gradient mean; 1 - beta2 sets how fast the bounds close"),
    neurite::real("eps", 1e-8, neurite::open(0.0, 1.0),
                  "keeps the upper bound's denominator away from zero")};

template <typename T, bool running_maximum>
class Optimizer {
 public:
  Optimizer(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")),
        eta_(v.get<T>("eta")),
        beta1_(v.get<T>("beta1")),
        beta2_(v.get<T>("beta2")),
        one_minus_beta1_(T(1 - v.get<double>("beta1"))),
        one_minus_beta2_(T(1 - v.get<double>("beta2"))),
        eps_(v.get<T>("eps")),
        m_(rows, cols, arma::fill::zeros),
        v_(rows, cols, arma::fill::zeros),
        v_max_(running_maximum ? rows : 0, running_maximum ? cols : 0, arma::fill::zeros),
        rate_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    m_ = beta1_ * m_ + one_minus_beta1_ * g;
    v_ = beta2_ * v_ + one_minus_beta2_ * arma::square(g);
    if constexpr (running_maximum) v_max_ = arma::max(v_max_, v_);
    const T t = T(t_);
    const T lo = eta_ * (T(1) - T(1) / (one_minus_beta2_ * t + T(1)));
    const T hi = eta_ * (T(1) + T(1) / (one_minus_beta2_ * t + eps_));
    rate_ = alpha_ / arma::sqrt(running_maximum ? v_max_ : v_);
    rate_.clamp(lo, hi);
    w -= rate_ / std::sqrt(t) % m_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("v", v_);
    if constexpr (running_maximum) visit("v_max", v_max_);
  }

 private:
  T alpha_, eta_, beta1_, beta2_, one_minus_beta1_, one_minus_beta2_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, v_, v_max_;
  arma::Mat<T> rate_;  // scratch: the clipped per-weight rate
};

}  // namespace dynamic_bound
