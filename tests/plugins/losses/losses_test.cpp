// Each shipped loss, loaded alone from its own library through the host's loader: the conformance
// checks pass; metadata is the catalog's; value and gradient match mpmath references
// (tests/reference/losses.py) to the catalog's accuracy in double and float, edge cases included;
// value and gradient allocate nothing once warm. And the conformance checks fail on losses that
// are wrong on purpose, each in the check that should see it.
#define BOOST_TEST_MODULE losses
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <sstream>

#include <neurite/sdk/testing.hpp>

#include "../../support/allocation_counter.hpp"

namespace {

namespace fs = std::filesystem;
using neurite::InputKind;

// What CATALOG.md says about each loss, written out here, not read from the plugins.
struct ParamSpec {
  std::string name;
  double fallback;
  std::string range;
};
struct Expected {
  std::string name;
  std::vector<std::string> aliases;
  InputKind input;
  std::vector<ParamSpec> params;
};

const std::map<std::string, Expected>& catalog() {
  static const std::map<std::string, Expected> rows{
      {"square", {"square", {"square-error"}, InputKind::values, {}}},
      {"binary_cross_entropy",
       {"binary-cross-entropy", {"bce"}, InputKind::sigmoid_probabilities, {}}},
      {"cross_entropy", {"cross-entropy", {}, InputKind::probabilities, {}}},
      {"softmax_cross_entropy",
       {"softmax-cross-entropy",
        {"softmax-with-loss"},
        InputKind::logits,
        {{"label_smoothing", 0, "[0, 1]"}}}},
      {"mse", {"mse", {"mean-squared-error"}, InputKind::values, {}}},
      {"l1", {"l1", {"mae"}, InputKind::values, {}}},
      {"huber", {"huber", {}, InputKind::values, {{"delta", 1, "(0, inf)"}}}},
      {"smooth_l1", {"smooth-l1", {}, InputKind::values, {{"beta", 1, "(0, inf)"}}}},
      {"log_cosh", {"log-cosh", {}, InputKind::values, {}}},
      {"bce_with_logits", {"bce-with-logits", {}, InputKind::logits, {}}},
      {"nll", {"nll", {}, InputKind::log_probabilities, {}}},
      {"kl_divergence", {"kl-divergence", {}, InputKind::log_probabilities, {}}},
      {"hinge", {"hinge", {"multi-margin"}, InputKind::logits, {{"margin", 1, "[0, inf)"}}}},
      {"focal", {"focal", {}, InputKind::logits, {{"gamma", 2, "[0, inf)"}}}},
  };
  return rows;
}

// One reference case of tests/reference/losses.txt.
struct Case {
  std::string loss, note;
  neurite::Assignments params;
  arma::mat y64, t64, g64, y32, t32, g32;
  double e64 = 0, e32 = 0;
};

std::vector<Case> read_cases(const fs::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  std::vector<Case> cases;
  std::string line;
  arma::uword k = 0, n = 0;
  auto numbers = [](std::istringstream& s) {
    std::vector<double> v;
    std::string word;
    while (s >> word) v.push_back(std::strtod(word.c_str(), nullptr));
    return v;
  };
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream s(line);
    std::string tag;
    s >> tag;
    if (tag == "case") {
      Case c;
      std::string params;
      s >> c.loss >> params >> k >> n >> c.note;
      if (params != "-") {
        std::istringstream list(params);
        std::string item;
        while (std::getline(list, item, ',')) {
          const auto eq = item.find('=');
          c.params.emplace_back(item.substr(0, eq), item.substr(eq + 1));
        }
      }
      cases.push_back(std::move(c));
      continue;
    }
    if (cases.empty()) throw std::runtime_error("data before the first case in " + file.string());
    Case& c = cases.back();
    const auto v = numbers(s);
    if (tag == "E64" || tag == "E32") {
      (tag == "E64" ? c.e64 : c.e32) = v.at(0);
      continue;
    }
    if (v.size() != k * n) throw std::runtime_error("wrong count of numbers in " + tag);
    arma::mat m(v);
    m.reshape(k, n);
    std::map<std::string, arma::mat*> slots{{"y64", &c.y64}, {"t64", &c.t64}, {"g64", &c.g64},
                                            {"y32", &c.y32}, {"t32", &c.t32}, {"g32", &c.g32}};
    *slots.at(tag) = m;
  }
  return cases;
}

const std::vector<Case>& reference_cases() {
  static const std::vector<Case> cases = read_cases(NEURITE_LOSS_REFERENCE);
  return cases;
}

