// h-swish: with h = n/2, f(x) = x for x > h, x (x + h)/n for -h < x <= h, 0 for x <= -h;
// f'(x) = 1, (2x + h)/n, 0 on the same branches.
// Howard et al. 2019 (MobileNetV3, arXiv:1905.02244), as in the seed; n = 6 equals
// torch.nn.functional.hardswish.
// Evaluated in double for both element types and rounded once, so float results are the exact
// value rounded once even next to -n/2, where x + n/2 cancels. The float loops multiply by 1/n
// (a double division per element would cost more than the rest of the loop), compare in float
// and take the parameters by value, so that they vectorise.

#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class HSwish {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "h-swish",
                                      .aliases = {"hard-swish"},
                                      .summary = "piecewise-quadratic approximation of Swish",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {neurite::real(
      "n", 6.0, neurite::above(0.0), "width of the quadratic part, centred on 0")};
  static std::vector<double> kinks(const neurite::Values& v) {
    const double h = v.get<double>("n") / 2;
    return {-h, h};
  }

  explicit HSwish(const neurite::Values& v)
      : n_(v.get<double>("n")), h_(n_ / 2), inv_n_(1 / n_),
        below_lo_(neurite::kernels::float_below(-h_)),
        below_hi_(neurite::kernels::float_below(h_)) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, [h = h_, inv_n = inv_n_, lo = below_lo_, hi = below_hi_](T v) {
        const double d = v;
        const T quadratic = T(d * (d + h) * inv_n);
        return v > hi ? v : v > lo ? quadratic : T(0);
      });
    } else {
      neurite::elementwise(x, y, [this](T v) {
        const double d = v;
        return d > h_ ? v : d > -h_ ? T(d * (d + h_) / n_) : T(0);
      });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, [h = h_, inv_n = inv_n_, lo = below_lo_, hi = below_hi_](T v) {
        const double d = v;
        const T slope = T((2 * d + h) * inv_n);
        return v > hi ? T(1) : v > lo ? slope : T(0);
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) {
        const double d = v;
        return d > h_ ? T(1) : d > -h_ ? T((2 * d + h_) / n_) : T(0);
      });
    }
  }

 private:
  double n_, h_, inv_n_;
  float below_lo_, below_hi_;  // float_below(-h), float_below(h)
};

}  // namespace

NEURITE_EXPORT_PLUGIN(HSwish)
