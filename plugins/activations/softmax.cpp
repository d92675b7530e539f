// softmax, per column: y_i = e^(x_i - m)/sum_j e^(x_j - m), m the column maximum (no overflow).
// backward is the exact vector-Jacobian product dx = y ⊙ (dy - <dy, y>), per column.
// Equal to torch.softmax(dim = the rows of a column).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Softmax {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "softmax",
                                      .summary = "normalised exponentials of each column",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::stable::softmax(x, y);
  }
  void backward(const arma::Mat<T>&, const arma::Mat<T>& y, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    for (arma::uword c = 0; c < y.n_cols; ++c) {
      const T inner = arma::dot(dy.col(c), y.col(c));
      dx.col(c) = y.col(c) % (dy.col(c) - inner);
    }
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Softmax)
