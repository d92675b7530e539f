// ReLU: f(x) = max(0, x);  f'(x) = 1 for x > 0, else 0 (kink at 0).
// Nair & Hinton 2010; equal to torch.nn.functional.relu.
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
    y = arma::clamp(x, T(0), std::numeric_limits<T>::max());
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx = dy % arma::conv_to<arma::Mat<T>>::from(x > T(0));
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Relu)
