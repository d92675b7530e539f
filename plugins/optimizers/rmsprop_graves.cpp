// RMSpropGraves: m = rho m + (1 - rho) g;  v = rho v + (1 - rho) g^2;
//                D = momentum D - eta g/sqrt(v - m^2 + eps);  w += D.
// Graves 2013, "Generating Sequences With Recurrent Neural Networks", eqs. 38-41, with eps his k;
// defaults are Graves' values (eta = 1e-4, rho = 0.95, momentum = 0.9, eps = 1e-4). Unlike torch's
// RMSprop(centered=True, momentum=0.9), eps stays inside the root, as in the paper.
// v - m^2 >= 0 in exact arithmetic; eps inside the root also absorbs its rounding below 0.
// Departure from the seed: the paper's momentum term D is added; momentum = 0 gives the seed's
// update w -= eta g/sqrt(v - m^2 + eps).
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class RmsPropGraves {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "RMSpropGraves",
      .summary = "centred RMSprop with momentum, eps inside the root"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 1e-4, "learning rate"),
      neurite::real("rho", 0.95, neurite::closed_open(0.0, 1.0),
                    "decay of the gradient mean and mean square"),
      neurite::real("momentum", 0.9, neurite::closed_open(0.0, 1.0), "decay of the step D"),
      neurite::real("eps", 1e-4, neurite::open(0.0, 1.0), "added inside the root (Graves' k)")};

  RmsPropGraves(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")),
        rho_(v.get<T>("rho")),
        one_minus_rho_(T(1 - v.get<double>("rho"))),
        momentum_(v.get<T>("momentum")),
        eps_(v.get<T>("eps")),
        m_(rows, cols, arma::fill::zeros),
        v_(rows, cols, arma::fill::zeros),
        D_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    m_ = rho_ * m_ + one_minus_rho_ * g;
    v_ = rho_ * v_ + one_minus_rho_ * arma::square(g);
    D_ = momentum_ * D_ - eta_ * g / arma::sqrt(v_ - arma::square(m_) + eps_);
    w += D_;
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("m", m_);
    visit("v", v_);
    visit("D", D_);
  }

 private:
  T eta_, rho_, one_minus_rho_, momentum_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> m_, v_, D_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(RmsPropGraves)
