// arctan: f(x) = atan(x);  f'(x) = 1/(1 + x^2). A user's own activation, built out of tree.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Arctan {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "arctan",
                                      .summary = "inverse tangent, range (-pi/2, pi/2)"};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    y = arma::atan(x);
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    // 1/(1 + x^2) overflows to 0 gracefully; x^2 = inf gives 0, the right limit.
    dx = dy / (T(1) + arma::square(x));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Arctan)
