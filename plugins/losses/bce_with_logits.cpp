// bce-with-logits: E = mean over all K*N entries of max(z, 0) - z t + log1p(e^-abs(z));
//   dE/dz = (σ(z) - t)/(NK).
// Equal to torch.nn.functional.binary_cross_entropy_with_logits (reduction='mean'). The loss is
// binary-cross-entropy of σ(z) without ever forming σ(z), so it needs no clamp: logits of ±1000
// give the exact loss. Each term is summed as two non-negative parts, z (1 - t) or -z t plus the
// softplus tail; the gradient is (1 - t) - σ(-z) for z >= 0, so that σ(z) - 1 for a confident
// right answer is σ(-z) to full relative accuracy. Targets may be soft (0 <= t <= 1).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class BceWithLogits {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "bce-with-logits",
                                      .summary = "binary cross-entropy computed from logits",
                                      .input = neurite::InputKind::logits};

  T value(const arma::Mat<T>& z, const arma::Mat<T>& t) const {
    const T* x = z.memptr();
    const T* target = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < z.n_elem; ++i) {
      const T linear = x[i] >= T(0) ? x[i] * (T(1) - target[i]) : -x[i] * target[i];
      sum += double(linear) + std::log1p(std::exp(-std::abs(x[i])));
    }
    return static_cast<T>(sum / double(z.n_elem));
  }
  void gradient(const arma::Mat<T>& z, const arma::Mat<T>& t, arma::Mat<T>& dz) const {
    const T* x = z.memptr();
    const T* target = t.memptr();
    T* out = dz.memptr();
    const T n = T(z.n_elem);
    for (arma::uword i = 0; i < z.n_elem; ++i)
      out[i] = (x[i] >= T(0) ? (T(1) - target[i]) - neurite::stable::sigmoid(-x[i])
                             : neurite::stable::sigmoid(x[i]) - target[i]) /
               n;
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(BceWithLogits)
