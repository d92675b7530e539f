// focal: lp = log_softmax(z), p = e^lp, q = 1 - p;  E = -(1/N) sum t q^gamma lp.
//   dE/dz = (a - p sum_k a_k)/N per column, a = -t q^gamma (1 + gamma ρ), ρ = p (-lp)/q
//   (ρ = 1 where q = 0).
// Lin, Goyal, Girshick, He & Dollár 2017 (arXiv:1708.02002), softmax form without alpha, the
// paper's gamma = 2; gamma = 0 is softmax-cross-entropy. torchvision's sigmoid_focal_loss is the
// sigmoid form with alpha = 0.25, a different loss.
// From logits only: lp as in math.hpp (never the log of a stored softmax), q = -expm1(lp), which
// keeps the digits that 1 - p loses for a confident right answer, and ρ = 1 at q = 0 (its limit),
// so that no 0/0 arises at lp = 0. The sum is accumulated in double.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Focal {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "focal",
                                      .summary = "cross-entropy that discounts confident right answers",
                                      .input = neurite::InputKind::logits};
  static constexpr neurite::Param params[] = {neurite::real(
      "gamma", 2.0, neurite::at_least(0.0), "how strongly well-classified samples are discounted")};

  explicit Focal(const neurite::Values& v) : gamma_(v.get<T>("gamma")) {}

  T value(const arma::Mat<T>& z, const arma::Mat<T>& t) {
    prepare(z);
    const T* target = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < z.n_elem; ++i)
      if (target[i] != T(0))
        sum += double(target[i]) * std::pow(-std::expm1(log_p_[i]), gamma_) * log_p_[i];
    return static_cast<T>(-sum / double(z.n_cols));
  }
  void gradient(const arma::Mat<T>& z, const arma::Mat<T>& t, arma::Mat<T>& dz) {
    prepare(z);
    const arma::uword k = z.n_rows;
    const T n = T(z.n_cols);
    T* a = a_.memptr();
    for (arma::uword c = 0; c < z.n_cols; ++c) {
      const T* lp = log_p_.colptr(c);
      const T* target = t.colptr(c);
      T* out = dz.colptr(c);
      T sum = 0;
      for (arma::uword i = 0; i < k; ++i) {
        const T p = std::exp(lp[i]);
        const T q = -std::expm1(lp[i]);
        const T rho = q > T(0) ? p * -lp[i] / q : T(1);
        a[i] = -target[i] * std::pow(q, gamma_) * (T(1) + gamma_ * rho);
        sum += a[i];
      }
      for (arma::uword i = 0; i < k; ++i) out[i] = (a[i] - std::exp(lp[i]) * sum) / n;
    }
  }

 private:
  // Scratch sized once per batch shape: no allocation in the steady state.
  void prepare(const arma::Mat<T>& z) {
    if (log_p_.n_rows != z.n_rows || log_p_.n_cols != z.n_cols) {
      log_p_.set_size(z.n_rows, z.n_cols);
      a_.set_size(z.n_rows);
    }
    neurite::stable::log_softmax(z, log_p_);
  }

  T gamma_;
  arma::Mat<T> log_p_;
  arma::Col<T> a_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Focal)
