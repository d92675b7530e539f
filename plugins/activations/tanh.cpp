// tanh: f(x) = tanh x;  f'(x) = 1 - tanh^2 x = 4 e^(-2|x|)/(1 + e^(-2|x|))^2.
// The exponential form keeps relative accuracy where 1 - tanh^2 cancels (|x| > 5).
// Equal to torch.tanh. Float results over [-8, 8) come from fitted tables (sdk/piecewise.hpp,
// tables/tanh.hpp: f = x g keeps tanh's zero exact) on processors with AVX-512.
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/tanh.hpp"

namespace {

namespace tables = neurite_tables::tanh;
using neurite::simd::Floats;

constexpr neurite::simd::Span fast_span{-8, 8};

template <typename T>
class Tanh {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "tanh",
                                      .summary = "hyperbolic tangent, range (-1, 1)",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, tables::value_table, fast_span, [](T v) { return std::tanh(v); },
                         [](const Floats& v, Floats& g) { g *= v; });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, tables::slope_table, fast_span, [](T v) {
      const T e = std::exp(T(-2) * std::abs(v));
      const T d = T(1) + e;
      return T(4) * e / (d * d);
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Tanh)
