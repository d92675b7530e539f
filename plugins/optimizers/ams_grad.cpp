// AMSGrad: m = beta1 m + (1 - beta1) g;  v = beta2 v + (1 - beta2) g^2;
//          v_max = max(v_max, v);  w -= (alpha/sqrt(t)) m/(sqrt(v_max) + eps).
// Reddi, Kale & Kumar 2018, "On the Convergence of Adam and Beyond", in the form analysed there:
// rate alpha/sqrt(t), no bias correction; defaults as Adam's. This is not
// torch.optim.Adam(amsgrad=True), which keeps the rate constant and bias-corrects m and v_max.
// eps outside the root keeps g = 0 on a fresh state at 0/eps = 0.
// Departure from the seed: the seed adds eps inside the root; it moves outside.
#include <cmath>

#include "adam_moments.hpp"

namespace {

template <typename T>
class AmsGrad {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AMSGrad",
      .summary = "Adam with a never-decreasing second moment and alpha/sqrt(t)"};
  static constexpr neurite::Param params[] = {
      neurite::rate("alpha", 1e-3, "learning rate (divided by sqrt(t))"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0), "decay of the gradient mean"),
      neurite::real("beta2", 0.999, neurite::closed_open(0.0, 1.0),
                    "decay of the squared-gradient mean"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero")};

  AmsGrad(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : alpha_(v.get<T>("alpha")),
        eps_(v.get<T>("eps")),
        moments_(v, rows, cols),
        v_max_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    moments_.update(g);
    v_max_ = arma::max(v_max_, moments_.v);
    const T step_size = alpha_ / std::sqrt(T(moments_.t));
    w -= step_size * moments_.m / (arma::sqrt(v_max_) + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) {
    moments_.state(visit);
    visit("v_max", v_max_);
  }

 private:
  T alpha_, eps_;
  adam::Moments<T> moments_;
  arma::Mat<T> v_max_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AmsGrad)
