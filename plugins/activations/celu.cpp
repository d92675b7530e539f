// CELU: f(x) = x for x > 0, alpha expm1(x/alpha) otherwise;  f'(x) = 1 for x > 0, e^(x/alpha)
// otherwise. Barron 2017 (arXiv:1704.07483); equal to torch.nn.functional.celu.
// expm1 keeps the digits of small |x|, and the derivative comes from x, never from y/alpha + 1.
// x/alpha is rounded, and e^u turns an absolute error d in u into a relative error d: at
// u = -700 that is 8e-14. The remainder x - u alpha is exact as a fused multiply-add, so
// u + remainder/alpha carries x/alpha to about 32 digits and one first-order term corrects
// both exponentials. Double results keep that compensated form. Float results with alpha = 1
// (u = x, exact) are computed in float by the kernels of sdk/kernels.hpp; with another alpha in
// double by the plain form on u = x (1/alpha) clamped to [-708, 0] (a float needs no remainder:
// the rounding of u costs at most 2e-14 where e^u is a float above 0), by the double kernels.
// Both are branch-free, so that the loops vectorise.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/plugin.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>

namespace {

namespace kernels = neurite::kernels;

// u = min(x, 0)/alpha (-0 kept) limited to -708, on the bits: floats order by their signed
// representations up to 0, negative doubles by their unsigned ones. A compare and select would let
// GCC duplicate the kernel for the clamped constants.
inline double scaled_nonpositive(float v, double inverse_alpha) {
  const float x = std::bit_cast<float>(std::min(std::bit_cast<std::int32_t>(v), 0));
  const double u = x * inverse_alpha;
  return std::bit_cast<double>(
      std::min(std::bit_cast<std::uint64_t>(u), std::uint64_t(0xc086200000000000)));  // -708
}

template <typename T>
class Celu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "CELU",
                                      .summary = "ELU with e^(x/alpha): continuous derivative",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "alpha", 1.0, neurite::above(0.0), "size of the negative saturation")};

  explicit Celu(const neurite::Values& v) : alpha_(v.get<double>("alpha")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      if (alpha_ == 1) {
        neurite::elementwise(x, y, [](float v) {
          const float below = kernels::expm1_nonpositive(kernels::clamp_nonpositive(v, -88.0f));
          return v != v ? v : v > 0 ? v : below;
        });
        return;
      }
      neurite::elementwise(x, y, [a = alpha_, inv = 1 / alpha_](float v) {
        return v != v ? v : v > 0 ? v : float(a * kernels::expm1(scaled_nonpositive(v, inv)));
      });
    } else {
      neurite::elementwise(x, y, [this](T v) {
        const double d = v;
        if (d > 0) return v;
        const double u = d / alpha_, r = residue(d, u);
        return T(alpha_ * (std::expm1(u) + std::exp(u) * r));
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      if (alpha_ == 1) {
        neurite::chain(x, dy, dx, [](float v) {
          const float below = kernels::exp_nonpositive(kernels::clamp_nonpositive(v, -104.0f));
          return v != v ? v : v > 0 ? 1.0f : below;
        });
        return;
      }
      neurite::chain(x, dy, dx, [inv = 1 / alpha_](float v) {
        return v != v ? v : v > 0 ? 1.0f : float(kernels::exp(scaled_nonpositive(v, inv)));
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) {
        const double d = v;
        if (d > 0) return T(1);
        const double u = d / alpha_, r = residue(d, u);
        return T(std::exp(u) * (1 + r));
      });
    }
  }

 private:
  // x/alpha - u, from the exact remainder x - u alpha; 0 where e^u underflows anyway (and u may
  // be infinite).
  double residue(double x, double u) const {
    return u > -746 ? std::fma(-u, alpha_, x) / alpha_ : 0.0;
  }

  double alpha_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Celu)
