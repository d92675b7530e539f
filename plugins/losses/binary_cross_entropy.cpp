// binary-cross-entropy: E = -(1/(NK)) sum [t max(ln y, -100) + (1 - t) max(ln(1 - y), -100)];
//   dE/dy = (y - t)/(NK max(y(1 - y), 1e-12f)).
// Equal to torch.nn.functional.binary_cross_entropy (reduction='mean'), clamps included: torch 1.13
// cuts each log term at -100 and y(1 - y) at the float32 constant 1e-12 (also in double), so that
// y = 0 and y = 1 give a finite loss and gradient; the gradient is exact wherever
// y(1 - y) >= 1e-12. ln(1 - y) is log1p(-y), which keeps the digits of a small y. Targets may be
// soft (0 <= t <= 1).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class BinaryCrossEntropy {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "binary-cross-entropy",
                                      .aliases = {"bce"},
                                      .summary = "cross-entropy of independent sigmoid outputs",
                                      .input = neurite::InputKind::sigmoid_probabilities};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* p = y.memptr();
    const T* target = t.memptr();
    const T floor = T(-100);
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T log_p = std::max(std::log(p[i]), floor);
      const T log_q = std::max(std::log1p(-p[i]), floor);
      sum += double(target[i]) * log_p + double(T(1) - target[i]) * log_q;
    }
    return static_cast<T>(-sum / double(y.n_elem));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    const T* p = y.memptr();
    const T* target = t.memptr();
    T* out = dy.memptr();
    const T eps = static_cast<T>(1e-12f);
    const T n = T(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i)
      out[i] = (p[i] - target[i]) / (n * std::max(p[i] * (T(1) - p[i]), eps));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(BinaryCrossEntropy)
