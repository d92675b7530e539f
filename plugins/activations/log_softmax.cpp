// log-softmax, per column: y = x - m - log sum_j e^(x_j - m), m the column maximum;
// backward: dx = dy - softmax(x) sum_i dy_i, per column (the exact vector-Jacobian product).
// From the seed; equal to torch.nn.functional.log_softmax (dim = the rows of a column).
// Traps: y is x - m - log1p(s), s the sum of e^(x_j - m) over every j but the first maximum
// (neurite::stable::log_softmax), never the log of a softmax output; the plain log of the sum
// loses the largest entry ([40, 0] gives 0 instead of -4.2e-18); log-softmax([1000, 0]) =
// [0, -1000]. In the backward, softmax(x) comes from x, not from e^y; at the first maximum t,
// dy_t - p_t D (D = sum dy) is computed as (s/(1 + s)) D - sum_(j != t) dy_j whenever p_t > 1/2,
// which keeps the digits that dy_t - p_t D loses when p_t is close to 1. Float is evaluated in
// double (scratch sized once) and rounded once: in float, x_j - m is rounded and
// e^(x_j - m) loses |x_j - m| ulp.
#include <type_traits>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class LogSoftmax {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "log-softmax",
                                      .summary = "logarithm of the softmax of each column",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) {
    if constexpr (std::is_same_v<T, double>) {
      neurite::stable::log_softmax(x, y);
    } else {
      wide_x_.set_size(x.n_rows, x.n_cols);
      wide_y_.set_size(x.n_rows, x.n_cols);
      std::copy(x.begin(), x.end(), wide_x_.begin());
      neurite::stable::log_softmax(wide_x_, wide_y_);
      std::copy(wide_y_.begin(), wide_y_.end(), y.begin());
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) {
    const arma::uword n = x.n_rows;
    e_.set_size(n);
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* in = x.colptr(c);
      const T* g = dy.colptr(c);
      T* out = dx.colptr(c);
      arma::uword top = 0;
      for (arma::uword i = 1; i < n; ++i)
        if (in[i] > in[top]) top = i;
      const double m = in[top];
      double s = 0, total = 0, others = 0;  // s as in the forward; total = D
      for (arma::uword i = 0; i < n; ++i) {
        total += g[i];
        if (i == top) continue;
        s += (e_[i] = std::exp(double(in[i]) - m));
        others += g[i];
      }
      const double inv = 1 / (1 + s);
      for (arma::uword i = 0; i < n; ++i)
        if (i != top) out[i] = T(double(g[i]) - e_[i] * inv * total);
      out[top] = T(s < 1 ? s * inv * total - others : double(g[top]) - inv * total);
    }
  }

 private:
  arma::mat wide_x_, wide_y_;
  arma::vec e_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(LogSoftmax)
