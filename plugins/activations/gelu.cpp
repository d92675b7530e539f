// GELU: approximate = none: f(x) = x Φ(x) = x erfc(-x/sqrt 2)/2, f'(x) = Φ(x) + x φ(x);
// approximate = tanh: f(x) = x σ(2u), u = sqrt(2/pi) (x + 0.044715 x^3),
// f'(x) = σ(2u) + 2x σ(2u) σ(-2u) u', u' = sqrt(2/pi) (1 + 3 * 0.044715 x^2).
// Hendrycks & Gimpel 2016 (arXiv:1606.08415); equal to torch.nn.functional.gelu with the same
// `approximate`, whose default (the exact erf form) is also torch's. The two forms differ by up to
// 4.7e-4 (at x = +-2.70).
// Traps: x (1 + erf)/2 and x (1 + tanh u)/2 cancel for x < 0, hence erfc and σ(2u). In the
// negative tails both values fall like e^(-x^2/2) and e^(2u), so an ulp lost in x/sqrt 2, in x^2
// or in 2u costs tens of ulp; these are carried as unevaluated sums hi + lo (fused
// multiply-adds and constants split in two) and corrected to first order. Beyond |x| = 40
// (erf form) and 1e4 (tanh form, where x^3 would overflow float and make f' = 0 * inf = nan),
// f = x or -0 and f' = 1 or 0, exact in both precisions. Double is evaluated so, and rounded
// once. Float is evaluated in float, at most 4.5e-7 off (measured on every 97th float), with
// the same traps met differently (x^2/2 split exactly, 2u in double; see below), branch-free so
// that the loops vectorise. A double loop would not be fast: one double division or libm call
// per element costs more than the rest. On processors with AVX-512, blocks of inputs in [-4, 4)
// take fitted tables for the erf form instead (sdk/piecewise.hpp, tables/gelu.hpp): f = x Φ and
// f' = (x - x0) h, twice as fast and no less accurate.
#include <algorithm>
#include <bit>
#include <cstdint>

#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/gelu.hpp"


