// RAdam: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;  m_hat = m/(1 - beta1^t);
//   rho_inf = 2/(1 - beta2) - 1;  rho_t = rho_inf - 2 t beta2^t/(1 - beta2^t);
//   rho_t > 5:  r = sqrt((rho_t - 4)(rho_t - 2) rho_inf/((rho_inf - 4)(rho_inf - 2) rho_t)),
//               w -= lr m_hat r sqrt(1 - beta2^t)/(sqrt(v) + eps);
//   otherwise:  w -= lr m_hat  (a plain momentum step while the variance estimate is unreliable).
// Liu et al. 2020, "On the Variance of the Adaptive Learning Rate and Beyond"; equal to
// torch.optim.RAdam, whose defaults and threshold rho_t > 5 these are (the paper's Alg. 2 says 4);
// with beta2 = 0.999 steps 1-5 are momentum steps and rectification starts at t = 6.
// eps added to sqrt(v), as torch does, keeps g = 0 at 0/eps = 0.
// Not in the seed (an expected row).
#include <cmath>

#include "adam_moments.hpp"

namespace {

template <typename T>
class RAdam {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "RAdam",
      .summary = "Adam with the variance of the adaptive rate rectified"};
  static constexpr neurite::Param params[] = {
      neurite::rate("lr", 1e-3, "learning rate"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero")};

  RAdam(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : lr_(v.get<T>("lr")),
        eps_(v.get<T>("eps")),
        rho_inf_(T(2 / (1 - v.get<double>("beta2")) - 1)),
        moments_(v, rows, cols) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    moments_.update(g);
    const arma::Mat<T>& m = moments_.m;
    const arma::Mat<T>& v = moments_.v;
    const T t = T(moments_.t);
    const T m_correction = moments_.mean_correction();
    const T beta2_t = std::pow(moments_.beta2, t);
    const T v_correction = T(1) - beta2_t;
    const T rho_t = rho_inf_ - T(2) * t * beta2_t / v_correction;
    if (rho_t > T(5)) {
      const T r = std::sqrt((rho_t - T(4)) * (rho_t - T(2)) * rho_inf_ /
                            ((rho_inf_ - T(4)) * (rho_inf_ - T(2)) * rho_t));
      w -= lr_ * (m / m_correction) * r * std::sqrt(v_correction) / (arma::sqrt(v) + eps_);
    } else {
      w -= lr_ * (m / m_correction);
    }
  }
  void state(neurite::StateVisitor<T>& visit) { moments_.state(visit); }

 private:
  T lr_, eps_, rho_inf_;
  adam::Moments<T> moments_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(RAdam)
