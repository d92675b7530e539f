// softmin, per column: y = softmax(-x), y_i = e^(m - x_i)/sum_j e^(m - x_j), m the column minimum;
// backward is the exact vector-Jacobian product dx = -y ⊙ (dy - <dy, y>), per column.
// From the seed; equal to torch.nn.functional.softmin (dim = the rows of a column).
// Traps as softmax: with y_t the largest entry, dy_i - <dy, y> = (dy_i - dy_t) +
// sum_(j != t) y_j (dy_t - dy_j), which keeps its digits when y_t is close to 1. Evaluated in
// double (scratch sized once, also holding -x) and rounded once; the backward recomputes y from
// x in double rather than use the rounded y.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Softmin {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "softmin",
                                      .summary = "softmax of the negated column",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) {
    softmin_wide(x);
    std::copy(wide_y_.begin(), wide_y_.end(), y.begin());
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) {
    softmin_wide(x);
    for (arma::uword c = 0; c < x.n_cols; ++c)
      neurite::stable::softmax_vjp_column(wide_y_.colptr(c), dy.colptr(c), dx.colptr(c), x.n_rows, -1.0);
  }

 private:
  // softmax(-x) in double, into wide_y_.
  void softmin_wide(const arma::Mat<T>& x) {
    negated_.set_size(x.n_rows, x.n_cols);
    wide_y_.set_size(x.n_rows, x.n_cols);
    std::transform(x.begin(), x.end(), negated_.begin(), [](T v) { return -double(v); });
    neurite::stable::softmax(negated_, wide_y_);
  }

  arma::mat negated_, wide_y_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Softmin)
