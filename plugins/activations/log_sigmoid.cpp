// log-sigmoid: f(x) = log σ(x) = -softplus(-x) = min(x, 0) - log1p(e^-|x|);  f'(x) = σ(-x).
// From the seed; equal to torch.nn.functional.logsigmoid.
// The stable form never overflows: log-sigmoid(-1000) = -1000, log-sigmoid(50) = -1.9e-22 (not 0),
// where log(σ(x)) would give -inf and 0. Double results come from the stable forms of math.hpp;
// float results are computed in float by the kernels of sdk/kernels.hpp on x clamped to +-104
// (beyond it e^-|x| rounds to 0), branch-free so that the loops vectorise; over [-16, 16), on
// processors with AVX-512, from fitted tables instead (sdk/piecewise.hpp, tables/log_sigmoid.hpp).
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>
#include <neurite/sdk/plugin.hpp>

#include "tables/log_sigmoid.hpp"

namespace {

namespace kernels = neurite::kernels;
namespace tables = neurite_tables::log_sigmoid;

constexpr neurite::simd::Span fast_span{-16, 16};

template <typename T>
class LogSigmoid {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "log-sigmoid",
                                      .summary = "log of the logistic function, range (-inf, 0)",
                                      .init = neurite::Init::he};

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::elementwise(x, y, tables::value_table, fast_span, [](float v) {
        const float e = kernels::exp_nonpositive(-std::fabs(kernels::clamp_magnitude(v, 104.0f)));
        return v != v ? v : (v < 0 ? v : 0.0f) - kernels::log1p_unit(e);
      });
    } else {
      neurite::elementwise(x, y, [](T v) { return T(neurite::stable::log_sigmoid(double(v))); });
    }
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    if constexpr (std::is_same_v<T, float>) {
      neurite::chain(x, dy, dx, tables::slope_table, fast_span, [](float v) {
        const float e = kernels::exp_nonpositive(-std::fabs(kernels::clamp_magnitude(v, 104.0f)));
        return v != v ? v : (v > 0 ? e : 1.0f) / (1 + e);
      });
    } else {
      neurite::chain(x, dy, dx, [](T v) { return T(neurite::stable::sigmoid(-double(v))); });
    }
  }
};

}  // namespace

NEURITE_EXPORT_PLUGIN(LogSigmoid)
