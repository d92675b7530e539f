// SGD: w -= eta g.
// Robbins & Monro 1951; equal to torch.optim.SGD(lr). The default eta = 0.01 is Neurite's (torch's
// SGD has none). Nothing can overflow that the caller's gradient did not already carry.
#include <neurite/sdk/plugin.hpp>

namespace {

template <typename T>
class Sgd {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::optimizer,
                                      .name = "SGD",
                                      .summary = "plain gradient descent with a fixed rate"};
  static constexpr neurite::Param params[] = {neurite::rate("eta", 0.01, "learning rate")};

  Sgd(const neurite::Values& v, arma::uword, arma::uword) : eta_(v.get<T>("eta")) {}

  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const neurite::StepInfo&) {
    ++t_;
    w -= eta_ * g;
  }
  // The step is w -= eta g: the trainer folds it into the product that computes g.
  T take_plain_step(const neurite::StepInfo&) {
    ++t_;
    return eta_;
  }
  void state(neurite::StateVisitor<T>& visit) { visit("t", t_); }

 private:
  T eta_;
  std::uint64_t t_ = 0;
};

}  // namespace

NEURITE_EXPORT_PLUGIN(Sgd)
