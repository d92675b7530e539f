// softplus: f(x) = log(1 + e^(beta x))/beta = (max(z, 0) + log1p(e^-|z|))/beta, z = beta x;
// f'(x) = σ(z). Dugas et al. 2001, as in the seed; equal to torch.nn.functional.softplus below
// torch's switch. Departure from torch: it returns x once beta x > 20 (an error up to 2.1e-9/beta);
// here the exact value is kept everywhere.
// The stable form never overflows and keeps softplus(-50) = 1.9e-22 (not 0); softplus(1000) = 1000.
// beta x is rounded, and for z << 0 the result is about e^z, so that rounding would cost up to
// |z| ulp; the exact remainder of the product (a fused multiply-add) corrects it to first order.
// Double results keep the compensated form. Float results with beta = 1 (x itself is z) are
// computed in float by the kernels of sdk/kernels.hpp, on x clamped to +-104 where e^-|x| rounds
// to 0; with another beta in double, where the rounding of z costs at most 2e-14, by the plain
// stable form max(x, 0) + log1p(e^-|z|)/beta and σ(z), on z clamped to +-700. Both are
// branch-free, so that the loops vectorise. With beta = 1, over [-16, 16) on processors with
// AVX-512, fitted tables take their place (sdk/piecewise.hpp: tables/softplus.hpp, and σ from
// tables/sigmoid.hpp).
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/sigmoid.hpp"
#include "tables/softplus.hpp"

namespace {

namespace kernels = neurite::kernels;

constexpr neurite::simd::Span fast_span{-16, 16};

template <typename T>
class Softplus {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "softplus",
                                      .summary = "smooth ReLU log(1 + e^(beta x))/beta",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "beta", 1.0, neurite::above(0.0), "sharpness: larger is closer to ReLU")};

  explicit Softplus(const neurite::Values& v) : beta_(v.get<double>("beta")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      if (beta_ == 1) {
        neurite::elementwise(x, y, neurite_tables::softplus::value_table, fast_span, [](float v) {
          const float e = kernels::exp_nonpositive(-std::fabs(kernels::clamp_magnitude(v, 104.0f)));
          return v != v ? v : (v > 0 ? v : 0.0f) + kernels::log1p_unit(e);
        });
        return;
      }
      neurite::elementwise(x, y, [b = beta_, inv = 1 / beta_](float v) {
        const double a = std::fabs(kernels::clamp_magnitude(b * double(v), 700));
        const double positive_part = v > 0 ? v : 0.0f;
        return v != v ? v : float(positive_part + kernels::log1p(kernels::exp(-a)) * inv);
      });
    } else {
      neurite::elementwise(x, y, [this](T v) {
        const double d = v, z = beta_ * d;
        // beta x beyond the double range: the function is x there, or 0.
        if (std::isnan(z)) return v;
        if (!std::isfinite(z)) return d > 0 ? v : T(0);
        const double r = std::fma(beta_, d, -z);
        return T((neurite::stable::softplus(z) + neurite::stable::sigmoid(z) * r) / beta_);
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      if (beta_ == 1) {
        neurite::chain(x, dy, dx, neurite_tables::sigmoid::value_table, fast_span, [](float v) {
          const float e = kernels::exp_nonpositive(-std::fabs(kernels::clamp_magnitude(v, 104.0f)));
          return v != v ? v : (v > 0 ? 1.0f : e) / (1 + e);
        });
        return;
      }
      neurite::chain(x, dy, dx, [b = beta_](float v) {
        const double z = kernels::clamp_magnitude(b * double(v), 700);
        return v != v ? v : float(1 / (1 + kernels::exp(-z)));
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) {
        const double d = v, z = beta_ * d;
        if (std::isnan(z)) return v;
        if (!std::isfinite(z)) return d > 0 ? T(1) : T(0);
        const double r = std::fma(beta_, d, -z);
        const double s = neurite::stable::sigmoid(z);
        return T(s + s * neurite::stable::sigmoid(-z) * r);
      });
    }
  }

 private:
  double beta_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Softplus)
