// Rprop (step starts at lr, g_prev at 0): s = sign(g g_prev);
//   step = clip(step * (etaplus if s > 0, etaminus if s < 0, 1 if s = 0), min_step, max_step);
//   where s < 0: g = 0 (that element does not move, and g_prev becomes 0);
//   w -= sign(g) step;  g_prev = g.
// Riedmiller & Braun 1993, without weight backtracking; equal to torch.optim.Rprop(lr, etas,
// step_sizes), whose defaults these are. Only signs of g enter, so any finite g gives a finite
// step. Not in the seed (an expected row). The three-way choice per element has no whole-matrix
// expression in Armadillo that avoids temporaries, hence one loop over the elements.
#include <algorithm>
#include <sstream>

#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Rprop {
 public:
  static constexpr neurite::Meta meta{
      .family = neurite::Family::optimizer,
      .name = "Rprop",
      .summary = "per-weight steps grown or shrunk by the sign of the gradient"};
  static constexpr neurite::Param params[] = {
      neurite::rate("lr", 0.01, "initial step size"),
      neurite::real("etaminus", 0.5, neurite::open(0.0, 1.0),
                    "step factor after the gradient changed sign"),
      neurite::real("etaplus", 1.2, neurite::above(1.0),
                    "step factor while the gradient keeps its sign"),
      neurite::real("min_step", 1e-6, neurite::above(0.0), "smallest step size"),
      neurite::real("max_step", 50.0, neurite::above(0.0), "largest step size")};

  Rprop(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : etaminus_(v.get<T>("etaminus")),
        etaplus_(v.get<T>("etaplus")),
        min_step_(v.get<T>("min_step")),
        max_step_(v.get<T>("max_step")),
        g_prev_(rows, cols, arma::fill::zeros),
        step_(rows, cols, arma::fill::value(v.get<T>("lr"))) {
    std::ostringstream why;
    why.precision(17);
    why << "min_step=" << v.get<double>("min_step")
        << " exceeds max_step=" << v.get<double>("max_step")
        << "; min_step <= max_step is required";
    neurite::require(v.get<double>("min_step") <= v.get<double>("max_step"), why.str());
  }

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    T* weight = w.memptr();
    T* previous = g_prev_.memptr();
    T* size = step_.memptr();
    const T* gradient = g.memptr();
    for (arma::uword i = 0; i < w.n_elem; ++i) {
      const T product = gradient[i] * previous[i];
      const T factor = product > 0 ? etaplus_ : product < 0 ? etaminus_ : T(1);
      size[i] = std::min(std::max(size[i] * factor, min_step_), max_step_);
      const T used = product < 0 ? T(0) : gradient[i];
      weight[i] -= T((used > 0) - (used < 0)) * size[i];
      previous[i] = used;
    }
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t_);
    visit("g_prev", g_prev_);
    visit("step", step_);
  }

 private:
  T etaminus_, etaplus_, min_step_, max_step_;
  std::uint64_t t_ = 0;
  arma::Mat<T> g_prev_, step_;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Rprop)
