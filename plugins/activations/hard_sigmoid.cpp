// hard-sigmoid: f(x) = clip(slope x + offset, 0, 1);  f'(x) = slope if 0 < slope x + offset < 1,
// else 0. Defaults slope 0.2, offset 0.5 as the seed and Keras; torch's hardsigmoid is
// slope = 1/6 (torch's backward uses the float32 constant; the exact 1/6 is the target here).
// slope x + offset is one fused multiply-add in double: correctly rounded in double, and exact
// enough in float, also where it cancels next to the lower corner. Where it rounds onto a corner
// (torch's slope at x = 3 gives 0.99999999999999998, rounded to 1), f' follows the exact value:
// its error terms, recovered exactly, tell which side of the corner it lies on. Both sides are
// computed and one selected, and the loops capture the parameters by value, so that they
// vectorise. In float, f' needs only the two floats next to the range of floats where the exact
// value lies strictly between the corners, found once per parameter set.
#include <cmath>
#include <limits>

#include <neurite/sdk/plugin.hpp>

namespace {

// slope x + offset, rounded (z), and the sign of the rounding error (the exact value minus z).
struct Affine {
  Affine(double slope, double offset, double x) : z(std::fma(slope, x, offset)) {
    // slope x + offset = a + b + e exactly: p + e = slope x, a + b = p + offset (two-sum).
    const double p = slope * x, e = std::fma(slope, x, -p);
    const double a = p + offset, w = a - p, b = (p - (a - w)) + (offset - w);
    beyond = (a - z) + (b + e);
  }
  bool above_zero() const { return z > 0 || (z == 0 && beyond > 0); }
  bool below_one() const { return z < 1 || (z == 1 && beyond < 0); }
  double z, beyond;
};

// f' at x: slope where 0 < slope x + offset < 1 holds for the exact value, else 0.
inline double slope_at(double slope, double offset, double x) {
  const Affine t(slope, offset, x);
  const double on_zero = t.beyond > 0 ? slope : 0.0, on_one = t.beyond < 0 ? slope : 0.0;
  const double between = t.z > 0 && t.z < 1 ? slope : 0.0;
  return t.z == 0 ? on_zero : t.z == 1 ? on_one : between;
}

// The floats just outside the floats v with 0 < slope v + offset < 1 exactly: v lies inside
// exactly when below < v < above. Each walk starts from the corner rounded to float, a step or
// two from its end.
struct FloatRange {
  FloatRange(double slope, double offset) {
    constexpr float inf = std::numeric_limits<float>::infinity();
    const auto up = [](float v) { return std::nextafter(v, inf); };
    const auto down = [](float v) { return std::nextafter(v, -inf); };
    const auto rounded = [](double corner) {
      constexpr double largest = std::numeric_limits<float>::max();
      return static_cast<float>(std::fmax(-largest, std::fmin(largest, corner)));
    };
    const auto positive = [&](float v) { return Affine(slope, offset, v).above_zero(); };
    const auto under_one = [&](float v) { return Affine(slope, offset, v).below_one(); };
    below = rounded(-offset / slope);
    while (positive(below)) below = down(below);
    while (!positive(up(below))) below = up(below);
    above = rounded((1 - offset) / slope);
    while (under_one(above)) above = up(above);
    while (!under_one(down(above))) above = down(above);
  }
  float below, above;
};

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
      : slope_(v.get<double>("slope")),
        offset_(v.get<double>("offset")),
        floats_(slope_, offset_) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [slope = slope_, offset = offset_](T v) {
      const double z = std::fma(slope, double(v), offset);
      return T(z <= 0 ? 0.0 : z >= 1 ? 1.0 : z);
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, [r = floats_, s = float(slope_)](float v) {
        return v > r.below && v < r.above ? s : 0.0f;
      });
    } else {
      neurite::chain(x, dy, dx, [slope = slope_, offset = offset_](T v) {
        return T(slope_at(slope, offset, v));
      });
    }
  }

 private:
  double slope_, offset_;
  FloatRange floats_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(HardSigmoid)
