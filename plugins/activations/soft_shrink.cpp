// soft-shrink: f(x) = x - lambda for x > lambda, x + lambda for x < -lambda, else 0;
// f'(x) = 1 if |x| > lambda, else 0.
// From the seed; equal to torch.nn.functional.softshrink (lambd = 0.5).
// x -+ lambda is formed in double from the double lambda and rounded once, so a float result is
// the exact value correctly rounded even where x is close to lambda and the difference cancels.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class SoftShrink {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "soft-shrink",
                                      .summary = "moves inputs lambda towards 0, zeroing the band",
                                      .init = neurite::Init::xavier};
  static constexpr neurite::Param params[] = {neurite::real(
      "lambda", 0.5, neurite::at_least(0.0), "distance every input is moved towards 0")};
  static std::vector<double> kinks(const neurite::Values& v) {
    const double lambda = v.get<double>("lambda");
    if (lambda == 0) return {};
    return {-lambda, lambda};
  }

  explicit SoftShrink(const neurite::Values& v) : lambda_(v.get<double>("lambda")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [l = lambda_](T v) {
      const double d = v;
      return T(d > l ? d - l : d < -l ? d + l : 0.0);
    });
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

NEURITE_EXPORT_PLUGIN(SoftShrink)
