// huber: d = y - t;  E = mean over all K*N entries of 0.5 d^2 (abs(d) <= delta),
//   delta (abs(d) - 0.5 delta) (otherwise);  dE/dy = clip(d, -delta, delta)/(NK).
// Equal to torch.nn.functional.huber_loss(delta) (reduction='mean'), whose default delta = 1 is
// kept. Quadratic near 0 and linear beyond delta, so the gradient never grows past delta/(NK).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Huber {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "huber",
                                      .summary = "squared error near 0, absolute error beyond delta",
                                      .input = neurite::InputKind::values};
  static constexpr neurite::Param params[] = {neurite::real(
      "delta", 1.0, neurite::above(0.0), "where the loss turns from quadratic to linear")};

  explicit Huber(const neurite::Values& v) : delta_(v.get<T>("delta")) {}

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T d = std::abs(a[i] - b[i]);
      sum += d <= delta_ ? T(0.5) * d * d : delta_ * (d - T(0.5) * delta_);
    }
    return static_cast<T>(sum / double(y.n_elem));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    T* out = dy.memptr();
    const T n = T(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i)
      out[i] = std::clamp(a[i] - b[i], -delta_, delta_) / n;
  }

 private:
  T delta_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Huber)
