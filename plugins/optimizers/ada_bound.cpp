// AdaBound: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
//   lo = eta (1 - 1/((1 - beta2) t + 1));  hi = eta (1 + 1/((1 - beta2) t + eps));
//   s = clip(alpha/sqrt(v), lo, hi)/sqrt(t);  w -= s m.
// Luo, Xiong, Liu & Sun 2019, "Adaptive Gradient Methods with Dynamic Bound of Learning Rate",
// in the paper's form (no bias correction, the clipped rate divided by sqrt(t)), with the paper's
// gamma taken as 1 - beta2 and eta the final (SGD) rate; defaults alpha = 1e-3, eta = 0.1.
// This differs from the `adabound` package (bias-corrected step, eps added to sqrt(v), no
// 1/sqrt(t)). alpha/sqrt(0) = +inf is clipped to hi, so a zero second moment gives the upper bound,
// not nan. Same as the seed.
#include "dynamic_bound.hpp"

namespace {

template <typename T>
class AdaBound : public dynamic_bound::Optimizer<T, false> {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AdaBound",
      .summary = "Adam whose per-weight rates are clipped into bounds closing on eta"};
  static constexpr auto& params = dynamic_bound::params;
  using dynamic_bound::Optimizer<T, false>::Optimizer;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaBound)
