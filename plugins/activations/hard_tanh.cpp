// hard-tanh: f(x) = clip(x, min, max);  f'(x) = 1 if min < x < max, else 0.
// From the seed; equal to torch.nn.functional.hardtanh (whose min/max are min_val/max_val).
// Comparisons are made in double against the double bounds, so a float input is clipped exactly
// as its exact value would be.
#include <sstream>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class HardTanh {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "hard-tanh",
                                      .summary = "identity clipped to [min, max]",
                                      .init = neurite::Init::xavier};
  static constexpr neurite::Param params[] = {
      neurite::real("min", -1.0, neurite::any(), "lower clipping bound (below max)"),
      neurite::real("max", 1.0, neurite::any(), "upper clipping bound (above min)")};
  static std::vector<double> kinks(const neurite::Values& v) {
    return {v.get<double>("min"), v.get<double>("max")};
  }

  explicit HardTanh(const neurite::Values& v)
      : min_(v.get<double>("min")), max_(v.get<double>("max")) {
    std::ostringstream why;
    why << "min=" << min_ << " must be less than max=" << max_;
    neurite::require(min_ < max_, why.str());
  }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    neurite::elementwise(x, y, [lo = min_, hi = max_](T v) {
      const double d = v;
      return d <= lo ? T(lo) : d >= hi ? T(hi) : v;
    });
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    neurite::chain(x, dy, dx, [lo = min_, hi = max_](T v) {
      const double d = v;
      return lo < d && d < hi ? T(1) : T(0);
    });
  }

 private:
  double min_, max_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(HardTanh)
