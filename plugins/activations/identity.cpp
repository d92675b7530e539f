// identity: f(x) = x;  f'(x) = 1.
// From the seed; the output layer of a regression, or a layer with no activation at all.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Identity {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "identity",
                                      .aliases = {"linear"},
                                      .summary = "passes its input through unchanged",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const { y = x; }
  void backward(const arma::Mat<T>&, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx = dy;
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Identity)
