// softsign: f(x) = x/(1 + |x|);  f'(x) = 1/(1 + |x|)^2.
// Bergstra et al. 2009, as in the seed; equal to torch.nn.functional.softsign.
// f' squares the reciprocal rather than dividing by the square, which overflows (float: at
// |x| > 1.8e19) and would turn a representable derivative into 0.
// Evaluated in double for both element types and rounded once.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Softsign {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "softsign",
                                      .summary = "x/(1 + |x|), range (-1, 1)",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) {
      const double d = v;
      return T(d / (1 + std::abs(d)));
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) {
      const double r = 1 / (1 + std::abs(double(v)));
      return T(r * r);
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Softsign)
