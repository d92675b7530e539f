// hard-sigmoid: f(x) = clip(slope x + offset, 0, 1);  f'(x) = slope if 0 < slope x + offset < 1,
// else 0. Defaults slope 0.2, offset 0.5 as the seed and Keras; torch's hardsigmoid is
// slope = 1/6 (torch's backward uses the float32 constant; the exact 1/6 is the target here).
// slope x + offset is one fused multiply-add in double: correctly rounded in double, and exact
// enough in float, also where it cancels next to the lower corner. Where it rounds onto a corner
// (torch's slope at x = 3 gives 0.99999999999999998, rounded to 1), f' follows the exact value:
// its error terms, recovered exactly, tell which side of the corner it lies on.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class HardSigmoid {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "hard-sigmoid",
                                      .summary = "piecewise-linear sigmoid clipped to [0, 1]",
                                      .init = neurite::Init::xavier};
  static constexpr neurite::Param params[] = {
      neurite::real("slope", 0.2, neurite::above(0.0), "slope of the linear part"),
      neurite::real("offset", 0.5, neurite::any(), "value at x = 0 before clipping")};
  // The corners, where slope x + offset reaches 0 and 1.
  static std::vector<double> kinks(const neurite::Values& v) {
    const double slope = v.get<double>("slope"), offset = v.get<double>("offset");
    return {-offset / slope, (1 - offset) / slope};
  }

  explicit HardSigmoid(const neurite::Values& v)
      : slope_(v.get<double>("slope")), offset_(v.get<double>("offset")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [this](T v) {
      const double z = std::fma(slope_, double(v), offset_);
      return T(z <= 0 ? 0.0 : z >= 1 ? 1.0 : z);
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [this, s = T(slope_)](T v) { return inside(v) ? s : T(0); });
  }

 private:
  // Whether 0 < slope x + offset < 1 holds for the exact value.
  bool inside(double x) const {
    const double z = std::fma(slope_, x, offset_);
    if (z != 0 && z != 1) return 0 < z && z < 1;
    // slope x + offset = a + b + e exactly: p + e = slope x, a + b = p + offset (two-sum).
    const double p = slope_ * x, e = std::fma(slope_, x, -p);
    const double a = p + offset_, w = a - p, b = (p - (a - w)) + (offset_ - w);
    const double beyond = (a - z) + (b + e);  // the exact value minus the corner, to its sign
    return z == 0 ? beyond > 0 : beyond < 0;
  }

  double slope_, offset_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(HardSigmoid)
