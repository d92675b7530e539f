#pragma once
// What AdaBound and AMSBound share (Luo, Xiong, Liu & Sun 2019): Adam's moments with the
// per-weight rate alpha/sqrt(v) clipped into bounds that close on eta, divided by sqrt(t).
// AMSBound takes the running maximum of v instead of v; everything else is the same.
#include <cmath>

#include "adam_moments.hpp"

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
        eps_(v.get<T>("eps")),
        moments_(v, rows, cols),
        v_max_(running_maximum ? rows : 0, running_maximum ? cols : 0, arma::fill::zeros),
        rate_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    moments_.update(g);
    if constexpr (running_maximum) v_max_ = arma::max(v_max_, moments_.v);
    const T t = T(moments_.t), one_minus_beta2 = moments_.one_minus_beta2;
    const T lo = eta_ * (T(1) - T(1) / (one_minus_beta2 * t + T(1)));
    const T hi = eta_ * (T(1) + T(1) / (one_minus_beta2 * t + eps_));
    rate_ = alpha_ / arma::sqrt(running_maximum ? v_max_ : moments_.v);
    rate_.clamp(lo, hi);
    w -= rate_ / std::sqrt(t) % moments_.m;
  }
  void state(neurite::StateVisitor<T>& visit) {
    moments_.state(visit);
    if constexpr (running_maximum) visit("v_max", v_max_);
  }

 private:
  T alpha_, eta_, eps_;
  adam::Moments<T> moments_;
  arma::Mat<T> v_max_;
  arma::Mat<T> rate_;  // scratch: the clipped per-weight rate
};

}  // namespace dynamic_bound
