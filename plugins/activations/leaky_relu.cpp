// leaky-ReLU: f(x) = x for x >= 0, alpha x otherwise;  f'(x) = 1 for x > 0, alpha for x < 0.
// Maas, Hannun & Ng 2013; equal to torch.nn.functional.leaky_relu (whose alpha is negative_slope).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class LeakyRelu {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "leaky-ReLU",
                                      .summary = "ReLU with a small slope alpha for negative inputs",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "alpha", 0.01, neurite::closed_open(0.0, 1.0), "slope for negative inputs")};
  static std::vector<double> kinks(const neurite::Values&) { return {0.0}; }

  explicit LeakyRelu(const neurite::Values& v) : alpha_(v.get<T>("alpha")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [a = alpha_](T v) { return v >= 0 ? v : a * v; });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [a = alpha_](T v) { return v > 0 ? T(1) : a; });
  }

 private:
  T alpha_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(LeakyRelu)
