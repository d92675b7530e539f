// mse: E = sum (y - t)^2 / (NK);  dE/dy = 2(y - t)/(NK).
// Averaged over all K*N entries: equal to torch.nn.functional.mse_loss (reduction='mean').
// The sum is accumulated in double, so that a float batch of any size keeps its digits.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Mse {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "mse",
                                      .aliases = {"mean-squared-error"},
                                      .summary = "squared error averaged over all entries",
                                      .input = neurite::InputKind::values};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T d = a[i] - b[i];
      sum += double(d) * d;
    }
    return static_cast<T>(sum / double(y.n_elem));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    dy = (y - t) * (T(2) / T(y.n_elem));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Mse)
