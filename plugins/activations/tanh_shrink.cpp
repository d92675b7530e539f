// tanh-shrink: f(x) = x - tanh x;  f'(x) = tanh^2 x.
// From the seed; equal to torch.nn.functional.tanhshrink, except near 0, where torch loses digits.
// x - tanh x cancels for small |x| (about 10 digits left at 1e-3, 195 ulp still at 0.1-0.15), so
// below |x| = 0.5 f is the Taylor series x^3/3 - 2x^5/15 + 17x^7/315 - ... = -sum a_k x^(2k+1)
// (a_k those of tanh) to x^35, which leaves a truncation error below 1.3e-17 relative at 0.5.
// Above 0.5 the difference loses at most a factor 13. Double results come from these forms.
// Float results are computed in float: tanh |x| = -m/(2 + m), m = expm1(-2|x|) from
// sdk/kernels.hpp (relative accuracy kept at small |x|, so f' = tanh^2 x is fine everywhere), and
// below |x| = 1, where the difference would lose more than a factor 3, f = x^3 R(x^2) with R a
// degree-7 fit of (x - tanh x)/x^3 on [0, 1] (relative error 3.7e-8, from mpmath).
// Branch-free, so that the loops vectorise. Over [-8, 8), on processors with AVX-512, fitted
// tables take their place (sdk/piecewise.hpp): f = x^3 g with g from tables/tanh_shrink.hpp, and
// f' = (x t)^2 with tanh x = x t, t from tables/tanh.hpp.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/tanh.hpp"
#include "tables/tanh_shrink.hpp"

namespace {

namespace kernels = neurite::kernels;
using neurite::simd::Floats;

constexpr neurite::simd::Span fast_span{-8, 8};

// The coefficients of x^3, x^5, ..., x^35 in x - tanh x: -2^(2n) (2^(2n) - 1) B_(2n)/(2n)! for
// n = 2..18, rounded to double (mpmath, 60 digits).
constexpr double series[] = {
    0.3333333333333333,      -0.13333333333333333,   0.05396825396825397,
    -0.021869488536155203,   0.008863235529902197,   -0.003592128036572481,
    0.0014558343870513183,   -0.000590027440945586,  0.00023912911424355248,
    -9.691537956929451e-05,  3.927832388331683e-05,  -1.5918905069328964e-05,
    6.451689215655431e-06,   -2.6147711512907546e-06, 1.0597268320104654e-06,
    -4.294911078273806e-07,  1.7406618963571648e-07};

double tanh_shrink(double x) {
  if (std::abs(x) >= 0.5) return x - std::tanh(x);
  const double x2 = x * x;
  double sum = 0;
  for (auto it = std::rbegin(series); it != std::rend(series); ++it) sum = sum * x2 + *it;
  return sum * x2 * x;
}

inline float float_tanh(float v) {
  const float m = kernels::expm1_nonpositive(std::max(-2 * std::fabs(v), -88.0f));
  const float t = -m / (2 + m);
  return v < 0 ? -t : t;
}

inline float float_tanh_shrink(float v) {
  const float s = v * v;
  const float r = 0.33333334f + s * (-0.13333316f + s * (0.05396398f + s * (-0.021832349f +
                  s * (0.008704785f + s * (-0.0032159258f + s * (0.0009295803f +
                  s * -0.0001444098f))))));
  return std::fabs(v) < 1 ? v * s * r : v - float_tanh(v);
}

template <typename T>
class TanhShrink {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "tanh-shrink",
                                      .summary = "x - tanh x: flat near 0, slope 1 far out",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, neurite_tables::tanh_shrink::value_table, fast_span,
                           float_tanh_shrink, [](const Floats& v, Floats& g) { g *= v * (v * v); });
      return;
    }
    neurite::elementwise(x, y, [](T v) { return T(tanh_shrink(v)); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      const auto square_of_tanh = [](const Floats& v, Floats& g) {
        const Floats tanh = v * g;
        g = tanh * tanh;
      };
      neurite::chain(x, dy, dx, neurite_tables::tanh::value_table, fast_span,
                     [](float v) {
                       const float t = float_tanh(v);
                       return t * t;
                     },
                     square_of_tanh);
      return;
    }
    neurite::chain(x, dy, dx, [](T v) {
      const double t = std::tanh(double(v));
      return T(t * t);
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(TanhShrink)
