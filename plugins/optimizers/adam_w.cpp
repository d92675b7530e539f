// AdamW: w *= 1 - lr weight_decay;  then Adam: m = beta1 m + (1 - beta1) g;
//        v = beta2 v + (1 - beta2) g^2;  w -= (lr/(1 - beta1^t)) m/(sqrt(v)/sqrt(1 - beta2^t) +
//        eps).
// Loshchilov & Hutter 2019 (decoupled weight decay), with the paper's schedule multiplier taken
// as 1; step for step as torch.optim.AdamW, whose defaults these are (weight_decay = 0.01).
// The decay uses the weights before the Adam step, as torch does; eps after the bias correction.
// Not in the seed (an expected row).
#include <cmath>

#include "adam_moments.hpp"

namespace {

template <typename T>
class AdamW {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AdamW",
      .summary = "Adam with weight decay decoupled from the gradient"};
  static constexpr neurite::Param params[] = {
      neurite::rate("lr", 1e-3, "learning rate"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero"),
      neurite::real("weight_decay", 0.01, neurite::at_least(0.0),
                    "shrinks the weights by lr*weight_decay each step, apart from the gradient")};

  AdamW(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : lr_(v.get<T>("lr")),
        eps_(v.get<T>("eps")),
        decay_(T(1 - v.get<double>("lr") * v.get<double>("weight_decay"))),
        moments_(v, rows, cols) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    w *= decay_;
    moments_.update(g);
    const T step_size = lr_ / moments_.mean_correction();
    const T root_correction = std::sqrt(moments_.square_correction());
    w -= step_size * moments_.m / (arma::sqrt(moments_.v) / root_correction + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) { moments_.state(visit); }

 private:
  T lr_, eps_;
  T decay_;  // 1 - lr*weight_decay
  adam::Moments<T> moments_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdamW)
