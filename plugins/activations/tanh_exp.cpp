// tanhExp: f(x) = x tanh(e^x);  f'(x) = tanh(e^x) + x e^x (1 - tanh^2(e^x)).
// Liu & Di 2020 (arXiv:2003.09855), as in the seed.
// For x > 4, tanh(e^x) = 1 to well below an ulp in double, so f = x and f' = 1 exactly; without
// that branch e^x overflows (x > 88 in float, 709 in double) and f' = inf * 0 = nan. Below, with
// u = e^x, 1 - tanh^2 u = 4e^(-2u)/(1 + e^(-2u))^2 keeps relative accuracy where the difference
// would cancel. tanhExp(-1000) = -0; below -700, e^x is scaled by e^64 so that results next to
// the subnormal range are rounded once. Double results come from these forms. Float results are
// computed in float by the kernels of sdk/kernels.hpp: tanh u = -m/(2 + m) and 1 - tanh^2 u =
// 4e/(1 + e)^2, with e = e^(-2u) and m = e - 1 each from its own kernel. Below x = -16, tanh u = u
// to a float's precision, and f = x u, f' = (1 + x) u with u scaled by 2^64, so that the
// subnormal e^-90 of tanhExp(-90) is rounded once. Within 0.3 of the zero of f' (x0 = -1.0789)
// the two terms of f' cancel, and a float u leaves 1e-6 relative only beyond 0.02 from it, so
// there f' = d P(d), d = x - x0 and P a degree-6 fit (relative error 5.5e-8;
// tests/reference/slope_zero_fit.py tanhexp). Branch-free, so that the loops vectorise. On
// processors with AVX-512, blocks of inputs in [-12, inf) take fitted tables instead
// (sdk/piecewise.hpp, tables/tanh_exp.hpp): f = x g and f' = (x - x0) h, 2.5 times as fast and
// no less accurate.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/tanh_exp.hpp"

namespace {

namespace kernels = neurite::kernels;
namespace tables = neurite_tables::tanh_exp;
using neurite::simd::Floats;

// e^-64 rounded to double (mpmath): below x = -700, e^x = e^(x + 64) e^-64, and x + 64 is exact.
constexpr double e_minus_64 = 1.603810890548638e-28;

// The float terms at x (clamped to [-126, 4]): 2^64 u, and e = e^(-2u) with m = e - 1.
struct FloatTerms {
  explicit FloatTerms(float v) : x(std::min(kernels::clamp_magnitude(v, 126.0f), 4.0f)) {
    u_scaled = kernels::exp_scaled(x);
    const auto both = kernels::exp_and_expm1(std::max(u_scaled * -0x1p-63f, -88.0f));
    e = both.exp;
    m = both.expm1;
  }
  float tanh() const { return -m / (2 + m); }
  float x, u_scaled, e, m;
};

inline float float_value(float v) {
  const FloatTerms t(v);
  const float tiny = (t.x * t.u_scaled) * 0x1p-64f;
  return v > 4 ? v : v < -16 ? tiny : v * t.tanh();
}

inline float float_slope(float v) {
  constexpr float zero_hi = -1.07886f, zero_lo = -1.3985254e-08f;  // x0 = zero_hi + zero_lo
  const FloatTerms t(v);
  // tanh u + x u sech^2 u over one denominator: 1 + e = 2 + m.
  const float two_plus_m = 2 + t.m;
  const float main =
      (4 * t.x * (t.u_scaled * 0x1p-64f) * t.e - t.m * two_plus_m) / (two_plus_m * two_plus_m);
  const float tiny = ((1 + t.x) * t.u_scaled) * 0x1p-64f;
  const float d = (v - zero_hi) - zero_lo;
  const float near_zero =
      d * (0.35250363f + d * (0.32522714f + d * (0.107860394f + d * (-0.022897165f +
           d * (-0.045663472f + d * (-0.025023412f + d * -0.005136041f))))));
  const float slope = v > 4 ? 1.0f : v < -16 ? tiny : d > -0.3f && d < 0.3f ? near_zero : main;
  return v != v ? v : slope;
}

// Where the tables hold (above 4, f = x and f' = 1 as in the exact path).
constexpr neurite::simd::Span fast_span{tables::value_table.lo};

template <typename T>
class TanhExp {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "tanhExp",
                                      .summary = "x tanh(e^x): ReLU-like with a smooth dip",
                                      .init = neurite::Init::he};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, tables::value_table, fast_span, float_value,
                           [](const Floats& v, Floats& g) { g = v > 4 ? v : v * g; });
      return;
    }
    neurite::elementwise(x, y, [](T v) {
      const double d = v;
      if (d < -700) return T(d * std::exp(d + 64) * e_minus_64);
      return d > 4 ? v : T(d * std::tanh(std::exp(d)));
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, tables::slope_table, fast_span, float_slope,
                     [](const Floats& v, Floats& g) {
                       const Floats d = (v - tables::zero_hi) - tables::zero_lo;
                       g = v > 4 ? Floats{} + 1 : d * g;
                     });
      return;
    }
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
