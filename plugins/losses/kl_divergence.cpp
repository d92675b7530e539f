// kl-divergence: E = (1/N) sum over t > 0 of t (ln t - y), y log-probabilities;  dE/dy = -t/N.
// Equal to torch.nn.functional.kl_div(y, t, reduction='batchmean'): divided by the N samples, not
// by N*K as torch's default 'mean' does. Terms with t = 0 contribute 0 (0 ln 0 = 0, torch's
// convention), never 0 * (-inf) = nan.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class KlDivergence {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "kl-divergence",
                                      .summary = "relative entropy of the targets to log-probabilities",
                                      .input = neurite::InputKind::log_probabilities};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* log_p = y.memptr();
    const T* target = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i)
      if (target[i] > T(0)) sum += double(target[i]) * (std::log(target[i]) - log_p[i]);
    return static_cast<T>(sum / double(y.n_cols));
  }
  void gradient(const arma::Mat<T>&, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    dy = t * (T(-1) / T(t.n_cols));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(KlDivergence)
