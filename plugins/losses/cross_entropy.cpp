// cross-entropy: E = -(1/N) sum over t > 0 of t ln y;  dE/dy = -t/(N y), 0 where t = 0.
// The seed's loss on probabilities (softmax outputs), summed over classes and averaged over
// samples. Terms with t = 0 are skipped, never computed as 0 * ln 0 = nan, so a probability of
// exactly 0 under a zero target costs nothing; under a positive target the loss is +inf, the true
// value. To train from logits use softmax-cross-entropy, which never takes the log of a rounded
// probability.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class CrossEntropy {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "cross-entropy",
                                      .summary = "negative log-likelihood of probabilities",
                                      .input = neurite::InputKind::probabilities};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* p = y.memptr();
    const T* target = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i)
      if (target[i] > T(0)) sum += double(target[i]) * std::log(p[i]);
    return static_cast<T>(-sum / double(y.n_cols));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    const T* p = y.memptr();
    const T* target = t.memptr();
    T* out = dy.memptr();
    const T n = T(y.n_cols);
    for (arma::uword i = 0; i < y.n_elem; ++i)
      out[i] = target[i] > T(0) ? -target[i] / (n * p[i]) : T(0);
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(CrossEntropy)
