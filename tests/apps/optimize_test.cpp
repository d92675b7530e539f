// `neurite optimize`, run as the real binary: the CSV's shape and values, the conformance
// quadratic's f_end/f_start against CATALOG.md's table, divergence, the numerical gradient,
// refusals, and the SVG read back by an XML parser.
#define BOOST_TEST_MODULE optimize
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "../support/process.hpp"

namespace {

using neurite::test::neurite_cmd;
using neurite::test::lines_of;
using neurite::test::run;

struct Row {
  std::string optimizer;
  long step = 0;
  std::string x0, x1, f;  // as printed: f is "diverged" on a diverged path's last row
};

// The rows after the header; the optimizer field may be quoted (RFC 4180) when it holds a comma.
std::vector<Row> rows_of(const std::string& csv) {
  std::vector<Row> rows;
  const auto lines = lines_of(csv);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string rest = lines[i];
    Row r;
    if (!rest.empty() && rest[0] == '"') {
      const auto close = rest.find("\",", 1);
      r.optimizer = rest.substr(1, close - 1);
      rest = rest.substr(close + 2);
    } else {
      r.optimizer = rest.substr(0, rest.find(','));
      rest = rest.substr(rest.find(',') + 1);
    }
    std::istringstream in(rest);
    std::string step;
    std::getline(in, step, ',');
    std::getline(in, r.x0, ',');
    std::getline(in, r.x1, ',');
    std::getline(in, r.f, ',');
    r.step = std::stol(step);
    rows.push_back(r);
  }
  return rows;
}

std::vector<Row> optimize(const std::string& args) {
  const auto r = run(neurite_cmd("optimize " + args));
  BOOST_TEST_REQUIRE(r.status == 0, "neurite optimize " << args << ": " << r.err);
  BOOST_TEST_REQUIRE(lines_of(r.out).at(0) == "optimizer,step,x0,x1,f");
  return rows_of(r.out);
}

// The rows of one optimizer, in order.
std::vector<Row> path_of(const std::vector<Row>& rows, const std::string& optimizer) {
  std::vector<Row> out;
  for (const auto& r : rows)
    if (r.optimizer == optimizer) out.push_back(r);
  return out;
}

