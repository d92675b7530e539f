// Adam: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
//       w -= (alpha/(1 - beta1^t)) m/(sqrt(v)/sqrt(1 - beta2^t) + eps).
// Kingma & Ba 2015 (arXiv:1412.6980), Alg. 1, with its defaults; step for step as
// torch.optim.Adam: the bias corrections are folded into the step size and into the root.
// eps is added after the bias correction of sqrt(v), as torch does; the other placement differs
// whenever v is tiny, and g = 0 on a fresh state gives 0/eps = 0.
// Departure from the seed: the seed adds eps inside the root; it moves outside, after the bias
// correction (torch's placement).
#include <cmath>

#include "adam_moments.hpp"

namespace {

template <typename T>
class Adam {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "Adam",
      .summary = "per-weight steps from bias-corrected moment estimates"};
  static constexpr neurite::Param params[] = {
      neurite::rate("alpha", 1e-3, "learning rate"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero")};

  Adam(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")), eps_(v.get<T>("eps")), moments_(v, rows, cols) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    moments_.update(g);
    const T step_size = alpha_ / moments_.mean_correction();
    const T root_correction = std::sqrt(moments_.square_correction());
    w -= step_size * moments_.m / (arma::sqrt(moments_.v) / root_correction + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) { moments_.state(visit); }

 private:
  T alpha_, eps_;
  adam::Moments<T> moments_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Adam)
