// PReLU: f(x) = x for x >= 0, a_r x otherwise, one learnable slope a_r per input row r;
// f'(x) = 1 for x > 0, a_r otherwise; dE/da_r = sum over the batch of dy min(x, 0).
// He et al. 2015 (arXiv:1502.01852); init = 0.25 as in the paper and torch. One slope per unit,
// unlike torch's default num_parameters = 1; equal to torch.nn.functional.prelu when the slopes
// are equal. The slopes are sized from the layer width and updated by the layer's optimizer.
// The parameter gradient is summed in double, so a float batch does not lose the small terms.
// The loops run down each column with the slopes alongside, branch-free (a skipped term adds +0,
// which leaves every sum as it was), in clones for AVX-512, AVX2 and the baseline, so that they
// vectorise; the sums keep their order, and the results their bits.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
NEURITE_VECTOR_CLONES void prelu_forward(const T* __restrict in, const T* __restrict a,
                                         T* __restrict out, arma::uword rows, arma::uword cols) {
  for (arma::uword c = 0; c < cols; ++c, in += rows, out += rows)
#pragma GCC ivdep
    for (arma::uword r = 0; r < rows; ++r) out[r] = in[r] >= 0 ? in[r] : a[r] * in[r];
}

// dx = dy where x > 0, a dy elsewhere; sums[r] += dy x over the x < 0 of row r.
template <typename T>
NEURITE_VECTOR_CLONES void prelu_backward(const T* __restrict in, const T* __restrict g,
                                          const T* __restrict a, T* __restrict out,
                                          double* __restrict sums, arma::uword rows,
                                          arma::uword cols) {
  for (arma::uword c = 0; c < cols; ++c, in += rows, g += rows, out += rows)
#pragma GCC ivdep
    for (arma::uword r = 0; r < rows; ++r) {
      const T v = in[r], d = g[r];
      out[r] = v > 0 ? d : a[r] * d;
      sums[r] += v < 0 ? double(d) * double(v) : 0.0;
    }
}

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
    prelu_forward(x.memptr(), a, y.memptr(), x.n_rows, x.n_cols);
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) {
    const T* a = parameters(x.n_rows).memptr();
    sums_.zeros(x.n_rows);
    prelu_backward(x.memptr(), dy.memptr(), a, dx.memptr(), sums_.memptr(), x.n_rows, x.n_cols);
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
