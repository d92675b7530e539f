// Mish: f(x) = x tau, tau = tanh(softplus(x));  f'(x) = tau + x σ(x) (1 - tau^2).
// Misra 2019 (arXiv:1908.08681); equal to torch.nn.functional.mish.
// tanh(softplus(x)) overflows through e^x and 1 - tau^2 cancels, so with a = e^-|x| (never
// above 1): for x > 0, tau = (1 + 2a)/(1 + 2a + 2a^2) and 1 - tau^2 = 4a^2 (1 + a)^2/(1 + 2a +
// 2a^2)^2; for x <= 0, n = a(a + 2), tau = n/(n + 2) and 1 - tau^2 = 4(n + 1)/(n + 2)^2.
// Mish(1000) = 1000 with f' = 1; mlpack's form gives nan there. Near the minimum, where the terms
// of f' cancel, f' is evaluated in long double; below -700, e^x is scaled by e^64 so that results
// next to the subnormal range are rounded once. Evaluated in double for both element types and
// rounded once.
#include <neurite/sdk/plugin.hpp>

namespace {

// e^-64 rounded to double (mpmath): below x = -700, e^x = e^(x + 64) e^-64, and x + 64 is exact.
constexpr double e_minus_64 = 1.603810890548638e-28;

template <typename R>
struct Tau {
  R tau, complement;  // tau and 1 - tau^2
};

template <typename R>
Tau<R> tau_of(R x) {
  if (x > 0) {
    const R a = std::exp(-x), p = 1 + 2 * a, q = p + 2 * a * a, w = 2 * a * (1 + a) / q;
    return {p / q, w * w};
  }
  const R a = std::exp(x), n = a * (a + 2), d = n + 2;
  return {n / d, 4 * (n + 1) / (d * d)};
}

template <typename R>
R mish_slope(R x) {
  const Tau<R> t = tau_of(x);
  return t.tau + x * neurite::stable::sigmoid(x) * t.complement;
}

double slope(double x) {
  if (x < -700) return (1 + x) * std::exp(x + 64) * e_minus_64;
  // Around the minimum (f' = 0 at x = -1.1924) the two terms of f' cancel and keep an absolute
  // error of a few ulp of 0.3; long double carries the 11 bits more that the target needs there.
  if (x > -1.6 && x < -0.8) return double(mish_slope<long double>(x));
  return mish_slope(x);
}

template <typename T>
class Mish {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "Mish",
                                      .summary = "x tanh(softplus(x)): smooth, non-monotonic",
                                      .init = neurite::Init::he};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) {
      const double d = v;
      if (d < -700) return T(d * std::exp(d + 64) * e_minus_64);
      return T(d * tau_of(d).tau);
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) { return T(slope(v)); });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Mish)
