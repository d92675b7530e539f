// ReLU: f(x) = max(0, x);  f'(x) = 1 for x > 0, else 0 (kink at 0).
// Nair & Hinton 2010; equal to torch.nn.functional.relu.
// backward writes straight into dx: a mask matrix converted per call would allocate every batch.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Relu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "ReLU",
                                      .summary = "passes positive inputs, zeroes negative ones",
                                      .init = neurite::Init::he};
  static std::vector<double> kinks(const neurite::Values&) { return {0.0}; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) { return v > 0 ? v : T(0); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) { return v > 0 ? T(1) : T(0); });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Relu)
