// Nadam: m = mu m + (1 - mu) g;  v = nu v + (1 - nu) g^2;
//        m_bar = mu m/(1 - mu^(t+1)) + (1 - mu) g/(1 - mu^t);  v_hat = v/(1 - nu^t);
//        w -= alpha m_bar/(sqrt(v_hat) + eps).
// Dozat 2016, "Incorporating Nesterov Momentum into Adam", Alg. 2 with a constant mu_t = mu;
// defaults alpha = 2e-3, mu = 0.975, nu = 0.999 as the catalog gives them. Not torch.optim.NAdam,
// whose mu follows a schedule (momentum_decay) and whose beta1 is 0.9.
// eps outside the root keeps g = 0 on a fresh state at 0/eps = 0.
// Departures from the seed: eps moves outside the root; v_hat = v/(1 - nu^t), without the extra
// factor nu the seed multiplies in (the paper has none).
#include <cmath>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Nadam {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "Nadam",
      .summary = "Adam with Nesterov momentum (Dozat, constant mu)"};
  static constexpr neurite::Param params[] = {
      neurite::rate("alpha", 2e-3, "learning rate"),
      neurite::real("mu", 0.975, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("nu", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero")};

  Nadam(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")),
        mu_(v.get<T>("mu")),
        nu_(v.get<T>("nu")),
        one_minus_mu_(T(1 - v.get<double>("mu"))),
        one_minus_nu_(T(1 - v.get<double>("nu"))),
        eps_(v.get<T>("eps")),
        m_(rows, cols, arma::fill::zeros),
        v_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    m_ = mu_ * m_ + one_minus_mu_ * g;
    v_ = nu_ * v_ + one_minus_nu_ * arma::square(g);
    const T next_correction = T(1) - std::pow(mu_, T(t_ + 1));
    const T correction = T(1) - std::pow(mu_, T(t_));
    const T v_correction = T(1) - std::pow(nu_, T(t_));
    w -= alpha_ * (mu_ * m_ / next_correction + one_minus_mu_ * g / correction) /
         (arma::sqrt(v_ / v_correction) + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("v", v_);
  }

 private:
  T alpha_, mu_, nu_, one_minus_mu_, one_minus_nu_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, v_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Nadam)
