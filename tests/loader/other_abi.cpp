// A plugin built for another SDK ABI: the host must refuse it before calling its manifest.
#include <neurite/sdk/plugin.hpp>

namespace {
template <typename T>
class OtherAbi {
 public:
  static constexpr neurite::Meta meta{.family = neurite::Family::activation,
                                      .name = "other-abi",
                                      .summary = "declares an ABI this host does not speak"};
  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const neurite::Context&) const { y = x; }
  void backward(const arma::Mat<T>&, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const neurite::Context&) const {
    dx = dy;
  }
};
const neurite::Manifest& manifest() {
  static const neurite::Manifest m = neurite::detail::make_manifest<OtherAbi>();
  return m;
}
const std::uint32_t abi_value = neurite::abi_word + (1u << 24);
}  // namespace
BOOST_DLL_ALIAS(abi_value, neurite_abi)
BOOST_DLL_ALIAS(manifest, neurite_manifest)
