// hinge: c = the class of the column; E = (1/N) sum_n (1/K) sum_{j != c} max(0, margin - z_c + z_j);
//   dE/dz_j = 1/(NK) where margin - z_c + z_j > 0, else 0 (j != c); dE/dz_c = -(count of those j)/(NK).
// Equal to torch.nn.functional.multi_margin_loss(p=1, margin) (reduction='mean'), whose default
// margin = 1 is kept: divided by K, the true class included. c is the row holding the 1 of a
// one-hot target, for other targets the first row holding the column maximum. A term of exactly 0
// counts as inactive. Each term is (z_j - z_c) + margin: the difference of two close logits is
// exact, where torch's (margin - z_c) + z_j rounds first and then cancels.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Hinge {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "hinge",
                                      .aliases = {"multi-margin"},
                                      .summary = "multi-class margin loss on logits",
                                      .input = neurite::InputKind::logits};
  static constexpr neurite::Param params[] = {neurite::real(
      "margin", 1.0, neurite::at_least(0.0), "how far the true logit must lead every other")};

  explicit Hinge(const neurite::Values& v) : margin_(v.get<T>("margin")) {}

  T value(const arma::Mat<T>& z, const arma::Mat<T>& t) const {
    double sum = 0;
    for (arma::uword col = 0; col < z.n_cols; ++col) {
      const T* x = z.colptr(col);
      const arma::uword c = target_class(t.colptr(col), t.n_rows);
      for (arma::uword j = 0; j < z.n_rows; ++j) {
        const T term = (x[j] - x[c]) + margin_;
        if (j != c && !(term <= T(0))) sum += term;  // a nan logit shows in the loss
      }
    }
    return static_cast<T>(sum / double(z.n_elem));
  }
  void gradient(const arma::Mat<T>& z, const arma::Mat<T>& t, arma::Mat<T>& dz) const {
    const T n = T(z.n_elem);
    const T step = T(1) / n;
    for (arma::uword col = 0; col < z.n_cols; ++col) {
      const T* x = z.colptr(col);
      T* out = dz.colptr(col);
      const arma::uword c = target_class(t.colptr(col), t.n_rows);
      arma::uword active = 0;
      for (arma::uword j = 0; j < z.n_rows; ++j) {
        const bool on = j != c && (x[j] - x[c]) + margin_ > T(0);
        out[j] = on ? step : T(0);
        active += on;
      }
      out[c] = -T(active) / n;
    }
  }

 private:
  static arma::uword target_class(const T* t, arma::uword k) {
    arma::uword c = 0;
    for (arma::uword i = 1; i < k; ++i)
      if (t[i] > t[c]) c = i;
    return c;
  }

  T margin_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Hinge)
