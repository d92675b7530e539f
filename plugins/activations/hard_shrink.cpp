// hard-shrink: f(x) = x if |x| > lambda, else 0;  f'(x) = 1 if |x| > lambda, else 0.
// From the seed; equal to torch.nn.functional.hardshrink (lambd = 0.5).
// The comparison is made in double against the double lambda, so a float input is kept or
// zeroed exactly as its exact value would be, whatever lambda rounds to in float.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class HardShrink {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "hard-shrink",
                                      .summary = "zeroes inputs within lambda of 0, keeps the rest",
                                      .init = neurite::Init::xavier};
  static constexpr neurite::Param params[] = {neurite::real(
      "lambda", 0.5, neurite::at_least(0.0), "half-width of the band around 0 set to 0")};
  // f jumps at +-lambda; with lambda = 0 it is the identity.
  static std::vector<double> kinks(const neurite::Values& v) {
    const double lambda = v.get<double>("lambda");
    if (lambda == 0) return {};
    return {-lambda, lambda};
  }

  explicit HardShrink(const neurite::Values& v) : lambda_(v.get<double>("lambda")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [l = lambda_](T v) { return std::abs(double(v)) > l ? v : T(0); });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx,
                   [l = lambda_](T v) { return std::abs(double(v)) > l ? T(1) : T(0); });
  }

 private:
  double lambda_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(HardShrink)
