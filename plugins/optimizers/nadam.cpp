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

#include "adam_moments.hpp"

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
      : alpha_(v.get<T>("alpha")), eps_(v.get<T>("eps")), moments_(v, rows, cols, "mu", "nu") {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    moments_.update(g);
    const T mu = moments_.beta1;
    const T next_correction = T(1) - std::pow(mu, T(moments_.t + 1));
    w -= alpha_ *
         (mu * moments_.m / next_correction + moments_.one_minus_beta1 * g / moments_.mean_correction()) /
         (arma::sqrt(moments_.v / moments_.square_correction()) + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) { moments_.state(visit); }

 private:
  T alpha_, eps_;
  adam::Moments<T> moments_;  // beta1 = mu, beta2 = nu
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Nadam)
