// tanhExp: f(x) = x tanh(e^x);  f'(x) = tanh(e^x) + x e^x (1 - tanh^2(e^x)).
// Liu & Di 2020 (arXiv:2003.09855), as in the seed.
// For x > 4, tanh(e^x) = 1 to well below an ulp in double, so f = x and f' = 1 exactly; without
// that branch e^x overflows (x > 88 in float, 709 in double) and f' = inf * 0 = nan. Below, with
// u = e^x, 1 - tanh^2 u = 4e^(-2u)/(1 + e^(-2u))^2 keeps relative accuracy where the difference
// would cancel. tanhExp(-1000) = -0; below -700, e^x is scaled by e^64 so that results next to
// the subnormal range are rounded once. Evaluated in double for both element types and rounded
// once, so float keeps the subnormal e^-90 that tanhExp(-90) needs.
#include <neurite/sdk/plugin.hpp>

namespace {

// e^-64 rounded to double (mpmath): below x = -700, e^x = e^(x + 64) e^-64, and x + 64 is exact.
constexpr double e_minus_64 = 1.603810890548638e-28;

template <typename T>
class TanhExp {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "tanhExp",
                                      .summary = "x tanh(e^x): ReLU-like with a smooth dip",
                                      .init = neurite::Init::he};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) {
      const double d = v;
      if (d < -700) return T(d * std::exp(d + 64) * e_minus_64);
      return d > 4 ? v : T(d * std::tanh(std::exp(d)));
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) {
      const double d = v;
      if (d > 4) return T(1);
      if (d < -700) return T((1 + d) * std::exp(d + 64) * e_minus_64);
      const double u = std::exp(d), e = std::exp(-2 * u), q = 1 + e;
      return T(std::tanh(u) + d * u * (4 * e / (q * q)));
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(TanhExp)
