// PReLU: f(x) = x for x >= 0, a_r x otherwise, one learnable slope a_r per input row r;
// f'(x) = 1 for x > 0, a_r otherwise; dE/da_r = sum over the batch of dy min(x, 0).
// He et al. 2015 (arXiv:1502.01852); init = 0.25 as in the paper and torch. One slope per unit,
// unlike torch's default num_parameters = 1; equal to torch.nn.functional.prelu when the slopes
// are equal. The slopes are sized from the layer width and updated by the layer's optimizer.
// The parameter gradient is summed in double, so a float batch does not lose the small terms.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Prelu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "PReLU",
                                      .summary = "leaky ReLU with a learnable slope per unit",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "init", 0.25, neurite::closed_open(0.0, 1.0), "initial slope for negative inputs")};
  static std::vector<double> kinks(const neurite::Values&) { return {0.0}; }

  explicit Prelu(const neurite::Values& v) : init_(v.get<T>("init")) {}

  // The rows x 1 slopes; (re)initialised to `init` on first use and when the width changes.
  arma::Mat<T>& parameters(arma::uword rows) {
    if (slopes_.n_rows != rows || slopes_.n_cols != 1) {
      slopes_.set_size(rows, 1);
      slopes_.fill(init_);
    }
    return slopes_;
  }
  const arma::Mat<T>& parameter_gradient() const { return gradient_; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) {
    const T* a = parameters(x.n_rows).memptr();
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* in = x.colptr(c);
      T* out = y.colptr(c);
      for (arma::uword r = 0; r < x.n_rows; ++r) out[r] = in[r] >= 0 ? in[r] : a[r] * in[r];
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) {
    const T* a = parameters(x.n_rows).memptr();
    sums_.zeros(x.n_rows);
    for (arma::uword c = 0; c < x.n_cols; ++c) {
      const T* in = x.colptr(c);
      const T* g = dy.colptr(c);
      T* out = dx.colptr(c);
      for (arma::uword r = 0; r < x.n_rows; ++r) {
        out[r] = in[r] > 0 ? g[r] : a[r] * g[r];
        if (in[r] < 0) sums_[r] += double(g[r]) * double(in[r]);
      }
    }
    gradient_.set_size(x.n_rows, 1);
    std::copy(sums_.begin(), sums_.end(), gradient_.begin());
  }

 private:
  T init_;
  arma::Mat<T> slopes_, gradient_;
  arma::vec sums_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Prelu)
