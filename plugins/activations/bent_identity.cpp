// bent-identity: f(x) = x + (sqrt(x^2 + 1) - 1)/2;  f'(x) = 1 + x/(2 sqrt(x^2 + 1)).
// From the seed.
// Computed as f = x + x (x/(hypot(x, 1) + 1))/2 and f' = 1 + x/(2 hypot(x, 1)): sqrt(x^2 + 1) - 1
// cancels near 0, and x^2 overflows (float: at 1e30). Evaluated in double for both element
// types and rounded once.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class BentIdentity {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "bent-identity",
                                      .summary = "identity bent upwards by a hyperbola",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) {
      const double d = v;
      return T(d + d * (d / (std::hypot(d, 1.0) + 1)) / 2);
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) {
      const double d = v;
      return T(1 + d / (2 * std::hypot(d, 1.0)));
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(BentIdentity)
