// smooth-l1: d = y - t;  E = mean over all K*N entries of 0.5 d^2/beta (abs(d) < beta),
//   abs(d) - 0.5 beta (otherwise);  dE/dy = clip(d/beta, -1, 1)/(NK).
// Equal to torch.nn.functional.smooth_l1_loss(beta) (reduction='mean'), whose default beta = 1 is
// kept; it is huber(delta = beta) divided by beta.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class SmoothL1 {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "smooth-l1",
                                      .summary = "absolute error with a quadratic piece below beta",
                                      .input = neurite::InputKind::values};
  static constexpr neurite::Param params[] = {neurite::real(
      "beta", 1.0, neurite::above(0.0), "width of the quadratic piece around d = 0")};

  explicit SmoothL1(const neurite::Values& v) : beta_(v.get<T>("beta")) {}

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T d = std::abs(a[i] - b[i]);
      sum += d < beta_ ? T(0.5) * d * d / beta_ : d - T(0.5) * beta_;
    }
    return static_cast<T>(sum / double(y.n_elem));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    T* out = dy.memptr();
    const T n = T(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i)
      out[i] = std::clamp((a[i] - b[i]) / beta_, T(-1), T(1)) / n;
  }

 private:
  T beta_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(SmoothL1)
