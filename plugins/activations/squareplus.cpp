// squareplus: f(x) = (x + sqrt(x^2 + b))/2;  f'(x) = (1 + x/sqrt(x^2 + b))/2.
// Barron 2021 (arXiv:2112.11687), b = 4 as in the paper.
// With r = hypot(x, sqrt b): for x >= 0, f = x/2 + r/2 and f' = (1 + x/r)/2; for x < 0 the same
// quantities cancel, so they are rewritten as f = b/(2(r - x)) = (b/(2r))/(1 + |x|/r) and
// f' = b/(2r(r - x)) = f/r. The plain form is inf at 1e30 and 0 at -1e4 in float (the true value
// is 1e-4); these forms never overflow in an intermediate, even at +-1.7e308.
// Evaluated in double for both element types and rounded once.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Squareplus {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "squareplus",
                                      .summary = "smooth ReLU from a square root, no exponentials",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "b", 4.0, neurite::above(0.0), "curvature near 0: f(0) = sqrt(b)/2")};

  explicit Squareplus(const neurite::Values& v)
      : b_(v.get<double>("b")), root_b_(std::sqrt(b_)) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [this](T v) {
      const double d = v, r = std::hypot(d, root_b_);
      return T(d >= 0 ? d / 2 + r / 2 : negative(d, r));
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [this](T v) {
      const double d = v, r = std::hypot(d, root_b_);
      return T(d >= 0 ? (1 + d / r) / 2 : negative(d, r) / r);
    });
  }

 private:
  double negative(double x, double r) const { return b_ / (2 * r) / (1 - x / r); }

  double b_, root_b_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Squareplus)