std::string two_digits(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1e", v);
  return text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(sgd_on_shifted_ends_near_the_minimum) {
  const auto rows = optimize("--optimizer 'SGD(lr=0.1)' --function shifted --start 0,0 --steps 20");
  BOOST_TEST_REQUIRE(rows.size() == 21u);
  BOOST_TEST(rows[0].step == 0);
  BOOST_TEST(rows[0].x0 == "0");
  BOOST_TEST(rows[0].x1 == "0");
  BOOST_TEST(std::stod(rows[0].f) == 5.0);
  // Step 1 by hand: w = (0, 0) - 0.1 * (2 (0 - 1), 2 (0 - 2)) = (0.2, 0.4).
  BOOST_TEST(std::stod(rows[1].x0) == 0.2, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(std::stod(rows[1].x1) == 0.4, boost::test_tools::tolerance(1e-15));
  for (std::size_t k = 0; k < rows.size(); ++k) {
    BOOST_TEST(rows[k].optimizer == "SGD(lr=0.1)");
    BOOST_TEST(rows[k].step == static_cast<long>(k));
  }
  BOOST_TEST(std::abs(std::stod(rows.back().x0) - 1) <= 0.03);
  BOOST_TEST(std::abs(std::stod(rows.back().x1) - 2) <= 0.03);
}

// CATALOG.md, "Conformance quadratic": f_end/f_start after 1000 steps from (1, 1), at the
// defaults or at the rate the check uses, to 2 significant digits. A spec with a comma comes back
// quoted and as given.
BOOST_AUTO_TEST_CASE(quadratic_reproduces_the_catalog_table) {
  const std::map<std::string, std::string> table = {
      {"SGD", "1.7e-10"},           {"MSGD", "2.9e-47"},
      {"AdaDelta", "8.7e-05"},      {"Rprop", "2.6e-14"},
      {"Adam", "6.6e-02"},          {"Adam(lr=0.01,beta1=0.9)", "3.3e-42"},
      {"Eve(lr=0.01)", "9.4e-42"},  {"AdaBound(lr=0.1)", "2.6e-24"},
      {"RAdam(lr=0.05)", "1.7e-43"}};
  std::string specs;
  for (const auto& [spec, ratio] : table) specs += (specs.empty() ? "" : ",") + spec;
  const auto rows = optimize("--optimizer '" + specs + "' --function quadratic --steps 1000");
  BOOST_TEST(rows.size() == table.size() * 1001);
  for (const auto& [spec, ratio] : table) {
    BOOST_TEST_CONTEXT(spec) {
      const auto path = path_of(rows, spec);
      BOOST_TEST_REQUIRE(path.size() == 1001u);
      BOOST_TEST(path.front().x0 == "1");
      BOOST_TEST(path.front().x1 == "1");
      BOOST_TEST(std::stod(path.front().f) == 5.5);
      BOOST_TEST(two_digits(std::stod(path.back().f) / 5.5) == ratio);
    }
  }
}

BOOST_AUTO_TEST_CASE(defaults_are_the_functions_start_and_1000_steps) {
  const auto rows = optimize("--optimizer 'Adam(lr=0.05)' --function rosenbrock");
  BOOST_TEST(rows.size() == 1001u);
  BOOST_TEST(rows[0].x0 == "-1.5");
  BOOST_TEST(rows[0].x1 == "2");
  BOOST_TEST(std::stod(rows[0].f) == 2.5 * 2.5 + 100 * 0.25 * 0.25);
  const auto negative = optimize("--optimizer SGD --function sphere --start -0.5,0.25 --steps 1");
  BOOST_TEST(negative[0].x0 == "-0.5");
  BOOST_TEST(negative[0].x1 == "0.25");
}

BOOST_AUTO_TEST_CASE(numerical_gradient_follows_the_exact_one) {
  const std::string args = "--optimizer 'MSGD(lr=0.005)' --function beale --steps 50";
  const auto exact = optimize(args);
  const auto numerical = optimize(args + " --numerical-gradient");
  BOOST_TEST_REQUIRE(exact.size() == numerical.size());
  // Central differences with h = 1e-4 differ from the exact gradient by O(h^2) = 1e-8.
  double largest = 0;
  for (std::size_t k = 0; k < exact.size(); ++k) {
    largest = std::max(largest, std::abs(std::stod(exact[k].x0) - std::stod(numerical[k].x0)));
    largest = std::max(largest, std::abs(std::stod(exact[k].x1) - std::stod(numerical[k].x1)));
  }
  BOOST_TEST(largest < 1e-6);
  BOOST_TEST(largest > 0.0);  // the option did change the gradient
}

BOOST_AUTO_TEST_CASE(a_path_that_stops_being_finite_ends_marked_diverged) {
  const auto r = run(neurite_cmd(
      "optimize --optimizer 'SGD(lr=1.1),SGD(lr=1e-4)' --function rosenbrock --steps 30"));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  const auto rows = rows_of(r.out);
  const auto bad = path_of(rows, "SGD(lr=1.1)");
  BOOST_TEST_REQUIRE(bad.size() >= 2u);
  BOOST_TEST(bad.size() < 31u);
  BOOST_TEST(bad.back().f == "diverged");
  BOOST_TEST(bad.back().step == static_cast<long>(bad.size()) - 1);
  for (std::size_t k = 0; k + 1 < bad.size(); ++k) BOOST_TEST(std::isfinite(std::stod(bad[k].f)));
  BOOST_TEST(path_of(rows, "SGD(lr=1e-4)").size() == 31u);  // the next path is unaffected
  BOOST_TEST(r.err.find("SGD(lr=1.1) diverged at step " + std::to_string(bad.back().step)) !=
                 std::string::npos,
             r.err);
}

BOOST_AUTO_TEST_CASE(unknown_optimizer_fails_with_a_message) {
  const auto r = run(neurite_cmd("optimize --optimizer 'SGD,NoSuchOptimizer' --function sphere"));
  BOOST_TEST(r.status != 0);
  BOOST_TEST(r.err.find("NoSuchOptimizer") != std::string::npos, r.err);
  BOOST_TEST(r.out.empty());  // specs are resolved before anything runs
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused) {
  const auto function = run(neurite_cmd("optimize --optimizer SGD --function himmelblau"));
  BOOST_TEST(function.status == 2);
  BOOST_TEST(function.err.find("rosenbrock") != std::string::npos, function.err);
  const auto start = run(neurite_cmd("optimize --optimizer SGD --function sphere --start 1"));
  BOOST_TEST(start.status == 2);
  BOOST_TEST(start.err.find("--start") != std::string::npos, start.err);
  const auto parameter = run(neurite_cmd("optimize --optimizer 'Adam(beta1=2)' --function sphere"));
  BOOST_TEST(parameter.status != 0);
  BOOST_TEST(parameter.err.find("beta1") != std::string::npos, parameter.err);
}

// Parses the SVG with Python's XML parser and prints what the test checks, one fact a line.
const char* const svg_summary = R"(import sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
print('root', root.tag == ns + 'svg')
print('viewBox', root.get('viewBox'))
groups = {g.get('class'): g for g in root.iter(ns + 'g') if g.get('class')}
print('contours', sum(1 for p in groups['contours'].iter(ns + 'path') if p.get('d')))
for path in groups['paths']:
    print('path', path.get('data-name'), sum(1 for p in path.iter(ns + 'polyline')))
print('legend', '|'.join(t.text for t in groups['legend'].iter(ns + 'text')
                         if t.get('class') == 'legend-name'))
)";

BOOST_AUTO_TEST_CASE(svg_draws_every_path_over_contours_and_names_each_in_the_legend) {
  neurite::test::TempDir dir;
  std::ofstream(dir / "summary.py") << svg_summary;
  const auto svg = (dir / "path.svg").string();
  const std::string names[] = {"SGD(lr=1e-4)", "MSGD(lr=1e-4)", "NAG(lr=1e-4)", "Adam(lr=0.05)",
                               "AdaBound(lr=0.05)"};
  const auto r =
      run(neurite_cmd("optimize --optimizer 'SGD(lr=1e-4),MSGD(lr=1e-4),NAG(lr=1e-4),Adam(lr=0.05),"
                      "AdaBound(lr=0.05)' --function rosenbrock --svg " +
                      svg));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(rows_of(r.out).size() == 5u * 1001u);  // the CSV still goes to stdout
  const auto summary = run("python3 " + (dir / "summary.py").string() + " " + svg);
  BOOST_TEST_REQUIRE(summary.status == 0, "not well-formed XML: " << summary.err);
  const auto lines = lines_of(summary.out);
  BOOST_TEST_REQUIRE(lines.size() == 3u + 5u + 1u, summary.out);
  BOOST_TEST(lines[0] == "root True");
  std::istringstream view(lines[1].substr(8));
  double x0, y0, w, h;
  BOOST_TEST_REQUIRE(static_cast<bool>(view >> x0 >> y0 >> w >> h), lines[1]);
  BOOST_TEST(w > 0.0);
  BOOST_TEST(h > 0.0);
  BOOST_TEST(std::stoi(lines[2].substr(9)) >= 5, lines[2]);
  std::string legend = "legend ";
  for (std::size_t k = 0; k < 5; ++k) {
    BOOST_TEST(lines[3 + k].rfind("path " + names[k] + " ", 0) == 0u, lines[3 + k]);
    BOOST_TEST(std::stoi(lines[3 + k].substr(lines[3 + k].rfind(' ') + 1)) >= 1, lines[3 + k]);
    legend += (k ? "|" : "") + names[k];
  }
  BOOST_TEST(lines[8] == legend);
  BOOST_TEST(!std::filesystem::exists(svg + ".tmp"));
}
