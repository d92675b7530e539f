// A plugin that calls a function no library defines: loading it with RTLD_NOW must fail cleanly.
#include <neurite/sdk/plugin.hpp>

double neurite_function_defined_nowhere(double);

namespace {
template <typename T>
class Unresolved {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "unresolved",
                                      .summary = "depends on a symbol that does not exist"};
  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    y = x * T(neurite_function_defined_nowhere(1.0));
  }
  void backward(const arma::Mat<T>&, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx = dy;
  }
};
}  // namespace
NEURITE_EXPORT_PLUGIN(Unresolved)
