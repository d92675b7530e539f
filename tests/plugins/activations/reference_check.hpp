#pragma once
// The machinery of the activation tests: reading tests/reference/activations.csv (exact values
// from mpmath), loading one plugin's library alone, and checking a plugin against its reference
// rows and the conformance checks in float and double.
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>
#include <neurite/sdk/testing.hpp>

namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(text);
  while (std::getline(in, item, sep)) out.push_back(item);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

std::vector<double> numbers(const std::string& text) {
  std::vector<double> out;
  for (const auto& item : split(text, ' '))
    if (!item.empty()) out.push_back(std::strtod(item.c_str(), nullptr));
  return out;
}

neurite::Assignments assignments(const std::string& text) {
  neurite::Assignments out;
  for (const auto& item : split(text, ' ')) {
    if (item.empty()) continue;
    const auto eq = item.find('=');
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

// One line of tests/reference/activations.csv.
struct Case {
  std::string name, params;
  std::vector<double> x, dy, f, dx;
  std::string flags;  // elementwise: 'z' where f (first) or f' (second) has a zero within 1e-3
};

const std::vector<Case>& reference() {
  static const std::vector<Case> cases = [] {
    std::ifstream in(NEURITE_SOURCE_DIR "/tests/reference/activations.csv");
    BOOST_TEST_REQUIRE(in.good(), "cannot read tests/reference/activations.csv");
    std::vector<Case> out;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      const auto fields = split(line, ',');
      BOOST_TEST_REQUIRE(fields.size() == 7u, "bad reference line: " << line);
      out.push_back({fields[0], fields[1], numbers(fields[2]), numbers(fields[3]),
                     numbers(fields[4]), numbers(fields[5]), fields[6]});
    }
    return out;
  }();
  return cases;
}

// A plugin library loaded alone, and the plugin it provides.
class Plugin {
 public:
  Plugin(const std::string& file, const std::string& name)
      : loaded_(neurite::testing::load_only(NEURITE_PLUGIN_DIR "/" + file + ".so")),
        entry_(loaded_.entry(name)) {}
  const neurite::Entry& entry() const { return entry_; }
  neurite::Values values(const std::string& params) const {
    return neurite::resolve(entry_.meta.name, entry_.params, assignments(params));
  }
  template <typename T>
  std::unique_ptr<neurite::Activator<T>> make(const std::string& params = "") const {
    return entry_.factories<T>().activator(values(params));
  }

 private:
  neurite::testing::Loaded loaded_;
  const neurite::Entry& entry_;
};

template <typename T>
struct Run {
  arma::Mat<T> y, dx;
};

// forward, then backward with dy, in inference mode.
template <typename T>
Run<T> run(neurite::Activator<T>& act, const arma::Mat<T>& x, const arma::Mat<T>& dy) {
  neurite::Generator rng(1);
  neurite::Context ctx{false, &rng};
  Run<T> r{arma::Mat<T>(act.output_rows(x.n_rows), x.n_cols, arma::fill::zeros),
           arma::Mat<T>(x.n_rows, x.n_cols, arma::fill::zeros)};
  act.forward(x, r.y, ctx);
  act.backward(x, r.y, dy, r.dx, ctx);
  return r;
}

template <typename T>
Run<T> run_column(neurite::Activator<T>& act, const std::vector<double>& x,
                  const std::vector<double>& dy) {
  return run(act, arma::conv_to<arma::Mat<T>>::from(arma::vec(x)),
             arma::conv_to<arma::Mat<T>>::from(arma::vec(dy)));
}

// The catalog's accuracy target: relative 1e-13 (double) or 1e-6 (float) against the exact value,
// or absolute 1e-15 (1e-7) max(1, |x|) within 1e-3 of a zero; results below the normal range are
// allowed the spacing of the subnormal numbers, scaled as the absolute rule is. Stricter than the
// catalog where the exact value is 0 (flat regions: step, ReLU, the shrink bands): 0 is expected
// there, not anything below 1e-15 |x|, which at x = -1e30 would be anything below 1e15.
template <typename T>
bool accurate(double got, double exact, double x, bool near_zero) {
  constexpr bool single = std::is_same_v<T, float>;
  const double scale = std::max(1.0, std::abs(x));
  const double tolerance = (single ? 1e-6 : 1e-13) * std::abs(exact) +
                           (near_zero && exact != 0 ? (single ? 1e-7 : 1e-15) * scale : 0.0) +
                           2 * scale * std::numeric_limits<T>::denorm_min();
  return got == exact || std::abs(got - exact) <= tolerance;
}

bool is_float(double v) { return double(float(v)) == v; }

// Every reference case of one plugin, in precision T: values and derivatives (dy = 1 for
// elementwise functions; the given dy for column-wise ones). Float runs only the cases whose
// inputs are exactly floats, against the exact value of those inputs.
template <typename T>
void check_reference(const Plugin& plugin) {
  const std::string name(plugin.entry().meta.name);
  const char* precision = std::is_same_v<T, float> ? "float" : "double";
  int checked = 0, failed = 0;
  std::ostringstream first;
  first.precision(17);
  for (const auto& c : reference()) {
    if (c.name != name) continue;
    if (std::is_same_v<T, float> &&
        !(std::all_of(c.x.begin(), c.x.end(), is_float) &&
          std::all_of(c.dy.begin(), c.dy.end(), is_float)))
      continue;
    const auto act = plugin.make<T>(c.params);
    const Run<T> r = run_column(*act, c.x, c.dy);
    const bool elementwise = c.x.size() == 1 && c.flags.size() == 2;
    auto expect = [&](const char* what, double got, double exact, double x, bool near_zero) {
      if (std::isnan(exact) || std::abs(exact) > std::numeric_limits<T>::max()) return;
      ++checked;
      if (accurate<T>(got, exact, x, near_zero)) return;
      if (failed++ < 8)
        first << "\n  " << name << "(" << c.params << ") " << what << " at x=" << x << " ["
              << precision << "]: got " << got << ", exact " << exact << ", relative error "
              << std::abs(got - exact) / std::abs(exact);
    };
    BOOST_TEST_REQUIRE(r.y.n_elem == c.f.size());
    for (std::size_t i = 0; i < c.f.size(); ++i)
      expect("f", r.y[i], c.f[i], elementwise ? c.x[0] : 1.0, elementwise && c.flags[0] == 'z');
    for (std::size_t i = 0; i < c.dx.size(); ++i)
      expect("dx", r.dx[i], c.dx[i], elementwise ? c.x[0] : 1.0,
             elementwise && c.flags[1] == 'z');
  }
  BOOST_TEST(checked > 0, "no reference values for " << name << " in " << precision);
  BOOST_TEST(failed == 0, failed << " of " << checked << " reference values of " << name
                                 << " missed the target in " << precision << ":" << first.str());
}

// The elementwise cases again, all with the same parameters in one batch, each case a column of
// 16 equal entries: a whole block for the batch paths (the piecewise fast paths of
// sdk/piecewise.hpp take blocks of 16 that lie in their span), and the columns out of span mixed
// in between, as in a real batch.
template <typename T>
void check_reference_batched(const Plugin& plugin) {
  const std::string name(plugin.entry().meta.name);
  std::map<std::string, std::vector<const Case*>> by_params;
  for (const auto& c : reference())
    if (c.name == name && c.x.size() == 1 && c.flags.size() == 2 &&
        (!std::is_same_v<T, float> || is_float(c.x[0])))
      by_params[c.params].push_back(&c);
  constexpr arma::uword block = 16;
  int checked = 0, failed = 0;
  std::ostringstream first;
  first.precision(17);
  for (const auto& [params, cases] : by_params) {
    arma::Mat<T> x(block, cases.size()), dy(block, cases.size(), arma::fill::ones);
    for (std::size_t k = 0; k < cases.size(); ++k) x.col(k).fill(T(cases[k]->x[0]));
    const auto act = plugin.make<T>(params);
    const Run<T> r = run(*act, x, dy);
    for (std::size_t k = 0; k < cases.size(); ++k) {
      const Case& c = *cases[k];
      const auto expect = [&](const char* what, const T* got, double exact, bool near_zero) {
        if (std::isnan(exact) || std::abs(exact) > std::numeric_limits<T>::max()) return;
        for (arma::uword i = 0; i < block; ++i, ++checked) {
          if (accurate<T>(got[i], exact, c.x[0], near_zero)) continue;
          if (failed++ < 8)
            first << "\n  " << name << "(" << params << ") " << what << " at x=" << c.x[0]
                  << ", entry " << i << " of its block: got " << got[i] << ", exact " << exact;
        }
      };
      expect("f", r.y.colptr(k), c.f[0], c.flags[0] == 'z');
      expect("dx", r.dx.colptr(k), c.dx[0], c.flags[1] == 'z');
    }
  }
  BOOST_TEST(failed == 0, failed << " of " << checked << " batched reference values of " << name
                                 << " missed the target:" << first.str());
}

// The conformance checks at the defaults, and the activation checks at a second parameter set.
void check_conformance(const Plugin& plugin, const std::string& other_params) {
  const auto report = neurite::conformance::check(plugin.entry());
  BOOST_TEST(report.ok(), report.text());
  if (other_params.empty()) return;
  neurite::Report other(std::string(plugin.entry().meta.name) + "(" + other_params + ")");
  neurite::conformance::check_activation_mode(plugin.entry(), plugin.values(other_params), false,
                                              other);
  neurite::conformance::check_activation_mode(plugin.entry(), plugin.values(other_params), true,
                                              other);
  BOOST_TEST(other.ok(), other.text());
}

// What every case does: the catalog's initialisation, conformance, then the reference values in
// both precisions, one by one and batched.
void standard(const Plugin& plugin, neurite::Init init, const std::string& other_params = "") {
  BOOST_TEST((plugin.entry().meta.init == init),
             plugin.entry().meta.name << " prefers " << neurite::to_string(
                 plugin.entry().meta.init) << ", the catalog says " << neurite::to_string(init));
  check_conformance(plugin, other_params);
  check_reference<double>(plugin);
  check_reference<float>(plugin);
  check_reference_batched<double>(plugin);
  check_reference_batched<float>(plugin);
}

// One of the catalog's named values, with its derivative: exact where representable.
template <typename T>
void edge(const Plugin& plugin, std::vector<double> x, std::vector<double> dy,
          std::vector<double> f, std::vector<double> dx) {
  const auto act = plugin.make<T>();
  const Run<T> r = run_column(*act, x, dy);
  for (std::size_t i = 0; i < f.size(); ++i)
    BOOST_TEST(accurate<T>(r.y[i], f[i], x[i], false),
               plugin.entry().meta.name << " f[" << i << "] = " << r.y[i] << ", expected " << f[i]);
  for (std::size_t i = 0; i < dx.size(); ++i) {
    BOOST_TEST(std::isfinite(r.dx[i]));
    BOOST_TEST(accurate<T>(r.dx[i], dx[i], x[i], false),
               plugin.entry().meta.name << " dx[" << i << "] = " << r.dx[i] << ", expected "
                                        << dx[i]);
  }
}

void edge_both(const Plugin& plugin, std::vector<double> x, std::vector<double> dy,
               std::vector<double> f, std::vector<double> dx) {
  edge<double>(plugin, x, dy, f, dx);
  edge<float>(plugin, x, dy, f, dx);
}

// The declared kinks for a parameter set.
std::vector<double> kinks(const Plugin& plugin, const std::string& params = "") {
  const auto declared = plugin.entry().kinks;
  return declared ? declared(plugin.values(params)) : std::vector<double>{};
}

// nan in, nan out: f and f' (in a batch, so that both the exact path and, where a plugin has one,
// its block path see it).
template <typename T>
void nan_stays_nan(const Plugin& plugin, const std::string& params) {
  const auto act = plugin.make<T>(params);
  const arma::Mat<T> x(16, 2, arma::fill::value(std::numeric_limits<T>::quiet_NaN()));
  const Run<T> r = run(*act, x, arma::Mat<T>(16, 2, arma::fill::ones));
  for (arma::uword i = 0; i < r.y.n_elem; ++i)
    BOOST_TEST((std::isnan(r.y[i]) && std::isnan(r.dx[i])),
               plugin.entry().meta.name << "(" << params << "): f(nan) = " << r.y[i]
                                        << ", f'(nan) = " << r.dx[i]);
}

void refused(const Plugin& plugin, const std::string& params,
             std::initializer_list<std::string> named) {
  try {
    plugin.make<double>(params);
    BOOST_ERROR(plugin.entry().meta.name << " accepted " << params);
  } catch (const neurite::BadParameter& e) {
    const std::string message = e.what();
    for (const auto& part : named)
      BOOST_TEST(message.find(part) != std::string::npos,
                 "'" << message << "' does not name '" << part << "'");
  }
}

}  // namespace
