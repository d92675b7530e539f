// AMSBound: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;  v_max = max(v_max, v);
//   lo = eta (1 - 1/((1 - beta2) t + 1));  hi = eta (1 + 1/((1 - beta2) t + eps));
//   s = clip(alpha/sqrt(v_max), lo, hi)/sqrt(t);  w -= s m.
// Luo, Xiong, Liu & Sun 2019 (AdaBound's AMSGrad variant), in the paper's form, with the paper's
// gamma taken as 1 - beta2 and eta the final (SGD) rate; defaults alpha = 1e-3, eta = 0.1.
// alpha/sqrt(0) = +inf is clipped to hi, so a zero second moment gives the upper bound, not nan.
// Same as the seed.
#include "dynamic_bound.hpp"

namespace {

template <typename T>
class AmsBound : public dynamic_bound::Optimizer<T, true> {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AMSBound",
      .summary = "AdaBound with a never-decreasing second moment"};
  static constexpr auto& params = dynamic_bound::params;
  using dynamic_bound::Optimizer<T, true>::Optimizer;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AmsBound)
