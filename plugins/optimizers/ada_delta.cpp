// AdaDelta: v = rho v + (1 - rho) g^2;  d = sqrt(u + eps)/sqrt(v + eps) g;
//           u = rho u + (1 - rho) d^2;  w -= lr d.
// Zeiler 2012 (arXiv:1212.5701), Alg. 1; equal to torch.optim.Adadelta(lr, rho, eps). rho = 0.95
// and eps = 1e-6 are the paper's (torch's rho is 0.9); lr = 1 is Zeiler's algorithm unscaled.
// eps inside both roots is what starts the method: with u = 0 the first update is
// sqrt(eps)/sqrt(v + eps) g rather than 0, and g = 0 gives 0 rather than 0/0.
// Departure from the seed: the seed has no lr; it is added (w -= lr d) as torch has it, and u
// accumulates d before the lr scaling, so lr = 1 reproduces the seed.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class AdaDelta {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AdaDelta",
      .summary = "steps in units of past steps: RMS(update)/RMS(gradient)"};
  static constexpr neurite::Param params[] = {
      neurite::rate("lr", 1.0, "scales the update (1: Zeiler's algorithm)"),
      neurite::real("rho", 0.95, neurite::closed_open(0.0, 1.0),
                    "decay of the mean squares of gradient and update"),
      neurite::real("eps", 1e-6, neurite::open(0.0, 1.0),
                    "added inside both roots; sets the size of the first steps")};

  AdaDelta(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : lr_(v.get<T>("lr")),
        rho_(v.get<T>("rho")),
        one_minus_rho_(T(1 - v.get<double>("rho"))),
        eps_(v.get<T>("eps")),
        v_(rows, cols, arma::fill::zeros),
        u_(rows, cols, arma::fill::zeros),
        d_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    v_ = rho_ * v_ + one_minus_rho_ * arma::square(g);
    d_ = arma::sqrt(u_ + eps_) / arma::sqrt(v_ + eps_) % g;
    u_ = rho_ * u_ + one_minus_rho_ * arma::square(d_);
    w -= lr_ * d_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("v", v_);
    visit("u", u_);
  }

 private:
  T lr_, rho_, one_minus_rho_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> v_, u_;
  arma::Mat<T> d_;  // scratch: this step's update before the lr scaling
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaDelta)