// The catalog's accuracy target: relative 1e-13 (double) or 1e-6 (float), or absolute
// 1e-15 max(1, max|y|) (double) or 1e-7 max(1, max|y|) (float) for quantities within 1e-3 of 0.
template <typename T>
bool accurate(double got, double exact, double max_y) {
  if (!std::isfinite(exact)) return got == exact;
  constexpr bool is_float = std::is_same_v<T, float>;
  const double err = std::abs(got - exact);
  return err <= (is_float ? 1e-6 : 1e-13) * std::abs(exact) ||
         (std::abs(exact) <= 1e-3 && err <= (is_float ? 1e-7 : 1e-15) * std::max(1.0, max_y));
}

template <typename T>
void compare_with_reference(const neurite::Entry& entry, const Case& c) {
  constexpr bool is_float = std::is_same_v<T, float>;
  const char* precision = is_float ? "float" : "double";
  const auto values = neurite::resolve(entry.meta.name, entry.params, c.params);
  auto loss = entry.factories<T>().loss(values);
  const arma::Mat<T> y = arma::conv_to<arma::Mat<T>>::from(is_float ? c.y32 : c.y64);
  const arma::Mat<T> t = arma::conv_to<arma::Mat<T>>::from(is_float ? c.t32 : c.t64);
  // The inputs must be the very numbers the reference used.
  BOOST_REQUIRE(arma::approx_equal(arma::conv_to<arma::mat>::from(y), is_float ? c.y32 : c.y64,
                                   "absdiff", 0.0));
  const double max_y = arma::abs(arma::conv_to<arma::mat>::from(y)).max();
  const double exact_e = is_float ? c.e32 : c.e64;
  const double e = loss->value(y, t);
  BOOST_TEST(accurate<T>(e, exact_e, max_y),
             c.note << " (" << precision << "): E = " << std::setprecision(17) << e
                    << ", exact " << exact_e);
  arma::Mat<T> dy(y.n_rows, y.n_cols);
  dy.fill(std::numeric_limits<T>::quiet_NaN());
  loss->gradient(y, t, dy);
  const arma::mat& exact_g = is_float ? c.g32 : c.g64;
  for (arma::uword i = 0; i < dy.n_elem; ++i)
    BOOST_TEST(accurate<T>(dy[i], exact_g[i], max_y),
               c.note << " (" << precision << "): dE/dy(" << i % y.n_rows << "," << i / y.n_rows
                      << ") = " << std::setprecision(17) << double(dy[i]) << ", exact "
                      << exact_g[i]);
}

// A batch of the loss's input kind (6 x 5, past Armadillo's small-matrix buffer), one-hot targets.
template <typename T>
void make_batch(InputKind kind, arma::Mat<T>& y, arma::Mat<T>& t) {
  arma::Mat<T> z(6, 5);
  z.imbue([i = 0]() mutable { return T(0.37 * ((i++ * 7) % 11) - 1.9); });
  y.set_size(6, 5);
  switch (kind) {
    case InputKind::probabilities: neurite::stable::softmax(z, y); break;
    case InputKind::sigmoid_probabilities:
      neurite::elementwise(z, y, [](T v) { return neurite::stable::sigmoid(v); });
      break;
    case InputKind::log_probabilities: neurite::stable::log_softmax(z, y); break;
    default: y = z;
  }
  t.zeros(6, 5);
  for (arma::uword c = 0; c < 5; ++c) t((c * 4) % 6, c) = 1;
}

// After one warm-up call (scratch sized for the shape), value and gradient allocate nothing.
template <typename T>
long steady_allocations(const neurite::Entry& entry) {
  auto loss = entry.factories<T>().loss(neurite::resolve(entry.meta.name, entry.params, {}));
  arma::Mat<T> y, t;
  make_batch(entry.meta.input, y, t);
  arma::Mat<T> dy(y.n_rows, y.n_cols);
  loss->value(y, t);
  loss->gradient(y, t, dy);
  neurite::test::allocations::start();
  for (int i = 0; i < 3; ++i) {
    loss->value(y, t);
    loss->gradient(y, t, dy);
  }
  return neurite::test::allocations::stop();
}

void check_shipped_loss(const std::string& file) {
  const auto& expected = catalog().at(file);
  const auto library = neurite::testing::load_only(fs::path(NEURITE_PLUGIN_DIR) / (file + ".so"));
  const neurite::Entry& entry = library.entry(expected.name);

  BOOST_TEST(entry.meta.name == expected.name);
  BOOST_TEST(to_string(entry.meta.family) == "loss");
  BOOST_TEST(to_string(entry.meta.input) == to_string(expected.input));
  std::vector<std::string> aliases;
  for (auto a : entry.meta.aliases)
    if (!a.empty()) aliases.emplace_back(a);
  BOOST_TEST(aliases == expected.aliases, boost::test_tools::per_element());
  BOOST_REQUIRE_EQUAL(entry.params.size(), expected.params.size());
  for (std::size_t i = 0; i < expected.params.size(); ++i) {
    BOOST_TEST(entry.params[i].name == expected.params[i].name);
    BOOST_TEST(entry.params[i].fallback == expected.params[i].fallback);
    BOOST_TEST(entry.params[i].range_text() == expected.params[i].range);
  }

  const auto report = neurite::conformance::check(entry);
  BOOST_TEST(report.ok(), report.text());
  for (const char* check : {"gradient", "float-double", "extremes", "shapes"}) {
    const auto& f = report.findings();
    BOOST_TEST(std::any_of(f.begin(), f.end(), [&](auto& x) { return x.check == check; }),
               "the report has no '" << check << "' check");
  }

  int cases = 0;
  for (const auto& c : reference_cases()) {
    if (c.loss != file) continue;
    ++cases;
    compare_with_reference<double>(entry, c);
    compare_with_reference<float>(entry, c);
  }
  BOOST_TEST(cases >= 2, "reference cases for " << file << ": " << cases);

  BOOST_TEST(steady_allocations<double>(entry) == 0);
  BOOST_TEST(steady_allocations<float>(entry) == 0);
}

