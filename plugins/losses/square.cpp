// square: E = sum (y - t)^2 / (2N);  dE/dy = (y - t)/N.
// Summed over the outputs and averaged over the samples, as the seed's book does (= K/2 * mse).
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
    return arma::accu(arma::square(y - t)) / (T(2) * T(y.n_cols));
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    dy = (y - t) / T(y.n_cols);
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Square)
