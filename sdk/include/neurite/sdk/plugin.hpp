#pragma once
// Everything a plugin source file includes. A plugin is one class template over the element type
// with a static `meta`, optionally static `params` and `kinks`, and the members of its family:
//   activation: forward(x, y, ctx), backward(x, y, dy, dx, ctx) [, output_rows(rows),
//               parameters(rows), parameter_gradient()]
//   loss:       value(y, t), gradient(y, t, dy)
//   optimizer:  constructor (values, rows, cols), step(w, g, info), state(visit)
// NEURITE_EXPORT_PLUGIN(Class) instantiates it for float and double and publishes it.
#include <boost/dll/alias.hpp>
#include <memory>
#include <string>
#include <type_traits>

#include <neurite/sdk/abi.hpp>
#include <neurite/sdk/errors.hpp>
#include <neurite/sdk/interfaces.hpp>
#include <neurite/sdk/manifest.hpp>
#include <neurite/sdk/math.hpp>
#include <neurite/sdk/meta.hpp>
#include <neurite/sdk/params.hpp>

namespace neurite::detail {

template <typename P>
P construct(const Values& v) {
  if constexpr (std::is_constructible_v<P, const Values&>) return P(v);
  else return P();
}

// Prefixes a refusal with the plugin's name, so the user learns whose parameter was wrong.
template <typename Fn>
decltype(auto) naming(std::string_view plugin, Fn&& fn) {
  try {
    return fn();
  } catch (const BadParameter& e) {
    throw BadParameter(std::string(plugin) + ": " + e.what());
  }
}

template <template <typename> class P, typename T>
class ActivatorAdapter final : public Activator<T> {
 public:
  explicit ActivatorAdapter(const Values& v) : impl_(construct<P<T>>(v)) {}
  arma::uword output_rows(arma::uword rows) const override {
    if constexpr (requires(const P<T>& p) { p.output_rows(rows); })
      return naming(P<T>::meta.name, [&] { return impl_.output_rows(rows); });
    else
      return rows;
  }
  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const Context& ctx) override {
    impl_.forward(x, y, ctx);
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>& y, const arma::Mat<T>& dy,
                arma::Mat<T>& dx, const Context& ctx) override {
    impl_.backward(x, y, dy, dx, ctx);
  }
  arma::Mat<T>* parameters(arma::uword rows) override {
    if constexpr (requires(P<T>& p) { p.parameters(rows); }) return &impl_.parameters(rows);
    else return nullptr;
  }
  const arma::Mat<T>* parameter_gradient() const override {
    if constexpr (requires(const P<T>& p) { p.parameter_gradient(); })
      return &impl_.parameter_gradient();
    else
      return nullptr;
  }

 private:
  P<T> impl_;
};

template <template <typename> class P, typename T>
class LossAdapter final : public Loss<T> {
 public:
  explicit LossAdapter(const Values& v) : impl_(construct<P<T>>(v)) {}
  T value(const arma::Mat<T>& y, const arma::Mat<T>& t) override { return impl_.value(y, t); }
  void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) override {
    impl_.gradient(y, t, dy);
  }

 private:
  P<T> impl_;
};

template <template <typename> class P, typename T>
class OptimizerAdapter final : public Optimizer<T> {
 public:
  OptimizerAdapter(const Values& v, arma::uword rows, arma::uword cols) : impl_(v, rows, cols) {}
  void step(arma::Mat<T>& w, const arma::Mat<T>& g, const StepInfo& info) override {
    impl_.step(w, g, info);
  }
  void state(StateVisitor<T>& visit) override { impl_.state(visit); }
  std::optional<T> take_plain_step(const StepInfo& info) override {
    if constexpr (requires { impl_.take_plain_step(info); }) return impl_.take_plain_step(info);
    else return std::nullopt;
  }

 private:
  P<T> impl_;
};

template <template <typename> class P, typename T>
Factories<T> factories_of() {
  constexpr auto family = P<T>::meta.family;
  constexpr auto name = P<T>::meta.name;
  Factories<T> f;
  if constexpr (family == Family::activation)
    f.activator = [](const Values& v) -> std::unique_ptr<Activator<T>> {
      return naming(name, [&] { return std::make_unique<ActivatorAdapter<P, T>>(v); });
    };
  else if constexpr (family == Family::loss)
    f.loss = [](const Values& v) -> std::unique_ptr<Loss<T>> {
      return naming(name, [&] { return std::make_unique<LossAdapter<P, T>>(v); });
    };
  else
    f.optimizer = [](const Values& v, arma::uword rows,
                     arma::uword cols) -> std::unique_ptr<Optimizer<T>> {
      return naming(name, [&] { return std::make_unique<OptimizerAdapter<P, T>>(v, rows, cols); });
    };
  return f;
}

template <template <typename> class P>
Entry entry_of() {
  using D = P<double>;
  Entry e;
  e.meta = D::meta;
  if constexpr (requires { D::params; }) e.params = std::span<const Param>(D::params);
  if constexpr (requires(const Values& v) { D::kinks(v); }) e.kinks = &D::kinks;
  e.f32 = factories_of<P, float>();
  e.f64 = factories_of<P, double>();
  return e;
}

template <template <typename> class... P>
Manifest make_manifest() {
  return Manifest{{entry_of<P>()...}};
}

}  // namespace neurite::detail

// Publishes the library's ABI word and its manifest as the two Boost.DLL aliases the host reads.
#define NEURITE_EXPORT_PLUGINS(...)                                                      \
  namespace {                                                                            \
  const ::neurite::Manifest& neurite_manifest_function() {                               \
    static const ::neurite::Manifest manifest = ::neurite::detail::make_manifest<__VA_ARGS__>(); \
    return manifest;                                                                     \
  }                                                                                      \
  const std::uint32_t neurite_abi_value = ::neurite::abi_word;                           \
  }                                                                                      \
  BOOST_DLL_ALIAS(neurite_abi_value, neurite_abi)                                        \
  BOOST_DLL_ALIAS(neurite_manifest_function, neurite_manifest)

#define NEURITE_EXPORT_PLUGIN(Plugin) NEURITE_EXPORT_PLUGINS(Plugin)
