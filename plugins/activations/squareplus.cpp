// squareplus: f(x) = (x + sqrt(x^2 + b))/2;  f'(x) = (1 + x/sqrt(x^2 + b))/2.
// Barron 2021 (arXiv:2112.11687), b = 4 as in the paper.
// With r = hypot(x, sqrt b): for x >= 0, f = x/2 + r/2 and f' = (1 + x/r)/2; for x < 0 the same
// quantities cancel, so they are rewritten as f = b/(2(r - x)) = (b/(2r))/(1 + |x|/r) and
// f' = b/(2r(r - x)) = f/r. The plain form is inf at 1e30 and 0 at -1e4 in float (the true value
// is 1e-4); these forms never overflow in an intermediate, even at +-1.7e308.
// Double is evaluated so, and rounded once. Float uses the same forms in float (see Scaled), at
// most 3.4e-7 off (measured on every 97th float, b = 4, 2, 1e-3 and 1e30): a double square root
// and division per element would cost more than the rest of the loop.
#include <cmath>
#include <limits>

#include <neurite/sdk/plugin.hpp>

namespace {

// The float loops work in float, so that they vectorise without a double square root or
// division. Above |x| = 2^60 they take r = |x| (r/|x| - 1 < 2^-27 there), so x^2 may overflow;
// for b above 2^94, where that is wrong, every lane is scaled by 2^-70 instead. The choice is
// per parameter, not per lane: GCC would compute both scalings for every lane, and the scaled
// square of an ordinary x is subnormal and slow.
struct ScaledLane {
  float x, r;  // x s and r s
};
struct Scaled {
  explicit Scaled(double b)
      : scale(b > 0x1p94 ? 0x1p-70f : 1.0f), half_unscale(0.5f / scale),
        b(float(b * scale * scale)), half_b(float(b / 2 * scale)),
        far(b > 0x1p94 ? std::numeric_limits<float>::infinity() : 0x1p60f) {}
  ScaledLane lane(float v) const {
    const float xs = v * scale, as = std::abs(xs);
    return {xs, as > far ? as : std::sqrt(xs * xs + b)};
  }
  float scale, half_unscale, b, half_b, far;  // b s^2 and (b/2) s
};

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
      : b_(v.get<double>("b")), root_b_(std::sqrt(b_)), scaled_(b_) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, [s = scaled_](T v) {
        const ScaledLane l = s.lane(v);
        const T positive = s.half_unscale * l.x + s.half_unscale * l.r;
        const T negative = s.half_b / (l.r - l.x);
        return v >= 0 ? positive : negative;
      });
    } else {
      neurite::elementwise(x, y, [this](T v) {
        const double d = v, r = std::hypot(d, root_b_);
        return T(d >= 0 ? d / 2 + r / 2 : negative(d, r));
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, [s = scaled_](T v) {
        const ScaledLane l = s.lane(v);
        // f' = 1/2 + (x/2)/r for x >= 0 and ((b/2)/((r - x) r)) for x < 0: one division.
        const bool up = v >= 0;
        const T q = (up ? T(0.5) * l.x : s.half_b) / (up ? l.r : (l.r - l.x) * l.r);
        return up ? T(0.5) + q : q * s.scale;
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) {
        const double d = v, r = std::hypot(d, root_b_);
        return T(d >= 0 ? (1 + d / r) / 2 : negative(d, r) / r);
      });
    }
  }

 private:
  double negative(double x, double r) const { return b_ / (2 * r) / (1 - x / r); }

  double b_, root_b_;
  Scaled scaled_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Squareplus)
