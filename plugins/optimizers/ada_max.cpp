// AdaMax: m = beta1 m + (1 - beta1) g;  u = max(beta2 u, abs(g) + eps);
//         w -= (alpha/(1 - beta1^t)) m/u.
// Kingma & Ba 2015 (arXiv:1412.6980), Alg. 2, with its defaults (alpha = 2e-3); equal to
// torch.optim.Adamax(lr=alpha, betas, eps), which also puts eps inside the max.
// Departure from the seed: the seed's u = max(beta2 u, abs(g)) is 0 for a zero gradient on a fresh
// state and the step is 0/0 = nan; eps inside the max keeps u >= eps.
#include <cmath>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class AdaMax {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::optimizer,
                                      .name = "AdaMax",
                                      .summary = "Adam with an infinity-norm second moment"};
  static constexpr neurite::Param params[] = {
      neurite::rate("alpha", 2e-3, "learning rate"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the running maximum of abs(g)"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "floor of the running maximum")};

  AdaMax(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")),
        beta1_(v.get<T>("beta1")),
        beta2_(v.get<T>("beta2")),
        one_minus_beta1_(T(1 - v.get<double>("beta1"))),
        eps_(v.get<T>("eps")),
        m_(rows, cols, arma::fill::zeros),
        u_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    m_ = beta1_ * m_ + one_minus_beta1_ * g;
    u_ = arma::max(beta2_ * u_, arma::abs(g) + eps_);
    const T step_size = alpha_ / (T(1) - std::pow(beta1_, T(t_)));
    w -= step_size * m_ / u_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("u", u_);
  }

 private:
  T alpha_, beta1_, beta2_, one_minus_beta1_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, u_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaMax)
