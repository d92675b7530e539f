// SiLU: f(x) = x σ(x);  f'(x) = σ(x) (1 + x σ(-x)).
// Elfwing, Uchibe & Doya 2017 (arXiv:1702.03118); equal to torch.nn.functional.silu (Swish with
// beta = 1). σ is the stable sigmoid, so f and f' are finite at +-1000 and beyond.
// For x < 0, 1 + x σ(-x) is written (1 + x + e^x)/(1 + e^x): near the zero of f' (x = -1.278)
// the plain sum cancels two terms of size 1 and keeps an error of an ulp of 1; 1 + x is exact
// there, and the remaining error is an ulp of e^x. Below -700, e^x is scaled by e^64 so that
// results next to the subnormal range are rounded once. Double results come from these forms;
// float results from silu_float.hpp (fitted tables over [-16, 16) on processors with AVX-512,
// elsewhere sdk/kernels.hpp's silu and silu_slope, computed in float).
#include <neurite/sdk/plugin.hpp>

#include "silu_float.hpp"

namespace {

// e^-64 rounded to double (mpmath): below x = -700, e^x = e^(x + 64) e^-64, and x + 64 is exact.
constexpr double e_minus_64 = 1.603810890548638e-28;

double silu_slope(double x) {
  if (x < -700) return (1 + x) * std::exp(x + 64) * e_minus_64;
  if (x >= 0) return neurite::stable::sigmoid(x) * (1 + x * neurite::stable::sigmoid(-x));
  const double e = std::exp(x), d = 1 + e;
  return e * ((1 + x) + e) / (d * d);
}

template <typename T>
class Silu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "SiLU",
                                      .summary = "sigmoid-weighted linear unit x σ(x)",
                                      .init = neurite::Init::he};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      silu_float::forward(x, y);
    } else {
      neurite::elementwise(x, y, [](T v) {
        const double d = v;
        if (d < -700) return T(d * std::exp(d + 64) * e_minus_64);
        return T(d * neurite::stable::sigmoid(d));
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      silu_float::backward(x, dy, dx);
    } else {
      neurite::chain(x, dy, dx, [](T v) { return T(silu_slope(v)); });
    }
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Silu)
