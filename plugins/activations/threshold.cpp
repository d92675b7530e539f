// threshold: f(x) = x if x > threshold, else value;  f'(x) = 1 if x > threshold, else 0.
// From the seed; equal to torch.nn.functional.threshold. The seed and torch require both
// parameters: the defaults 0, 0 are Neurite's and make it equal to ReLU.
// The comparison is made in double, so a float input is sorted as its exact value would be; the
// float path compares in float with the largest float not above the threshold, which sorts every
// float the same way and vectorises.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Threshold {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "threshold",
                                      .summary = "keeps inputs above a threshold, replaces others",
                                      .init = neurite::Init::he};
  static constexpr neurite::Param params[] = {
      neurite::real("threshold", 0.0, neurite::any(), "inputs above it pass unchanged"),
      neurite::real("value", 0.0, neurite::any(), "what replaces the inputs at or below it")};
  // f' jumps from 0 to 1 at the threshold (and f too, unless value = threshold).
  static std::vector<double> kinks(const neurite::Values& v) {
    return {v.get<double>("threshold")};
  }

  explicit Threshold(const neurite::Values& v)
      : threshold_(v.get<double>("threshold")), value_(v.get<T>("value")) {}

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      const float cut = neurite::kernels::float_below(threshold_);
      neurite::elementwise(x, y, [cut, value = value_](float v) {
        return v > cut ? v : value;
      });
    } else {
      neurite::elementwise(x, y, [this](T v) { return double(v) > threshold_ ? v : value_; });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      const float cut = neurite::kernels::float_below(threshold_);
      neurite::chain(x, dy, dx, [cut](float v) {
        return v > cut ? 1.0f : 0.0f;
      });
    } else {
      neurite::chain(x, dy, dx, [this](T v) { return double(v) > threshold_ ? T(1) : T(0); });
    }
  }

 private:
  double threshold_;
  T value_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Threshold)
