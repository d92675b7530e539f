// An activation that dies with SIGSEGV in forward: `neurite check` must report it and go on.
#include <neurite/sdk/plugin.hpp>

#include <csignal>

namespace {
template <typename T>
class Crashing {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "crashing",
                                      .summary = "crashes whenever it is evaluated"};
  void forward(const arma::Mat<T>&, arma::Mat<T>&, const neurite::Context&) const {
    std::raise(SIGSEGV);
  }
  void backward(const arma::Mat<T>&, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx = dy;
  }
};
}  // namespace
NEURITE_EXPORT_PLUGIN(Crashing)
