// square: E = sum (y - t)^2 / (2N);  dE/dy = (y - t)/N.
// Summed over the outputs and averaged over the samples, as the seed's book does (= K/2 * mse).
// The sum is accumulated in double, so that a float batch of any size keeps its digits.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Square {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::loss,
                                      .name = "square",
                                      .aliases = {"square-error"},
                                      .summary = "half the squared error, summed over outputs",
                                      .input = neurite::InputKind::values};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    const T* a = y.memptr();
    const T* b = t.memptr();
    double sum = 0;
    for (arma::uword i = 0; i < y.n_elem; ++i) {
      const T d = a[i] - b[i];
      sum += double(d) * d;
    }
    return static_cast<T>(sum / (2.0 * double(y.n_cols)));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    dy = (y - t) / T(y.n_cols);
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Square)
