// Swish: f(x) = x σ(beta x);  f'(x) = σ(beta x) (1 + beta x σ(-beta x)).
// Ramachandran, Zoph & Le 2017 (arXiv:1710.05941), beta = 1 as in the seed (then it is SiLU);
// beta = 0 gives x/2. σ is the stable sigmoid, so f and f' are finite at +-1000.
// With z = beta x: for z < 0, 1 + z σ(-z) is written (1 + z + e^z)/(1 + e^z), which keeps its
// digits next to the zero of f' (z = -1.278). z itself is rounded, and for z << 0 both f and f'
// behave like e^z, so that rounding would cost up to |z| ulp; the exact remainder of the product
// (a fused multiply-add) corrects both to first order; next to the zero of f', f' is evaluated in
// long double, and below z = -700, e^z is scaled by e^64 so that results next to the subnormal
// range are rounded once. Double results come from these forms. Float results with beta = 1
// are SiLU's, from silu_float.hpp; with another beta they are computed in double by
// the plain stable form x/(1 + e^-z), f' = (q + z e^-z)/q^2 with q = 1 + e^-z, on z clamped to
// +-200 (beyond it a float result is x, 1 or 0 either way; the rounding of z costs at most
// 2e-14), by the double kernels of sdk/kernels.hpp. Both are branch-free, so that the loops
// vectorise.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/plugin.hpp>

#include "silu_float.hpp"

namespace {

namespace kernels = neurite::kernels;

// e^-64 rounded to double (mpmath): below z = -700, e^z = e^(z + 64) e^-64, and z + 64 is exact.
constexpr double e_minus_64 = 1.603810890548638e-28;

// f' as a function of z: σ(z)(1 + z σ(-z)), and its derivative
// σ(z)σ(-z)(2 + z(σ(-z) - σ(z))).
template <typename R>
R slope(R z) {
  if (z >= 0) return neurite::stable::sigmoid(z) * (1 + z * neurite::stable::sigmoid(-z));
  const R e = std::exp(z), d = 1 + e;
  return e * ((1 + z) + e) / (d * d);
}
double curvature(double z) {
  const double s = neurite::stable::sigmoid(z), c = neurite::stable::sigmoid(-z);
  return s * c * (2 + z * (c - s));
}

template <typename T>
class Swish {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "Swish",
                                      .summary = "x σ(beta x): self-gated, between x/2 and ReLU",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "beta", 1.0, neurite::at_least(0.0), "sharpness of the gate: 0 gives x/2")};

  explicit Swish(const neurite::Values& v) : beta_(v.get<double>("beta")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      if (beta_ == 1) {
        silu_float::forward(x, y);
        return;
      }
      neurite::elementwise(x, y, [b = beta_](float v) {
        const double d = v;
        return float(d / (1 + kernels::exp(-kernels::clamp_magnitude(b * d, 200))));
      });
    } else {
      neurite::elementwise(x, y, [this](T v) {
        const double d = v, z = beta_ * d;
        // beta x beyond the double range: the gate is exactly 1 or 0 there.
        if (!std::isfinite(z)) return d > 0 ? v : T(-0.0);
        const double r = std::fma(beta_, d, -z);
        if (z < -700) return T(d * (std::exp(z + 64) * (1 + r)) * e_minus_64);
        const double s = neurite::stable::sigmoid(z);
        return T(d * (s + s * neurite::stable::sigmoid(-z) * r));
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      if (beta_ == 1) {
        silu_float::backward(x, dy, dx);
        return;
      }
      // Next to the zero of f' (z = -1.278), 1 + e^-z (1 + z) cancels, to an absolute error near
      // 1e-14 in f', far inside the float target there (1e-7).
      neurite::chain(x, dy, dx, [b = beta_](float v) {
        const double z = kernels::clamp_magnitude(b * double(v), 200);
        const double e = kernels::exp(-z), q = 1 + e;
        return float((q + z * e) / (q * q));
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) {
        const double d = v, z = beta_ * d;
        if (!std::isfinite(z)) return d > 0 ? T(1) : T(0);
        const double r = std::fma(beta_, d, -z);
        if (z < -700) return T((1 + z) * (std::exp(z + 64) * (1 + r)) * e_minus_64);
        // Next to the zero of f' the rounding of e^z alone is an ulp of 0.28, which a small beta
        // turns into more than 1e-13 relative at 1e-3 from the zero in x; long double holds
        // z + r and e^z to 11 bits more.
        if (z > -1.6 && z < -1.0) return T(slope((long double)z + r));
        return T(slope(z) + curvature(z) * r);
      });
    }
  }

 private:
  double beta_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Swish)
