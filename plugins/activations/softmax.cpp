// softmax, per column: y_i = e^(x_i - m)/sum_j e^(x_j - m), m the column maximum (no overflow);
// backward is the exact vector-Jacobian product dx = y ⊙ (dy - <dy, y>), per column.
// From the seed; equal to torch.softmax (dim = the rows of a column). softmax([1000, 0]) = [1, 0].
// Traps: with y_t the largest entry, dy_i - <dy, y> = (dy_i - dy_t) + sum_(j != t) y_j (dy_t -
// dy_j) (as the y sum to 1): the plain form subtracts two numbers close to dy_t when y_t is close
// to 1 and leaves dx_t = y_t (1 - y_t) dy_t with an error of an ulp of dy_t; this one keeps its
// digits.
// Float is evaluated in double (scratch sized once) and rounded once: in float, x_i - m is
// rounded and e^(x_i - m) then loses |x_i - m| ulp, 2e-6 relative at x = [50, 0.3]. The backward
// recomputes y from x in double rather than use the rounded y, whose last bits the sum above
// would magnify where it cancels.
#include <type_traits>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Softmax {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "softmax",
                                      .summary = "normalised exponentials of each column",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) {
    if constexpr (std::is_same_v<T, double>) {
      neurite::stable::softmax(x, y);
    } else {
      softmax_wide(x);
      std::copy(wide_y_.begin(), wide_y_.end(), y.begin());
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) {
    softmax_wide(x);
    for (arma::uword c = 0; c < x.n_cols; ++c)
      neurite::stable::softmax_vjp_column(wide_y_.colptr(c), dy.colptr(c), dx.colptr(c), x.n_rows);
  }

 private:
  // softmax(x) in double, into wide_y_.
  void softmax_wide(const arma::Mat<T>& x) {
    wide_y_.set_size(x.n_rows, x.n_cols);
    if constexpr (std::is_same_v<T, double>) {
      neurite::stable::softmax(x, wide_y_);
    } else {
      wide_x_.set_size(x.n_rows, x.n_cols);
      std::copy(x.begin(), x.end(), wide_x_.begin());
      neurite::stable::softmax(wide_x_, wide_y_);
    }
  }

  arma::mat wide_x_, wide_y_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Softmax)