std::string refusal(const std::string& file, const std::string& name, const std::string& key,
                    const std::string& value) {
  const auto library = neurite::testing::load_only(fs::path(NEURITE_PLUGIN_DIR) / (file + ".so"));
  const auto& entry = library.entry(name);
  try {
    neurite::resolve(entry.meta.name, entry.params, {{key, value}});
  } catch (const neurite::BadParameter& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

BOOST_AUTO_TEST_CASE(square) { check_shipped_loss("square"); }
BOOST_AUTO_TEST_CASE(binary_cross_entropy) { check_shipped_loss("binary_cross_entropy"); }
BOOST_AUTO_TEST_CASE(cross_entropy) { check_shipped_loss("cross_entropy"); }
BOOST_AUTO_TEST_CASE(mse) { check_shipped_loss("mse"); }
BOOST_AUTO_TEST_CASE(l1) { check_shipped_loss("l1"); }
BOOST_AUTO_TEST_CASE(log_cosh) { check_shipped_loss("log_cosh"); }
BOOST_AUTO_TEST_CASE(bce_with_logits) { check_shipped_loss("bce_with_logits"); }
BOOST_AUTO_TEST_CASE(nll) { check_shipped_loss("nll"); }
BOOST_AUTO_TEST_CASE(kl_divergence) { check_shipped_loss("kl_divergence"); }
BOOST_AUTO_TEST_CASE(focal) { check_shipped_loss("focal"); }

BOOST_AUTO_TEST_CASE(softmax_cross_entropy) {
  check_shipped_loss("softmax_cross_entropy");
  BOOST_TEST(refusal("softmax_cross_entropy", "softmax-cross-entropy", "label_smoothing", "1.5") ==
             "softmax-cross-entropy: label_smoothing=1.5 is outside its range [0, 1]");
  // The counter sees allocations made inside a plugin: a new batch shape sizes its scratch.
  const auto library =
      neurite::testing::load_only(fs::path(NEURITE_PLUGIN_DIR) / "softmax_cross_entropy.so");
  const auto& entry = library.entry("softmax-cross-entropy");
  auto loss = entry.f64.loss(neurite::resolve(entry.meta.name, entry.params, {}));
  const arma::mat z(7, 9, arma::fill::ones), t(7, 9, arma::fill::zeros);
  neurite::test::allocations::start();
  loss->value(z, t);
  BOOST_TEST(neurite::test::allocations::stop() > 0);
}

BOOST_AUTO_TEST_CASE(huber) {
  check_shipped_loss("huber");
  BOOST_TEST(refusal("huber", "huber", "delta", "0") == "huber: delta=0 is outside its range (0, inf)");
}

BOOST_AUTO_TEST_CASE(smooth_l1) { check_shipped_loss("smooth_l1"); }

BOOST_AUTO_TEST_CASE(hinge) {
  check_shipped_loss("hinge");
  BOOST_TEST(refusal("hinge", "hinge", "margin", "-1") ==
             "hinge: margin=-1 is outside its range [0, inf)");
}

// Each deliberately wrong loss fails exactly the check that should see its fault.
BOOST_AUTO_TEST_CASE(conformance_catches_faults) {
  const auto library = neurite::testing::load_only(NEURITE_FAULTY_LOSSES);
  const std::map<std::string, std::string> fault_check{{"wrong-gradient", "gradient"},
                                                       {"imprecise-float", "float-double"},
                                                       {"nan-at-extremes", "extremes"}};
  for (const auto& [name, failing] : fault_check) {
    const auto report = neurite::conformance::check(library.entry(name));
    BOOST_TEST(!report.ok(), name << " passed: " << report.text());
    for (const auto& f : report.findings())
      BOOST_TEST(f.ok == (f.check != failing),
                 name << ": check '" << f.check << "' " << (f.ok ? "passed" : "failed: ")
                      << f.detail);
    BOOST_TEST(report.text().find(failing + " check failed") != std::string::npos, report.text());
  }
}
