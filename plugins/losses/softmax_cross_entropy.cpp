// softmax-cross-entropy: from logits z, with t' = (1 - ls) t + ls/K,
//   E = -(1/N) sum t' ⊙ log_softmax(z);  dE/dz = (softmax(z) s - t')/N, s = column sum of t'.
// log_softmax is computed as x - m - log1p(s), never as the log of a stored softmax, so logits of
// ±1000 give exact losses. Equal to torch.nn.functional.cross_entropy(label_smoothing=ls).
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
    fit(z);
    neurite::stable::log_softmax(z, log_p_);
    smooth(t);
    return -arma::accu(smoothed_ % log_p_) / T(z.n_cols);
  }
  void gradient(const arma::Mat<T>& z, const arma::Mat<T>& t, arma::Mat<T>& dz) {
    fit(z);
    neurite::stable::softmax(z, log_p_);
    smooth(t);
    const T inv_n = T(1) / T(z.n_cols);
    for (arma::uword c = 0; c < z.n_cols; ++c)
      dz.col(c) = (log_p_.col(c) * arma::accu(smoothed_.col(c)) - smoothed_.col(c)) * inv_n;
  }

 private:
  void fit(const arma::Mat<T>& z) {
    if (log_p_.n_rows != z.n_rows || log_p_.n_cols != z.n_cols) {
      log_p_.set_size(z.n_rows, z.n_cols);
      smoothed_.set_size(z.n_rows, z.n_cols);
    }
  }
  void smooth(const arma::Mat<T>& t) {
    if (smoothing_ == T(0)) smoothed_ = t;
    else smoothed_ = (T(1) - smoothing_) * t + smoothing_ / T(t.n_rows);
  }

  T smoothing_;
  arma::Mat<T> log_p_, smoothed_;  // scratch, sized once per batch shape
};

}  // namespace

NEURITE_EXPORT_PLUGIN(SoftmaxCrossEntropy)
