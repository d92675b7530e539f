// nll: E = -(1/N) sum t ⊙ y over log-probabilities y;  dE/dy = -t/N.
// Equal to torch.nn.functional.nll_loss (reduction='mean') for one-hot targets. Terms with t = 0
// are skipped, as torch reads only the target's entry, so a log-probability of -inf under a zero
// target costs nothing instead of giving 0 * -inf = nan. Soft targets weight every class.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Nll {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "nll",
                                      .summary = "negative log-likelihood of log-probabilities",
                                      .input = neurite::InputKind::log_probabilities};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* log_p = y.memptr();
    const T* target = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i)
      if (target[i] != T(0)) sum += double(target[i]) * log_p[i];
    return static_cast<T>(-sum / double(y.n_cols));
  }
  void gradient(const arma::Mat<T>&, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    dy = t * (T(-1) / T(t.n_cols));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Nll)
