// Lion: c = beta1 m + (1 - beta1) g;  w -= lr (sign(c) + weight_decay w);
//       m = beta2 m + (1 - beta2) g.
// Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms", Program 1, with its defaults
// (lr = 1e-4, beta1 = 0.9, beta2 = 0.99, no decay). c uses the old m and the decay the old w;
// sign(0) = 0. Every step has size lr per element whatever the scale of g, so it stays finite.
// Not in the seed (an expected row).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Lion {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "Lion",
      .summary = "steps of fixed size along the sign of an interpolated momentum"};
  static constexpr neurite::Param params[] = {
      neurite::rate("lr", 1e-4, "learning rate: the size of every step"),
      neurite::real("beta1", 0.9, neurite::closed_open(0.0, 1.0),
                    "weight of the momentum in the step direction"),
      neurite::real("beta2", 0.99, neurite::closed_open(0.0, 1.0), "decay of the momentum"),
      neurite::real("weight_decay", 0.0, neurite::at_least(0.0),
                    "decoupled weight decay, scaled by lr")};

  Lion(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : lr_(v.get<T>("lr")),
        beta1_(v.get<T>("beta1")),
        beta2_(v.get<T>("beta2")),
        one_minus_beta1_(T(1 - v.get<double>("beta1"))),
        one_minus_beta2_(T(1 - v.get<double>("beta2"))),
        weight_decay_(v.get<T>("weight_decay")),
        m_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    w -= lr_ * (arma::sign(beta1_ * m_ + one_minus_beta1_ * g) + weight_decay_ * w);
    m_ = beta2_ * m_ + one_minus_beta2_ * g;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
  }

 private:
  T lr_, beta1_, beta2_, one_minus_beta1_, one_minus_beta2_, weight_decay_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Lion)
