// NAG (Nesterov momentum): v_new = mu v - eta g;  w += -mu v + (1 + mu) v_new;  v = v_new.
// Nesterov 1983 in the form of Bengio, Boulanger-Lewandowski & Pascanu 2013, which needs only the
// gradient at w (no look-ahead evaluation); the same path as torch.optim.SGD(lr, momentum=mu,
// nesterov=True) to rounding. eta = 0.01 is Neurite's default (torch's SGD has none).
// The old velocity is still needed after v_new is formed, hence one scratch matrix sized once.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Nag {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::optimizer,
                                      .name = "NAG",
                                      .aliases = {"nesterov"},
                                      .summary = "gradient descent with Nesterov momentum"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 0.01, "learning rate"),
      neurite::real("mu", 0.9, neurite::closed_open(0.0, 1.0), "momentum: decay of the velocity")};

  Nag(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")),
        mu_(v.get<T>("mu")),
        one_plus_mu_(T(1 + v.get<double>("mu"))),
        v_(rows, cols, arma::fill::zeros),
        v_new_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    v_new_ = mu_ * v_ - eta_ * g;
    w += -mu_ * v_ + one_plus_mu_ * v_new_;
    v_ = v_new_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("v", v_);
  }

 private:
  T eta_, mu_, one_plus_mu_;
  std::uint64_t t_ = 0;
  arma::Mat<T> v_;
  arma::Mat<T> v_new_;  // scratch
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Nag)