namespace {

// Constants as hi + lo, from mpmath at 60 digits.
constexpr double inv_sqrt2_hi = 0.7071067811865476, inv_sqrt2_lo = -4.833646656726457e-17;
constexpr double two_over_sqrt_pi = 1.1283791670955126;
constexpr double inv_sqrt_2pi = 0.3989422804014327;
constexpr double k1_hi = 1.5957691216057308, k1_lo = -9.96930880911092e-17;     // 2 sqrt(2/pi)
constexpr double k3_hi = 0.07135481627260025, k3_lo = -6.175149918155315e-19;   // k1 * 0.044715

struct Gelu {
  double f, df;
};

Gelu erf_form(double x) {
  if (x > 40) return {x, 1};
  if (x < -40) return {-0.0, -0.0};
  const double z = x * inv_sqrt2_hi;
  const double z_lo = std::fma(x, inv_sqrt2_hi, -z) + x * inv_sqrt2_lo;  // x/sqrt 2 = z + z_lo
  const double sq = x * x, sq_lo = std::fma(x, x, -sq);
  const double g = std::exp(-sq / 2) * (1 - sq_lo / 2);                    // e^(-x^2/2)
  const double cdf = (std::erfc(-z) + two_over_sqrt_pi * g * z_lo) / 2;   // Φ(x)
  return {x * cdf, cdf + x * g * inv_sqrt_2pi};
}

Gelu tanh_form(double x) {
  if (std::abs(x) > 1e4) return x > 0 ? Gelu{x, 1} : Gelu{-0.0, 0};
  const double x2 = x * x, x2_lo = std::fma(x, x, -x2);
  const double x3 = x2 * x, x3_lo = std::fma(x2, x, -x3) + x2_lo * x;
  const double p1 = k1_hi * x, p1_lo = std::fma(k1_hi, x, -p1) + k1_lo * x;
  const double p3 = k3_hi * x3, p3_lo = std::fma(k3_hi, x3, -p3) + (k3_hi * x3_lo + k3_lo * x3);
  const double v = p1 + p3, b = v - p1;                                    // 2u = v + v_lo
  const double v_lo = (p1 - (v - b)) + (p3 - b) + (p1_lo + p3_lo);
  const double s = neurite::stable::sigmoid(v), c = neurite::stable::sigmoid(-v);
  const double gate = s + s * c * v_lo, shut = c - s * c * v_lo;          // σ(2u), σ(-2u)
  return {x * gate, gate * (1 + x * shut * (k1_hi + 3 * k3_hi * x2))};
}

namespace kernels = neurite::kernels;
namespace tables = neurite_tables::gelu;
using neurite::simd::Floats;

// Where the erf form's tables hold; outside, the kernels below.
constexpr neurite::simd::Span fast_span{tables::value_table.lo, -tables::value_table.lo};

// erf form in float. With a = |x| (at most 16, beyond which Phi(-a) x rounds to 0),
// e = e^(-a^2/2) and the Mills ratio M(a) = Phi(-a)/phi(a), Phi(-a) = e M(a)/sqrt(2 pi).
// M = 1/(a + R(a)) = Q/(a Q + P), R = P/Q fitted to 8e-10 of M on [0, 16]
// (tests/reference/gelu/mills_ratio.py): R's rounding errors are damped by R/(a + R), where a
// plain rational for M loses 5 ulp. a^2/2 is carried
// exactly: a = ah + al with ah holding 12 bits, so that ah^2 is exact and 2 ah al + al^2 is a
// small remainder.
struct ErfTerms {
  ErfTerms(float v, float far) {
    const float a = std::min(std::abs(v), far);
    const float ah = std::bit_cast<float>(std::bit_cast<std::uint32_t>(a) & 0xfffff000u);
    const float al = a - ah, sq = ah * ah, rest = (ah + ah + al) * al;
    const float kd = sq * -0.72134752f + kernels::exp_shift, k = kd - kernels::exp_shift;
    const float r = ((sq * -0.5f - k * 0.693359375f) - rest * 0.5f) - k * -2.12194440e-4f;
    e64 = kernels::exp_scaled_reduced(kd, r);
    const float rp =
        0.7978846f +
        a * (0.50624377f + a * (0.16785789f + a * (0.030298728f + a * 0.0025491358f)));
    const float rq =
        1 + a * (1.0899122f +
                 a * (0.5701363f + a * (0.17270507f + a * (0.030309858f + a * 0.0025489226f))));
    mills = rq / (a * rq + rp) * 0.3989423f;
  }
  float e64, mills;  // 2^64 e^(-a^2/2), M(a)/sqrt(2 pi)
};

// Phi(x) x: for x >= 0, x - x Phi(-x), the correction at most half; for x < 0, x Phi(-|x|).
// Beyond |x| = far the terms are those of far: there f = x or -0 (x Phi(x) is below the least
// subnormal from x = -14 on), not x times them (-1e30 would give -6e-28, +inf nan).
inline float gelu_erf_float(float v, float far) {
  const ErfTerms t(v, far);
  const float tail64 = t.e64 * t.mills;
  const float positive = v > far ? v : v - v * (tail64 * 0x1p-64f);
  const float negative = v < -far ? -0.0f : (v * tail64) * 0x1p-64f;
  return v >= 0 ? positive : negative;
}

// Phi(x) + x phi(x) = 1 + e (x/sqrt(2 pi) - M) for x >= 0 and e (x/sqrt(2 pi) + M) for x < 0
// (M here the scaled ratio above), free of cancellation except around the zero x0 = -0.7518,
// where f' = d P(d), d = x - x0 (x0 split in two floats), P fitted to 1.2e-8 on [-1.6, -0.25]
// (tests/reference/gelu/slope_zero.py).
inline float gelu_erf_slope_float(float v, float far) {
  const ErfTerms t(v, far);
  const float c = std::min(std::max(v, -far), far) * 0.3989423f;
  const float d = (v - -0.75179154f) - 1.211445e-08f;
  const float p =
      0.431494f +
      d * (0.388285f +
           d * (-0.018199122f +
                d * (-0.1140082f +
                     d * (-0.014781197f +
                          d * (0.019412966f +
                               d * (0.0045918957f +
                                    d * (-0.0021603971f + d * -0.00081489206f)))))));
  return v >= 0 ? 1 + (t.e64 * 0x1p-64f) * (c - t.mills)
         : v > -1.6f && v < -0.25f ? d * p
                                    : (t.e64 * (c + t.mills)) * 0x1p-64f;
}

// tanh form in float. v = 2u = x (k1 + k3 x^2) and its reduction for e^-|v| are computed in
// double, where x^2 is exact and v keeps its digits (an ulp of v would cost |v| ulp of e^-|v|);
// the rest is float. x is clamped to [-11.5, 11.5], where sigma(2u) rounds to 0 or 1.
struct TanhTerms {
  TanhTerms(float v, float far) : x(std::min(std::max(v, -far), far)) {
    const double d = x, w = d * (d * d * k3_hi + k1_hi), aw = std::abs(w);
    const double kd = aw * -1.4426950408889634 + 0x1.8p52, k = kd - 0x1.8p52;
    const float r = float(k * -0.6931471805599453 - aw);
    e64 = kernels::exp_scaled_reduced(float(k) + kernels::exp_shift, r);
    e = e64 * 0x1p-64f;
  }
  float x, e64, e;  // clamped x, 2^64 E and E = e^-|2u|
};

// x sigma(2u): x/(1 + E) for x >= 0, x E/(1 + E) for x < 0; one division. Below -far, -0 (E
// is that of the clamped x there, and x E would not vanish for x near -1e30).
inline float gelu_tanh_float(float v, float far) {
  const TanhTerms t(v, far);
  const bool up = v >= 0;
  const float q = (up ? 1.0f : t.e64) / (1 + t.e);
  const float negative = v < -far ? -0.0f : (v * q) * 0x1p-64f;
  return up ? v * q : negative;
}

// sigma + x sigma(1 - sigma) v' with v' = k1 + 3 k3 x^2 and sigma(1 - sigma) = E/(1 + E)^2:
// 1 + E (x v' - 1 - E)/(1 + E)^2 for x >= 0, E (1 + E + x v')/(1 + E)^2 for x < 0; around the
// zero x0 = -0.7525, f' = d P(d) as for the erf form (1.7e-8 on [-1.6, -0.25]).
inline float gelu_tanh_slope_float(float v, float far) {
  const TanhTerms t(v, far);
  const float x = t.x, e1 = 1 + t.e;
  const float xv = x * (float(k1_hi) + float(3 * k3_hi) * (x * x));
  const bool up = v >= 0;
  const float q = (up ? t.e * (xv - e1) : t.e64 * (e1 + xv)) / (e1 * e1);
  const float d = (v - -0.75246143f) - 1.1339628e-08f;
  const float p =
      0.43040007f +
      d * (0.38751844f +
           d * (-0.015782105f +
                d * (-0.11394326f +
                     d * (-0.016631568f +
                          d * (0.019660324f +
                               d * (0.0053213616f +
                                    d * (-0.0022890512f + d * -0.0009881996f)))))));
  return up ? 1 + q : v > -1.6f && v < -0.25f ? d * p : q * 0x1p-64f;
}

template <typename T>
class GeluActivation {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "GELU",
                                      .summary = "Gaussian error linear unit x Φ(x)",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {
      neurite::choice("approximate", {"none", "tanh"}, 0,
                      "none: the exact erf form; tanh: the tanh approximation")};

