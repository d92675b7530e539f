// tanh: f(x) = tanh x;  f'(x) = 1 - tanh^2 x = 4 e^(-2|x|)/(1 + e^(-2|x|))^2.
// The exponential form keeps relative accuracy where 1 - tanh^2 cancels (|x| > 5).
// Equal to torch.tanh.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Tanh {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "tanh",
                                      .summary = "hyperbolic tangent, range (-1, 1)",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) { return std::tanh(v); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) {
      const T e = std::exp(T(-2) * std::abs(v));
      const T d = T(1) + e;
      return T(4) * e / (d * d);
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Tanh)
