// Mish: f(x) = x tau, tau = tanh(softplus(x));  f'(x) = tau + x σ(x) (1 - tau^2).
// Misra 2019 (arXiv:1908.08681); equal to torch.nn.functional.mish.
// tanh(softplus(x)) overflows through e^x and 1 - tau^2 cancels, so with a = e^-|x| (never
// above 1): for x > 0, tau = (1 + 2a)/(1 + 2a + 2a^2) and 1 - tau^2 = 4a^2 (1 + a)^2/(1 + 2a +
// 2a^2)^2; for x <= 0, n = a(a + 2), tau = n/(n + 2) and 1 - tau^2 = 4(n + 1)/(n + 2)^2.
// Mish(1000) = 1000 with f' = 1; mlpack's form gives nan there. Near the minimum, where the terms
// of f' cancel, f' is evaluated in long double; below -700, e^x is scaled by e^64 so that results
// next to the subnormal range are rounded once. Double results come from these forms. Float
// results from the same forms in float, with the kernels of sdk/kernels.hpp, and for x < 0 with
// a scaled by 2^64 so that subnormal results are rounded once. Around the zero of f'
// (x0 = -1.1924) the terms of f' cancel and a float a leaves 1e-6 relative only beyond 0.35 from
// it, so within 0.5 of it f' = d P(d), d = x - x0 and P a degree-8 fit (relative error 6.5e-8;
// tests/reference/slope_zero_fit.py mish). Branch-free, so that the loops vectorise. On processors
// with AVX-512, blocks of inputs in [-8, inf) take fitted tables instead (sdk/piecewise.hpp,
// tables/mish.hpp): f = x g and f' = (x - x0) h, twice as fast and no less accurate.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/mish.hpp"

namespace {

namespace kernels = neurite::kernels;
namespace tables = neurite_tables::mish;
using neurite::simd::Floats;

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

// The float terms at x (clamped to +-126), a = e^-|x| also scaled by 2^64: for x > 0 tau and
// x σ(x)(1 - tau^2); for x <= 0 the same, scaled by 2^64.
struct FloatTerms {
  explicit FloatTerms(float v) : x(kernels::clamp_magnitude(v, 126.0f)) {
    const float a_scaled = kernels::exp_scaled(-std::fabs(x)), a = a_scaled * 0x1p-64f;
    const float p = 1 + 2 * a, q = p + 2 * a * a, w = 2 * a * (1 + a) / q;
    const float n = a * (a + 2), d = n + 2;
    tau_positive = p / q;
    tail_positive = x / (1 + a) * (w * w);
    tau_negative_scaled = a_scaled * (a + 2) / d;
    tail_negative_scaled = x * (a_scaled / (1 + a)) * (4 * (n + 1) / (d * d));
  }
  float x, tau_positive, tail_positive, tau_negative_scaled, tail_negative_scaled;
};

inline float float_value(float v) {
  const FloatTerms t(v);
  const float negative = v < -126.0f ? -0.0f : (v * t.tau_negative_scaled) * 0x1p-64f;
  return v > 0 ? v * t.tau_positive : negative;
}

inline float float_slope(float v) {
  constexpr float zero_hi = -1.1924312f, zero_lo = -3.0439375e-09f;  // x0 = zero_hi + zero_lo
  const FloatTerms t(v);
  const float positive = t.tau_positive + t.tail_positive;
  const float negative = (t.tau_negative_scaled + t.tail_negative_scaled) * 0x1p-64f;
  const float d = (v - zero_hi) - zero_lo;
  const float near_zero =
      d * (0.26694793f + d * (0.20473127f + d * (0.041907825f + d * (-0.02027219f +
           d * (-0.015821429f + d * (-0.0033554593f + d * (0.0010975788f + d * (0.00096286536f +
           d * 0.00022428959f))))))));
  const float slope = v > 0 ? positive : d > -0.5f && d < 0.5f ? near_zero : negative;
  return v != v ? v : slope;
}

// Where the tables hold (from 12 on, tau and f' round to 1 in float: f = x, f' = 1).
constexpr neurite::simd::Span fast_span{tables::value_table.lo};

template <typename T>
class Mish {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "Mish",
                                      .summary = "x tanh(softplus(x)): smooth, non-monotonic",
                                      .init = neurite::Init::he};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, tables::value_table, fast_span, float_value,
                           [](const Floats& v, Floats& g) { g = v >= 12 ? v : v * g; });
      return;
    }
    neurite::elementwise(x, y, [](T v) {
      const double d = v;
      if (d < -700) return T(d * std::exp(d + 64) * e_minus_64);
      return T(d * tau_of(d).tau);
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, tables::slope_table, fast_span, float_slope,
                     [](const Floats& v, Floats& g) {
                       const Floats d = (v - tables::zero_hi) - tables::zero_lo;
                       g = v >= 12 ? Floats{} + 1 : d * g;
                     });
      return;
    }
    neurite::chain(x, dy, dx, [](T v) { return T(slope(v)); });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Mish)
