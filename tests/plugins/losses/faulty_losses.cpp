// Losses that are wrong on purpose, one fault each, for the test that the conformance checks
// catch them: mean squared error with its gradient 1.1 times too large, with a float value 1e-3
// off, or with a nan loss once an error exceeds 100. Built outside the plugin path, never installed.
#include <neurite/sdk/plugin.hpp>

namespace {

enum class Fault { gradient, precision, extremes };

template <typename T, Fault F>
class Faulty {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::loss,
      .name = F == Fault::gradient    ? "wrong-gradient"
              : F == Fault::precision ? "imprecise-float"
                                      : "nan-at-extremes",
      .summary = "mse with a deliberate fault",
      .input = neurite::InputKind::values};

  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) const {
    T e = arma::accu(arma::square(y - t)) / T(y.n_elem);
    if (F == Fault::precision && std::is_same_v<T, float>) e *= T(1.001);
    if (F == Fault::extremes && arma::abs(y - t).max() > T(100)) e = std::numeric_limits<T>::quiet_NaN();
    return e;
  }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) const {
    dy = (y - t) * (T(F == Fault::gradient ? 2.2 : 2.0) / T(y.n_elem));
  }
};

template <typename T>
using WrongGradient = Faulty<T, Fault::gradient>;
template <typename T>
using ImpreciseFloat = Faulty<T, Fault::precision>;
template <typename T>
using NanAtExtremes = Faulty<T, Fault::extremes>;

}  // namespace

NEURITE_EXPORT_PLUGINS(WrongGradient, ImpreciseFloat, NanAtExtremes)
