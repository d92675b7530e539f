// A deliberately wrong activation for the tests of the conformance checks: tanh whose backward is
// 1.1 times the true derivative. Built into a test-only directory, never onto the plugin path.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class WrongTanh {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "wrong-tanh",
                                      .summary = "tanh with a gradient 10% too large (test only)",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    y = arma::tanh(x);
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx = T(1.1) * dy % (T(1) - arma::square(arma::tanh(x)));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(WrongTanh)
