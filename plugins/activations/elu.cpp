// ELU: f(x) = x for x > 0, alpha expm1(x) otherwise;  f'(x) = 1 for x > 0, alpha e^x otherwise.
// Clevert, Unterthiner & Hochreiter 2015 (arXiv:1511.07289); equal to torch.nn.functional.elu.
// expm1, because e^x - 1 loses its digits for small |x|; the derivative comes from x, because
// alpha + y keeps about 3 digits at x = -30. ELU(-1000) = -alpha, with f' = 0, no nan.
// Double results come from std::expm1/exp. Float results are computed in float (alpha rounded
// to float, as in torch's float32 elu) by the kernels of sdk/kernels.hpp (below an ulp) on x
// clamped to [-88, 0] or [-104, 0], where expm1 is -1 and e^x rounds to 0, and branch-free, so
// that the loops vectorise.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/plugin.hpp>

namespace {

namespace kernels = neurite::kernels;

template <typename T>
class Elu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "ELU",
                                      .summary = "identity for x > 0, saturates to -alpha below",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "alpha", 1.0, neurite::above(0.0), "size of the negative saturation")};
  // f' is continuous at 0 only when alpha = 1.
  static std::vector<double> kinks(const neurite::Values& v) {
    if (v.get<double>("alpha") == 1.0) return {};
    return {0.0};
  }

  explicit Elu(const neurite::Values& v) : alpha_(v.get<double>("alpha")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, [a = float(alpha_)](float v) {
        const float below = kernels::expm1_nonpositive(kernels::clamp_nonpositive(v, -88.0f));
        return v != v ? v : v > 0 ? v : a * below;
      });
    } else {
      neurite::elementwise(x, y, [a = alpha_](T v) {
        return v > 0 ? v : T(a * std::expm1(double(v)));
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, [a = float(alpha_)](float v) {
        const float below = kernels::exp_nonpositive(kernels::clamp_nonpositive(v, -104.0f));
        return v != v ? v : v > 0 ? 1.0f : a * below;
      });
    } else {
      neurite::chain(x, dy, dx, [a = alpha_](T v) {
        return v > 0 ? T(1) : T(a * std::exp(double(v)));
      });
    }
  }

 private:
  double alpha_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Elu)
