#pragma once
// Branch-free kernels for the float paths of activations, inline arithmetic only, so that a float
// loop over them vectorises without a call: exp, expm1 and log1p in double (relative error 1e-13,
// for results whose argument is rounded, such as beta x) and in float (below one to three ulp,
// 16 lanes a vector instead of 8, for results whose argument is exact), SiLU and its slope, and
// the float threshold equal to a double one. glibc's vector exp (libmvec, which math.hpp
// declares) took 1.5 times as long as the double kernel on the benchmark machine; the exact
// double paths keep std:: and libmvec. No range checks: clamp the argument first
// (clamp_magnitude, clamp_nonpositive), on the bits rather than with a compare and select, which
// lets GCC duplicate a whole kernel for the clamped constants. sdk.kernels tests each against
// glibc.
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace neurite::kernels {

namespace detail {

constexpr double round_shift = 0x1.8p52;  // x/ln2 + round_shift keeps round(x/ln2) in its low bits
constexpr double log2_e = 1.4426950408889634, ln2 = 0.6931471805599453;

// (e^r - 1)/r for |r| <= ln2/2: a degree-8 Chebyshev fit, relative error 9e-14, exactly 1 at 0.
inline double expm1_ratio(double r) {
  double q = 2.762511557828763e-06;
  q = q * r + 2.4876178959085513e-05;
  q = q * r + 0.00019841208732536384;
  q = q * r + 0.001388882165071769;
  q = q * r + 0.008333333353729397;
  q = q * r + 0.0416666668910917;
  q = q * r + 0.1666666666664829;
  q = q * r + 0.49999999999797773;
  return q * r + 1.0;
}

// m 2^k for the k in t's low 12 bits: adds k to m's exponent field.
inline double times_power_of_two(double m, double t) {
  return std::bit_cast<double>(std::bit_cast<std::uint64_t>(m) +
                               (std::bit_cast<std::uint64_t>(t) << 52));
}

}  // namespace detail

// e^x = 2^k (1 + r q(r)), k = round(x/ln2), |r| <= ln2/2. For |x| <= 708.
inline double exp(double x) {
  const double t = x * detail::log2_e + detail::round_shift, k = t - detail::round_shift;
  const double r = x - k * detail::ln2;
  return detail::times_power_of_two(1 + r * detail::expm1_ratio(r), t);
}

// e^x - 1 = 2^k (e^r - 1) - (1 - 2^k): small x keep their relative accuracy, -0 stays -0.
// For |x| <= 708.
inline double expm1(double x) {
  const double t = x * detail::log2_e + detail::round_shift, k = t - detail::round_shift;
  const double r = x - k * detail::ln2;
  const double s = detail::times_power_of_two(1.0, t);
  return s * (r * detail::expm1_ratio(r)) - (1 - s);
}

// log(1 + u) for 0 <= u <= 1, as 2 atanh(s) with s = u/(2 + u), or as log 2 + 2 atanh(s) with
// s = (u - 1)/(u + 3) where 1 + u > sqrt 2, so that |s| <= 0.1716; atanh(s)/s = 1 + s^2 R(s^2)
// with R a degree-4 Chebyshev fit (relative error 1e-13). Small u keep their relative accuracy.
inline double log1p(double u) {
  const double high = u > 0.41421356237309503 ? 1.0 : 0.0;
  const double s = (u - high) / (u + (2 + high)), t = s * s;
  double p = 0.09681388418373767;
  p = p * t + 0.11095697246587528;
  p = p * t + 0.1428587731786638;
  p = p * t + 0.19999999398424337;
  p = p * t + 0.33333333333687726;
  return high * detail::ln2 + 2 * s * (1 + t * p);
}

// Float kernels, for functions whose float result needs no more than a float's own precision in
// e^x and log1p.
namespace detail {

// x/ln2 + round_shift_f keeps round(x/ln2) in its low bits.
constexpr float round_shift_f = 0x1.8p23f;

// e^r - 1 for |r| <= ln2/2: r + r^2 P(r), P fitted for relative error 3e-9.
inline float expm1_small(float r) {
  const float r2 = r * r;
  const float low = 0.49999994f + r * 0.16666521f, high = 0.041668389f + r * 0.0083687147f;
  return r + r2 * (low + r2 * (high + r2 * 0.0013814544f));
}

// r = x - k ln2 with ln2 in two parts, k ln2_hi exact for |k| < 2^12; t = round(x/ln2) + shift.
inline float reduce(float x, float t) {
  const float k = t - round_shift_f;
  return (x - k * 0.693359375f) - k * -2.12194440e-4f;
}

// 2^(k + bias) for the k in t's low bits.
inline float power_of_two(float t, int bias) {
  return std::bit_cast<float>((std::bit_cast<std::uint32_t>(t) << 23) +
                              (std::uint32_t(127 + bias) << 23));
}

}  // namespace detail

// The pieces of exp_scaled, for a caller that reduces its argument itself (GELU carries -x^2/2
// in two parts): t = y/ln2 + exp_shift holds k = round(y/ln2) in its low bits, and
// exp_scaled_reduced(t, r) = 2^(k + 64) e^r for r = y - k ln2.
constexpr float exp_shift = detail::round_shift_f;
inline float exp_scaled_reduced(float t, float r) {
  const float scale = detail::power_of_two(t, 64);
  return scale + scale * detail::expm1_small(r);
}

// e^x 2^64 for -130 <= x <= 40: a normal float even where e^x is subnormal or below a float's
// reach, so that a product with it, scaled back by 2^-64, is rounded once. About 1 ulp.
inline float exp_scaled(float x) {
  const float t = x * 1.44269504f + exp_shift;
  return exp_scaled_reduced(t, detail::reduce(x, t));
}

// e^x for -130 <= x <= 0 (0 below about -104), a subnormal result rounded once.
inline float exp_nonpositive(float x) { return exp_scaled(x) * 0x1p-64f; }

// e^x - 1 = 2^k (e^r - 1) + (2^k - 1) for -88 <= x <= 0: small x keep their relative accuracy,
// -0 stays -0. About 1.5 ulp.
inline float expm1_nonpositive(float x) {
  const float t = x * 1.44269504f + detail::round_shift_f;
  const float scale = detail::power_of_two(t, 0);
  const float result = scale * detail::expm1_small(detail::reduce(x, t)) + (scale - 1);
  return x == 0 ? x : result;
}

// e^x and e^x - 1 together for -88 <= x <= 0, from one reduction: each keeps its relative
// accuracy where the other, derived from it, would not (1 + expm1 x as x -> -88, e^x - 1 near 0).
struct ExpAndExpm1 {
  float exp, expm1;
};
inline ExpAndExpm1 exp_and_expm1(float x) {
  const float t = x * 1.44269504f + detail::round_shift_f;
  const float scale = detail::power_of_two(t, 0), q = detail::expm1_small(detail::reduce(x, t));
  return {scale + scale * q, x == 0 ? x : scale * q + (scale - 1)};
}

// log(1 + u) for 0 <= u <= 1, the float counterpart of log1p above: 2 atanh(s) with s = u/(2 + u)
// up to u = 0.7, log 2 + 2 atanh(s) with s = (u - 1)/(u + 3) above, where the two terms cancel
// less than at sqrt 2 - 1 (|s| <= 0.26; atanh(s)/s to its t^5 term, the next below 1e-9). Below
// 3 ulp, most of it the rounding of 2 + u; small u keep their relative accuracy.
inline float log1p_unit(float u) {
  const float high = u > 0.7f ? 1.0f : 0.0f;
  const float s = (u - high) / (u + (2 + high)), t = s * s;
  const float p =
      0.33333334f + t * (0.2f + t * (0.14285715f + t * (0.11111111f + t * 0.09090909f)));
  return high * 0.693147182f + 2 * s * (1 + t * p);
}

// z with its magnitude limited to m > 0, sign kept (nan becomes +-m): positive numbers order as
// their bit patterns do.
inline double clamp_magnitude(double z, double m) {
  const std::uint64_t b = std::bit_cast<std::uint64_t>(z), sign = std::uint64_t(1) << 63;
  return std::bit_cast<double>(std::min(b & ~sign, std::bit_cast<std::uint64_t>(m)) | (b & sign));
}
inline float clamp_magnitude(float v, float m) {
  const std::uint32_t b = std::bit_cast<std::uint32_t>(v), sign = std::uint32_t(1) << 31;
  return std::bit_cast<float>(std::min(b & ~sign, std::bit_cast<std::uint32_t>(m)) | (b & sign));
}

// v limited to [lowest, 0] (lowest < 0; -0 kept): as unsigned bit patterns negative floats order
// by magnitude above every positive one, and as signed ones every float orders up to 0.
inline float clamp_nonpositive(float v, float lowest) {
  const std::uint32_t b =
      std::min(std::bit_cast<std::uint32_t>(v), std::bit_cast<std::uint32_t>(lowest));
  return std::bit_cast<float>(std::min(std::bit_cast<std::int32_t>(b), 0));
}

// SiLU x σ(x) in float, for SiLU and Swish with beta = 1: x/(1 + e^-x) for x > 0, and
// x e^x/(1 + e^x) below, with e^x scaled by 2^64 so that a subnormal result is rounded once.
inline float silu(float v) {
  const float a = clamp_magnitude(v, 126.0f);
  const float e_scaled = exp_scaled(-std::fabs(a)), q = 1 + e_scaled * 0x1p-64f;
  const float negative = v < -126.0f ? -0.0f : (v * e_scaled / q) * 0x1p-64f;
  return v > 0 ? v / q : negative;
}

// Its slope σ(x)(1 + x σ(-x)): (q + x e^-x)/q^2 for x >= 0 and e^x (1 + x + e^x)/q^2 below,
// q = 1 + e^-|x|. Within 0.3 of the zero x0 of the slope a float e^x would leave 1e-6 relative
// only beyond 0.013 from it, so there it is d P(d), d = x - x0 and P a degree-6 fit (relative
// error 1.4e-8; tests/reference/slope_zero_fit.py silu fits it). nan stays nan.
inline float silu_slope(float v) {
  constexpr float zero_hi = -1.2784646f, zero_lo = 1.29792825e-08f;  // x0 = zero_hi + zero_lo
  const float a = clamp_magnitude(v, 126.0f);
  const float e_scaled = exp_scaled(-std::fabs(a)), e = e_scaled * 0x1p-64f, q = 1 + e;
  const float positive = (q + a * e) / (q * q);
  const float negative = (e_scaled * ((1 + a) + e) / (q * q)) * 0x1p-64f;
  const float d = (v - zero_hi) - zero_lo;
  const float near_zero =
      d * (0.2178117f + d * (0.14664881f + d * (0.018874781f + d * (-0.015223932f +
           d * (-0.0066054333f + d * (0.00015528181f + d * 0.00078563776f))))));
  const float slope = v >= 0 ? positive : d > -0.3f && d < 0.3f ? near_zero : negative;
  return v != v ? v : slope;
}

// The largest float not above t: for every float v, v > t exactly when v > float_below(t), so a
// float loop can compare in float, as many lanes at once as its arithmetic has.
inline float float_below(double t) {
  const float f = static_cast<float>(t);
  return double(f) > t ? std::nextafter(f, -std::numeric_limits<float>::infinity()) : f;
}

}  // namespace neurite::kernels
