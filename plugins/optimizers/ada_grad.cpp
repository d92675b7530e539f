// AdaGrad: G += g^2;  w -= eta g/(sqrt(G) + eps).
// Duchi, Hazan & Singer 2011; equal to torch.optim.Adagrad(lr=eta, eps) (no lr decay, initial
// accumulator 0). eta = 1e-3 is Neurite's default (torch's is 1e-2); eps = 1e-10 is torch's.
// With eps outside the root a zero gradient on a fresh accumulator gives 0/eps = 0, not 0/0.
// Departure from the seed: the seed divides by sqrt(G) alone; eps = 1e-10 is added, as torch does.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class AdaGrad {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "AdaGrad",
      .summary = "per-weight rates shrinking with the summed squared gradient"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 1e-3, "learning rate"),
      neurite::real("eps", 1e-10, neurite::open(0.0, 1.0), "keeps the denominator away from zero")};

  AdaGrad(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")), eps_(v.get<T>("eps")), G_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    G_ += arma::square(g);
    w -= (eta_ * g) / (arma::sqrt(G_) + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("G", G_);
  }

 private:
  T eta_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> G_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(AdaGrad)
