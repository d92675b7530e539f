// softmax-cross-entropy: from logits z, with t' = (1 - ls) t + ls/K,
//   E = -(1/N) sum t' ⊙ log_softmax(z);  dE/dz = (softmax(z) s - t')/N, s = column sum of t'.
// Equal to torch.nn.functional.cross_entropy(label_smoothing=ls): ls/K goes to every class, the
// true one included. log_softmax is x - m - log1p(s) (math.hpp), never the log of a stored
// softmax, so logits of ±1000 give exact losses. The sum is accumulated in double.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class SoftmaxCrossEntropy {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "softmax-cross-entropy",
                                      .aliases = {"softmax-with-loss"},
                                      .summary = "cross-entropy of the softmax of logits",
                                      .input = neurite::InputKind::logits};
  static constexpr neurite::Param params[] = {
      neurite::real("label_smoothing", 0.0, neurite::closed(0.0, 1.0),
                    "share of each target spread evenly over all classes")};

  explicit SoftmaxCrossEntropy(const neurite::Values& v)
      : smoothing_(v.get<T>("label_smoothing")) {}

  T value(const arma::Mat<T>& z, const arma::Mat<T>& t) {
    prepare(z, t);
    neurite::stable::log_softmax(z, work_);
    double sum = 0;
    for (arma::uword i = 0; i < z.n_elem; ++i) sum += double(smoothed_[i]) * work_[i];
    return static_cast<T>(-sum / double(z.n_cols));
  }
  void gradient(const arma::Mat<T>& z, const arma::Mat<T>& t, arma::Mat<T>& dz) {
    prepare(z, t);
    neurite::stable::softmax(z, work_);
    const T n = T(z.n_cols);
    for (arma::uword c = 0; c < z.n_cols; ++c) {
      const T* p = work_.colptr(c);
      const T* target = smoothed_.colptr(c);
      T* out = dz.colptr(c);
      T s = 0;
      for (arma::uword i = 0; i < z.n_rows; ++i) s += target[i];
      for (arma::uword i = 0; i < z.n_rows; ++i) out[i] = (p[i] * s - target[i]) / n;
    }
  }

 private:
  // Scratch sized once per batch shape: no allocation in the steady state.
  void prepare(const arma::Mat<T>& z, const arma::Mat<T>& t) {
    if (work_.n_rows != z.n_rows || work_.n_cols != z.n_cols) {
      work_.set_size(z.n_rows, z.n_cols);
      smoothed_.set_size(z.n_rows, z.n_cols);
    }
    if (smoothing_ == T(0)) smoothed_ = t;
    else smoothed_ = (T(1) - smoothing_) * t + smoothing_ / T(t.n_rows);
  }

  T smoothing_;
  arma::Mat<T> work_, smoothed_;  // log_softmax or softmax of z; the smoothed targets
};

}  // namespace

NEURITE_EXPORT_PLUGIN(SoftmaxCrossEntropy)
