// step: f(x) = 1 for x > 0, else 0;  f'(x) = 0 everywhere.
// From the seed, which lets no gradient through: the layers below a step layer do not learn.
// f jumps at 0, declared as a kink so that the gradient check never differences across the jump.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Step {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "step",
                                      .summary = "Heaviside step: 1 for positive inputs, else 0",
                                      .init = neurite::Init::xavier};
  static std::vector<double> kinks(const neurite::Values&) { return {0.0}; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) { return v > 0 ? T(1) : T(0); });
  }
  void backward(const arma::Mat<T>&, const arma::Mat<T>&, const arma::Mat<T>&, arma::Mat<T>& dx,
                const neurite::Context&) const {
    dx.zeros();
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Step)
