// SMORMS3 (s starts at 1): r = 1/(1 + s);  m = (1 - r) m + r g;  v = (1 - r) v + r g^2;
//   z = m^2/(v + eps);  w -= g min(eta, z)/(sqrt(v) + eps);  s = 1 + (1 - z) s.
// Simon Funk 2015, blog post "RMSprop loses to SMORMS3 - Beware the Epsilon!": the memory s
// grows while the gradient's sign is steady (z near 1) and falls back when it is noise (z near 0).
// Defaults eta = 1e-3 (Funk's) and eps = 1e-16 (Funk's point: eps must not set the step size).
// With eps outside the root a zero gradient on a fresh state gives 0/eps = 0.
// Departures from the seed: eps moves outside the root and becomes 1e-16; z is computed for each
// tensor from its own m and v (the seed assigns the weights' z twice and never the biases').
#include <limits>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Smorms3 {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "SMORMS3",
      .summary = "RMSprop with a per-weight memory length and rate min(eta, m^2/v)"};
  static constexpr neurite::Param params[] = {
      neurite::rate("eta", 1e-3, "learning rate (the largest step factor)"),
      neurite::real("eps", 1e-16, neurite::open(0.0, 1.0),
                    "keeps the denominators away from zero")};

  Smorms3(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta_(v.get<T>("eta")),
        eps_(v.get<T>("eps")),
        s_(rows, cols, arma::fill::ones),
        m_(rows, cols, arma::fill::zeros),
        v_(rows, cols, arma::fill::zeros),
        scratch_(rows, cols, arma::fill::zeros) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    auto& r = scratch_;
    r = T(1) / (T(1) + s_);
    m_ = (T(1) - r) % m_ + r % g;
    v_ = (T(1) - r) % v_ + r % arma::square(g);
    auto& z = scratch_;  // r is used up: the same storage holds z
    z = arma::square(m_) / (v_ + eps_);
    s_ = T(1) + (T(1) - z) % s_;
    z.clamp(std::numeric_limits<T>::lowest(), eta_);  // min(eta, z)
    w -= g % z / (arma::sqrt(v_) + eps_);
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("s", s_);
    visit("m", m_);
    visit("v", v_);
  }

 private:
  T eta_, eps_;
  std::uint64_t t_ = 0;
  arma::Mat<T> s_, m_, v_;
  arma::Mat<T> scratch_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Smorms3)
