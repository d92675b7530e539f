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
// f = x or -0 and f' = 1 or 0, exact in both precisions. Evaluated in double for both element
// types and rounded once.
#include <neurite/sdk/plugin.hpp>

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
      : form_(v.choice("approximate") == "tanh" ? tanh_form : erf_form) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [f = form_](T v) { return T(f(v).f); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [f = form_](T v) { return T(f(v).df); });
  }

 private:
  Gelu (*form_)(double);
};

}  // namespace

NEURITE_EXPORT_PLUGIN(GeluActivation)
