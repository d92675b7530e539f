// RMSprop: v = rho v + (1 - rho) g^2;  w -= eta g/(sqrt(v) + eps).
// Tieleman & Hinton 2012 (Coursera lecture 6e); equal to torch.optim.RMSprop(lr=eta, alpha=rho,
// eps). Defaults are torch's: eta = 0.01, rho = 0.99, eps = 1e-8.
// eps outside the root keeps the step finite (0) for a zero gradient on a fresh v.
// Departure from the seed: the seed adds eps inside the root, sqrt(v + eps); torch's placement
// outside is taken so that the two agree.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class RmsProp {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "RMSprop",
      .summary = "steps scaled by a running root mean square of the gradient"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 0.01, "learning rate"),
      neurite::real("rho", 0.99, neurite::closed_open(0.0, 1.0),
                    "decay of the mean squared gradient"),
      neurite::real("eps", 1e-8, neurite::open(0.0, 1.0), "keeps the denominator away from zero")};

  RmsProp(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")),
        rho_(v.get<T>("rho")),
        one_minus_rho_(T(1 - v.get<double>("rho"))),
        eps_(v.get<T>("eps")),
        v_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    v_ = rho_ * v_ + one_minus_rho_ * arma::square(g);
    w -= (eta_ * g) / (arma::sqrt(v_) + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("v", v_);
  }

 private:
  T eta_, rho_, one_minus_rho_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> v_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(RmsProp)
