// sigmoid: f(x) = 1/(1 + e^-x);  f'(x) = σ(x) σ(-x).
// The derivative comes from x, not from y(1 - y): 1 - y is 0 in floating point for x > 37.
// Equal to torch.sigmoid. Float results over [-16, 16) come from fitted tables
// (sdk/piecewise.hpp, tables/sigmoid.hpp) on processors with AVX-512.
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/sigmoid.hpp"

namespace {

namespace tables = neurite_tables::sigmoid;
constexpr neurite::simd::Span fast_span{-16, 16};

template <typename T>
class Sigmoid {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "sigmoid",
                                      .aliases = {"logistic"},
                                      .summary = "logistic function 1/(1 + e^-x), range (0, 1)",
                                      .init = neurite::Init::xavier};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, tables::value_table, fast_span,
                         [](T v) { return neurite::stable::sigmoid(v); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, tables::slope_table, fast_span, [](T v) {
      return neurite::stable::sigmoid(v) * neurite::stable::sigmoid(-v);
    });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Sigmoid)
