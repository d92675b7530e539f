// log-cosh: d = y - t;  E = mean over all K*N entries of ln cosh d;  dE/dy = tanh(d)/(NK).
// cosh overflows at abs(d) > 89 (float) and 710 (double), and ln cosh d = ln(1 + (cosh d - 1))
// loses every digit of a small d; so two branches: log1p(2 sinh(d/2)^2) for abs(d) <= 1 (cosh d =
// 1 + 2 sinh^2(d/2) exactly), and abs(d) + log1p(e^(-2 abs(d))) - ln 2 beyond, exact at any size.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class LogCosh {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "log-cosh",
                                      .summary = "ln cosh of the error, averaged over all entries",
                                      .input = neurite::InputKind::values};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    const T ln2 = T(0.693147180559945309417232121458176568L);
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T d = std::abs(a[i] - b[i]);
      if (d <= T(1)) {
        const T s = std::sinh(d / T(2));
        sum += std::log1p(T(2) * s * s);
      } else {
        sum += (d - ln2) + std::log1p(std::exp(T(-2) * d));
      }
    }
    return static_cast<T>(sum / double(y.n_elem));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    T* out = dy.memptr();
    const T n = T(y.n_elem);
    for (arma::uword i = 0; i < y.n_elem; ++i) out[i] = std::tanh(a[i] - b[i]) / n;
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(LogCosh)
