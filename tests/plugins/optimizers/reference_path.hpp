#pragma once
// The machinery of the optimizer tests: the fixed 2x2 problem, a catalog update written out in
// long double (a Reference) run alongside the plugin in float and double, and the checks every
// case shares (conformance, the `lr` alias, no allocation in step()). The counter header defines
// malloc and friends, so this file belongs to the one optimizer test executable.
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>
#include <neurite/sdk/testing.hpp>
#include "../../support/allocation_counter.hpp"

namespace {

namespace tt = boost::test_tools;
using L = long double;
constexpr std::size_t K = 4;  // the elements of the 2x2 test tensor, in storage order
using Vec = std::array<L, K>;

constexpr std::array<double, K> start = {0.5, -1.5, 2.0, -0.25};
// Gradients per step: a zero element, sign changes, growing and shrinking magnitudes.
constexpr std::array<std::array<double, K>, 8> gradients = {{
    {0.3, -1.2, 0.0, 2.5},
    {-0.4, -0.9, 0.7, 2.0},
    {0.2, 1.1, 0.5, -0.6},
    {0.25, 0.8, -0.3, 1.4},
    {-0.1, 0.6, 0.9, 1.1},
    {0.35, -0.5, 0.4, 0.9},
    {0.15, 0.7, -0.2, -1.3},
    {-0.05, 0.3, 0.6, 0.5},
}};
// Eve's losses (fstar = 1, c = 1.2): the change 1.5 -> 1.2 is clipped to c, 0.9 lies below fstar
// for steps 3 and 4, and 1.3 -> 1.15 gives r = 1 unclipped.
constexpr std::array<double, 8> losses = {1.5, 1.2, 0.9, 1.3, 1.15, 1.1, 1.05, 1.02};
constexpr std::uint64_t seed = 20240611;

struct Setting {
  const char* key;
  double value;
};
using Settings = std::vector<Setting>;

neurite::Assignments assignments(const Settings& settings) {
  neurite::Assignments out;
  for (const auto& s : settings) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", s.value);
    out.emplace_back(s.key, text);
  }
  return out;
}

// One step of the catalog's equations: updates w for step t (1-based), gradient g, loss f.
using Reference = std::function<void(Vec& w, const Vec& g, L f, int t)>;

Vec as_long(const std::array<double, K>& x) {
  Vec out;
  for (std::size_t i = 0; i < K; ++i) out[i] = x[i];
  return out;
}

struct Problem {
  int steps = 3;
  double n = 1;  // Santa's N
};

template <typename T>
std::vector<arma::Mat<T>> plugin_path(const neurite::Entry& entry, const neurite::Values& values,
                                      const Problem& problem) {
  auto optimizer = entry.factories<T>().optimizer(values, 2, 2);
  arma::Mat<T> w(2, 2), g(2, 2);
  for (std::size_t i = 0; i < K; ++i) w[i] = T(start[i]);
  neurite::Generator rng(seed);
  neurite::StepInfo info;
  info.n = problem.n;
  info.rng = &rng;
  std::vector<arma::Mat<T>> path;
  for (int t = 0; t < problem.steps; ++t) {
    for (std::size_t i = 0; i < K; ++i) g[i] = T(gradients[t][i]);
    info.loss = losses[t];
    optimizer->step(w, g, info);
    path.push_back(w);
  }
  return path;
}

std::vector<Vec> reference_path(const Reference& step, const Problem& problem) {
  Vec w = as_long(start);
  std::vector<Vec> path;
  for (int t = 1; t <= problem.steps; ++t) {
    step(w, as_long(gradients[t - 1]), losses[t - 1], t);
    path.push_back(w);
  }
  return path;
}

