// ReLU6: f(x) = clip(x, 0, 6);  f'(x) = 1 if 0 < x < 6, else 0.
// From the seed (Krizhevsky 2010); equal to torch.nn.functional.relu6.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Relu6 {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "ReLU6",
                                      .summary = "ReLU capped at 6",
                                      .init = neurite::Init::he};
  static std::vector<double> kinks(const neurite::Values&) { return {0.0, 6.0}; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [](T v) { return v > 0 ? (v < 6 ? v : T(6)) : T(0); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [](T v) { return v > 0 && v < 6 ? T(1) : T(0); });
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Relu6)
