// Eve: m = beta1 m + (1 - beta1) g;  m_hat = m/(1 - beta1^t);
//      v = beta2 v + (1 - beta2) g^2;  v_hat = v/(1 - beta2^t);
//      d = 1 at t = 1; later, with den = min(f, f_prev) - fstar and den > 0:
//      r = clip(abs(f - f_prev)/den, 1/c, c),  d = beta3 d + (1 - beta3) r  (den <= 0: d kept);
//      f_prev = f;  w -= alpha m_hat/(d (sqrt(v_hat) + eps)).
// Hayashi, Koushik & Neubig, arXiv:1611.01505, with its defaults; f is the raw batch loss of this
// step (StepInfo::loss). d follows the relative change of the loss, so the step alpha/d grows
// above Adam's while the loss is flat and shrinks while it jumps.
// The guard den > 0 keeps r finite and positive when a loss reaches or passes fstar.
// Departures from the seed: the numerator is the loss change abs(f - f_prev), as published (the
// seed's abs(f - fstar) makes r >= 1 whenever f >= fstar, so Eve could never step further than
// Adam); the guard for den <= 0 is added (the seed divides regardless).
#include <algorithm>
#include <cmath>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Eve {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "Eve",
      .summary = "Adam with a step scaled by the relative change of the loss"};
  static constexpr neurite::Param params[] = {
      neurite::rate("alpha", 1e-3, "learning rate"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean"),
      neurite::real("beta3", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the relative loss change d"),
      neurite::real("c", 10.0, neurite::at_least(1.0),
                    "clips the relative loss change to [1/c, c]"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero"),
      neurite::real("fstar", 0.0, neurite::any(), "a lower bound of the loss (its minimum)")};

  Eve(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")),
        beta1_(v.get<T>("beta1")),
        beta2_(v.get<T>("beta2")),
        beta3_(v.get<T>("beta3")),
        one_minus_beta1_(T(1 - v.get<double>("beta1"))),
        one_minus_beta2_(T(1 - v.get<double>("beta2"))),
        one_minus_beta3_(T(1 - v.get<double>("beta3"))),
        c_(v.get<T>("c")),
        inverse_c_(T(1 / v.get<double>("c"))),
        eps_(v.get<T>("eps")),
        fstar_(v.get<T>("fstar")),
        m_(rows, cols, arma::fill::zeros),
        v_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo& info) {
    ++t_;
    const T f = T(info.loss);
    m_ = beta1_ * m_ + one_minus_beta1_ * g;
    v_ = beta2_ * v_ + one_minus_beta2_ * arma::square(g);
    if (t_ == 1) {
      d_ = 1;
    } else {
      const T den = std::min(f, f_prev_) - fstar_;
      if (den > 0) {
        const T r = std::clamp(std::abs(f - f_prev_) / den, inverse_c_, c_);
        d_ = beta3_ * d_ + one_minus_beta3_ * r;
      }
    }
    f_prev_ = f;
    const T m_correction = T(1) - std::pow(beta1_, T(t_));
    const T v_correction = T(1) - std::pow(beta2_, T(t_));
    w -= alpha_ * (m_ / m_correction) / (d_ * (arma::sqrt(v_ / v_correction) + eps_));
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("v", v_);
    visit("d", d_);
    visit("f_prev", f_prev_);
  }

 private:
  T alpha_, beta1_, beta2_, beta3_, one_minus_beta1_, one_minus_beta2_, one_minus_beta3_;
  T c_, inverse_c_, eps_, fstar_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, v_;
  T d_ = 1;
  T f_prev_ = 0;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Eve)
