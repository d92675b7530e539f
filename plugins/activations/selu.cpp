// SELU: f(x) = lambda x for x > 0, lambda alpha expm1(x) otherwise;
// f'(x) = lambda for x > 0, lambda alpha e^x otherwise.
// Klambauer et al. 2017 (arXiv:1706.02515); the defaults are PyTorch's exact doubles
// (scale 1.0507009873554804934..., alpha 1.6732632423543772848...), so it equals
// torch.nn.functional.selu. expm1 keeps the digits of small |x|; the derivative comes from x,
// never from y. SELU(-1000) = -lambda alpha = -1.7580993408473766.
// Departure from the seed: it rounds the constants to 1.0507 and 1.67326.
// Double results come from std::expm1/exp. Float results are computed in float, with the
// constants rounded to float as torch's float32 selu does, by the kernels of sdk/kernels.hpp
// (below an ulp) on x clamped to [-88, 0] or [-104, 0], where expm1 is -1 and e^x rounds to 0,
// and branch-free, so that the loops vectorise.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/plugin.hpp>

namespace {

namespace kernels = neurite::kernels;

template <typename T>
class Selu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "SELU",
                                      .summary = "scaled ELU whose activations self-normalise",
                                      .init = neurite::Init::lecun};
  static constexpr neurite::Param params[] = {
      neurite::real("lambda", 1.0507009873554805, neurite::above(0.0), "overall scale"),
      neurite::real("alpha", 1.6732632423543772, neurite::above(0.0),
                    "size of the negative saturation before scaling")};
  // lambda alpha e^0 meets lambda at 0 only when alpha = 1.
  static std::vector<double> kinks(const neurite::Values& v) {
    if (v.get<double>("alpha") == 1.0) return {};
    return {0.0};
  }

  explicit Selu(const neurite::Values& v)
      : lambda_(v.get<double>("lambda")), scale_(lambda_ * v.get<double>("alpha")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, [l = float(lambda_), s = float(scale_)](float v) {
        const float below = kernels::expm1_nonpositive(kernels::clamp_nonpositive(v, -88.0f));
        return v != v ? v : v > 0 ? l * v : s * below;
      });
    } else {
      neurite::elementwise(x, y, [this](T v) {
        const double d = v;
        return T(d > 0 ? lambda_ * d : scale_ * std::expm1(d));
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, [l = float(lambda_), s = float(scale_)](float v) {
        const float below = kernels::exp_nonpositive(kernels::clamp_nonpositive(v, -104.0f));
        return v != v ? v : v > 0 ? l : s * below;
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) {
        const double d = v;
        return T(d > 0 ? lambda_ : scale_ * std::exp(d));
      });
    }
  }

 private:
  double lambda_, scale_;  // scale_ = lambda alpha
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Selu)
