// MSGD (momentum): v = mu v - eta g;  w += v.
// Polyak 1964; the same path as torch.optim.SGD(lr, momentum=mu) (torch keeps the velocity
// unscaled, b = mu b + g, w -= lr b: equal to rounding). eta = 0.01 is Neurite's default (torch's
// SGD has none), mu = 0.9 the usual one.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Msgd {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::optimizer,
                                      .name = "MSGD",
                                      .aliases = {"momentum"},
                                      .summary = "gradient descent with classical momentum"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 0.01, "learning rate"),
      neurite::real("mu", 0.9, neurite::closed_open(0.0, 1.0), "momentum: decay of the velocity")};

  Msgd(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")), mu_(v.get<T>("mu")), v_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    v_ = mu_ * v_ - eta_ * g;
    w += v_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("v", v_);
  }

 private:
  T eta_, mu_;
  std::uint64_t t_ = 0;
  arma::Mat<T> v_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Msgd)
