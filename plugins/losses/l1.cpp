// l1: E = sum abs(y - t) / (NK);  dE/dy = sign(y - t)/(NK), sign(0) = 0.
// Averaged over all K*N entries: equal to torch.nn.functional.l1_loss (reduction='mean').
// At y = t the loss has a kink; the gradient there is 0, as torch's.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class L1 {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "l1",
                                      .aliases = {"mae"},
                                      .summary = "absolute error averaged over all entries",
                                      .input = neurite::InputKind::values};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) sum += std::abs(a[i] - b[i]);
    return static_cast<T>(sum / double(y.n_elem));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    T* out = dy.memptr();
    const T step = T(1) / T(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T d = a[i] - b[i];
      out[i] = d > 0 ? step : (d < 0 ? -step : d);  // d is 0 there, or nan, which passes on
    }
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(L1)