// The plugin's path equals the reference in double and, where the draws do not depend on the
// element type, in float.
void expect_path(const neurite::Entry& entry, const Settings& settings, const Reference& step,
                 Problem problem = {}, bool with_float = true) {
  const auto values = neurite::resolve(entry.meta.name, entry.params, assignments(settings));
  const auto expected = reference_path(step, problem);
  const auto in_double = plugin_path<double>(entry, values, problem);
  for (int t = 0; t < problem.steps; ++t)
    for (std::size_t i = 0; i < K; ++i) {
      BOOST_TEST_CONTEXT("double, step " << t + 1 << ", element " << i) {
        BOOST_TEST(in_double[t][i] == double(expected[t][i]), tt::tolerance(1e-12));
      }
    }
  if (!with_float) return;
  const auto in_float = plugin_path<float>(entry, values, problem);
  for (int t = 0; t < problem.steps; ++t)
    for (std::size_t i = 0; i < K; ++i) {
      BOOST_TEST_CONTEXT("float, step " << t + 1 << ", element " << i) {
        BOOST_TEST(double(in_float[t][i]) == double(expected[t][i]), tt::tolerance(1e-5));
      }
    }
}

class StepCount final : public neurite::StateVisitor<double> {
 public:
  void operator()(std::string_view name, std::uint64_t& value) override {
    if (name == "t") t = value;
  }
  void operator()(std::string_view, double&) override {}
  void operator()(std::string_view, arma::mat&) override {}
  std::uint64_t t = 0;
};

// At the defaults, steps 4-8 on a tensor too large for Armadillo's in-object storage allocate
// nothing.
void expect_no_allocation(const neurite::Entry& entry, const neurite::Values& values) {
  auto optimizer = entry.f64.optimizer(values, 8, 5);
  arma::mat w(8, 5), g(8, 5);
  for (arma::uword i = 0; i < w.n_elem; ++i) w[i] = std::sin(0.7 * double(i));
  neurite::Generator rng(seed);
  neurite::StepInfo info;
  info.rng = &rng;
  neurite::test::allocations::start();
  const arma::mat probe(8, 5);
  BOOST_TEST(neurite::test::allocations::stop() > 0, "the allocation counter missed an 8x5 matrix");
  long seen = 0;
  for (int t = 1; t <= 8; ++t) {
    g = arma::cos(3.0 * w + double(t));
    info.loss = 1.0 / t;
    if (t == 4) neurite::test::allocations::start();
    optimizer->step(w, g, info);
  }
  seen = neurite::test::allocations::stop();
  BOOST_TEST(seen == 0, "step() allocated " << seen << " times in steps 4-8");
  StepCount count;
  optimizer->state(count);
  BOOST_TEST(count.t == 8u, "the state's step count t is " << count.t << " after 8 steps");
}

// The common part of every case: conformance, `lr`, no allocation in step().
const neurite::Entry& load_and_check(const neurite::testing::Loaded& library,
                                     std::string_view name) {
  const auto& entry = library.entry(name);
  BOOST_TEST((entry.meta.family == neurite::Family::optimizer));
  const auto report = neurite::conformance::check(entry);
  BOOST_TEST_MESSAGE(report.text());
  BOOST_TEST(report.ok(), report.text());

  const auto rates = std::count_if(entry.params.begin(), entry.params.end(),
                                   [](const neurite::Param& p) { return p.learning_rate; });
  BOOST_TEST(rates == 1, name << " declares " << rates << " learning rates");
  for (const auto& p : entry.params)
    if (p.learning_rate) {
      const auto values = neurite::resolve(entry.meta.name, entry.params, {{"lr", "0.125"}});
      BOOST_TEST(values.get<double>(p.name) == 0.125);
    }
  expect_no_allocation(entry, neurite::resolve(entry.meta.name, entry.params, {}));
  return entry;
}

#define LOAD(file, name)                                                         \
  const auto library = neurite::testing::load_only(NEURITE_PLUGIN_DIR "/" file); \
  const auto& entry = load_and_check(library, name)

L sign(L x) { return L((x > 0) - (x < 0)); }

}  // namespace