  explicit GeluActivation(const neurite::Values& v)
      : tanh_(v.choice("approximate") == "tanh"), form_(tanh_ ? tanh_form : erf_form) {}

  // The float bounds travel as data: with literal bounds GCC evaluates the unclamped lanes too
  // and selects afterwards, which costs more than a min and a max.
  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      const auto tanh_float = [far = 11.5f](T v) { return gelu_tanh_float(v, far); };
      const auto erf_float = [far = 16.0f](T v) { return gelu_erf_float(v, far); };
      if (tanh_)
        neurite::elementwise(x, y, tanh_float);
      else
        neurite::elementwise(x, y, tables::value_table, fast_span, erf_float,
                             [](const Floats& v, Floats& g) { g *= v; });
    } else {
      neurite::elementwise(x, y, [f = form_](T v) { return T(f(v).f); });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      const auto tanh_float = [far = 11.5f](T v) { return gelu_tanh_slope_float(v, far); };
      const auto erf_float = [far = 16.0f](T v) { return gelu_erf_slope_float(v, far); };
      if (tanh_)
        neurite::chain(x, dy, dx, tanh_float);
      else
        neurite::chain(x, dy, dx, tables::slope_table, fast_span, erf_float,
                       [](const Floats& v, Floats& g) {
                         g *= (v - tables::zero_hi) - tables::zero_lo;
                       });
    } else {
      neurite::chain(x, dy, dx, [f = form_](T v) { return T(f(v).df); });
    }
  }

 private:
  bool tanh_;
  Gelu (*form_)(double);
};

}  // namespace

NEURITE_EXPORT_PLUGIN(GeluActivation)
