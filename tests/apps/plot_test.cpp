// `neurite plot`, run as the real binary: the CSV grid and values against the formulas, negative
// ranges written as users write them, --param, column-wise activations, and the SVG read back by
// an XML parser.
#define BOOST_TEST_MODULE plot
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <map>
#include <sstream>

#include "../support/process.hpp"

namespace {

using neurite::test::neurite_cmd;
using neurite::test::lines_of;
using neurite::test::run;

struct Row {
  std::string name;
  double x, f, df;
};

// The rows after the header; names in these tests hold no commas, so no quoting to undo.
std::vector<Row> rows_of(const std::string& csv) {
  std::vector<Row> rows;
  const auto lines = lines_of(csv);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::istringstream in(lines[i]);
    Row r;
    std::string x, f, df;
    std::getline(in, r.name, ',');
    std::getline(in, x, ',');
    std::getline(in, f, ',');
    std::getline(in, df, ',');
    r.x = std::stod(x);
    r.f = std::stod(f);
    r.df = std::stod(df);
    rows.push_back(r);
  }
  return rows;
}

std::vector<Row> plot(const std::string& args) {
  const auto r = run(neurite_cmd("plot " + args));
  BOOST_TEST_REQUIRE(r.status == 0, "neurite plot " << args << ": " << r.err);
  BOOST_TEST_REQUIRE(lines_of(r.out).at(0) == "name,x,f,df");
  return rows_of(r.out);
}

long double sigmoid(long double x) { return 1 / (1 + std::exp(-x)); }

// Relative 1e-13, or absolute 1e-15 near a zero (CATALOG.md's double target).
bool close(double actual, long double expected) {
  return std::abs(actual - expected) <= 1e-13L * std::abs(expected) + 1e-15L;
}

}  // namespace

BOOST_AUTO_TEST_CASE(csv_has_a_header_and_n_evenly_spaced_points_per_activation) {
  const auto rows = plot("ReLU,sigmoid --range -5:5 --dtype double");
  BOOST_TEST_REQUIRE(rows.size() == 402u);
  for (std::size_t i = 0; i < 201; ++i) {
    BOOST_TEST(rows[i].name == "ReLU");
    BOOST_TEST(rows[201 + i].name == "sigmoid");
    BOOST_TEST(rows[i].x == -5.0 + 10.0 * static_cast<double>(i) / 200.0);
    BOOST_TEST(rows[201 + i].x == rows[i].x);
  }
  BOOST_TEST(rows[0].x == -5.0);
  BOOST_TEST(rows[100].x == 0.0);
  BOOST_TEST(rows[200].x == 5.0);
  BOOST_TEST(plot("tanh --range 0:1 --points 7").size() == 7u);
}

BOOST_AUTO_TEST_CASE(relu_and_sigmoid_match_their_formulas) {
  for (const auto& r : plot("ReLU,sigmoid --range -40:40 --points 161 --dtype double")) {
    if (r.name == "ReLU") {
      BOOST_TEST(r.f == std::max(0.0, r.x));
      if (r.x != 0) BOOST_TEST(r.df == (r.x > 0 ? 1.0 : 0.0), "x = " << r.x);
    } else {
      BOOST_TEST(close(r.f, sigmoid(r.x)), "sigmoid(" << r.x << ") = " << r.f);
      BOOST_TEST(close(r.df, sigmoid(r.x) * sigmoid(-r.x)), "sigmoid'(" << r.x << ") = " << r.df);
    }
  }
}

BOOST_AUTO_TEST_CASE(float_is_the_default_and_x_is_printed_as_evaluated) {
  const auto rows = plot("sigmoid --range -5:5 --points 11");
  BOOST_TEST_REQUIRE(rows.size() == 11u);
  BOOST_TEST(rows[3].x == static_cast<double>(static_cast<float>(-2.0)));
  const auto pts = plot("sigmoid --range 0:0.3 --points 4");
  BOOST_TEST(pts[1].x == static_cast<double>(0.1f));  // float 0.1, not double 0.1
  for (const auto& r : pts) BOOST_TEST(std::abs(r.f - sigmoid(r.x)) <= 1e-6 * sigmoid(r.x));
}

BOOST_AUTO_TEST_CASE(negative_ranges_work_as_written) {
  for (const std::string range : {"--range -5:5", "--range=-5:5", "--range -.5:-0.25",
                                  "--range -1e-3:2e-3"}) {
    const auto r = run(neurite_cmd("plot ReLU --points 3 " + range));
    BOOST_TEST(r.status == 0, range << ": " << r.err);
  }
  BOOST_TEST(plot("ReLU --points 3 --range -.5:-0.25").at(0).x == -0.5);
}

BOOST_AUTO_TEST_CASE(bad_ranges_and_point_counts_are_usage_errors) {
  for (const std::string args : {"--range 5:-5", "--range 1:1", "--range 5", "--range a:b",
                                 "--range -5:5x", "--range 0:1 --points 1"}) {
    const auto r = run(neurite_cmd("plot ReLU " + args));
    BOOST_TEST(r.status == 2, args << " gave " << r.status);
    BOOST_TEST(r.err.find(args.find("points") != std::string::npos ? "--points" : "--range") !=
                   std::string::npos,
               r.err);
  }
}

BOOST_AUTO_TEST_CASE(param_goes_to_every_activation_that_declares_it) {
  const auto rows = plot("ReLU,leaky-ReLU --range -1:1 --points 3 --param alpha=0.2 --dtype double");
  BOOST_TEST_REQUIRE(rows.size() == 6u);
  BOOST_TEST(rows[0].name == "ReLU");
  BOOST_TEST(rows[0].f == 0.0);
  BOOST_TEST(rows[3].name == "leaky-ReLU(alpha=0.2)");
  BOOST_TEST(rows[3].f == -0.2);
  BOOST_TEST(rows[3].df == 0.2);
  BOOST_TEST(rows[5].f == 1.0);

  const auto none = run(neurite_cmd("plot ReLU,tanh --range -1:1 --param alpha=0.2"));
  BOOST_TEST(none.status == 1);
  BOOST_TEST(none.err.find("'alpha'") != std::string::npos, none.err);
  BOOST_TEST(none.err.find("ReLU, tanh") != std::string::npos, none.err);
}

BOOST_AUTO_TEST_CASE(softmax_is_plotted_on_the_column_x_0) {
  // softmax([x, 0])_0 = sigmoid(x); its partial derivative in x is sigmoid(x) sigmoid(-x).
  for (const auto& r : plot("softmax --range -30:30 --points 61 --dtype double")) {
    BOOST_TEST(close(r.f, sigmoid(r.x)), "x = " << r.x << ": " << r.f);
    BOOST_TEST(close(r.df, sigmoid(r.x) * sigmoid(-r.x)), "x = " << r.x << ": " << r.df);
  }
}

BOOST_AUTO_TEST_CASE(out_writes_the_csv_to_a_file) {
  neurite::test::TempDir dir;
  const auto r = run(neurite_cmd("plot tanh --range -1:1 --points 5 --out " + (dir / "t.csv").string()));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.empty());
  const auto text = neurite::test::slurp(dir / "t.csv");
  BOOST_TEST(lines_of(text).size() == 6u);
  BOOST_TEST(rows_of(text).at(4).f == std::tanh(1.0f));
  BOOST_TEST(!std::filesystem::exists(dir / "t.csv.tmp"));
}

// Parses the SVG with Python's XML parser and prints what the test checks, one fact a line.
const char* const svg_summary = R"(import sys, xml.etree.ElementTree as ET
ns = '{http://www.w3.org/2000/svg}'
root = ET.parse(sys.argv[1]).getroot()
print('root', root.tag == ns + 'svg')
print('viewBox', root.get('viewBox'))
for panel in root.iter(ns + 'g'):
    if panel.get('class') != 'panel':
        continue
    paths = [p for p in panel.iter(ns + 'path') if p.get('class') == 'series']
    legend = [e for e in panel.iter(ns + 'g') if e.get('class') == 'legend-entry']
    print('panel', panel.find(ns + 'text').text)
    print('series', '|'.join(p.get('data-name') for p in paths))
    print('points', '|'.join(str(p.get('d').count('L') + 1) for p in paths))
    print('legend', '|'.join(e.find(ns + 'text').text for e in legend))
)";

BOOST_AUTO_TEST_CASE(svg_is_well_formed_with_two_panels_each_naming_every_activation) {
  neurite::test::TempDir dir;
  std::ofstream(dir / "summary.py") << svg_summary;
  const auto svg = (dir / "act.svg").string();
  const auto r = run(neurite_cmd("plot ReLU,sigmoid,tanh,leaky-ReLU --range -5:5 --svg " + svg));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(rows_of(r.out).size() == 4u * 201u);  // the CSV still goes to stdout
  const auto summary = run("python3 " + (dir / "summary.py").string() + " " + svg);
  BOOST_TEST_REQUIRE(summary.status == 0, "not well-formed XML: " << summary.err);
  const auto lines = lines_of(summary.out);
  BOOST_TEST_REQUIRE(lines.size() == 2u + 2u * 4u, summary.out);
  BOOST_TEST(lines[0] == "root True");
  std::istringstream view(lines[1].substr(8));
  double x0, y0, w, h;
  BOOST_TEST_REQUIRE(static_cast<bool>(view >> x0 >> y0 >> w >> h), lines[1]);
  BOOST_TEST(x0 == 0.0);
  BOOST_TEST(w > 0.0);
  BOOST_TEST(h > 0.0);
  const std::string names = "ReLU|sigmoid|tanh|leaky-ReLU";
  BOOST_TEST(lines[2] == "panel function");
  BOOST_TEST(lines[6] == "panel derivative");
  for (std::size_t p : {2u, 6u}) {
    BOOST_TEST(lines[p + 1] == "series " + names);
    BOOST_TEST(lines[p + 2] == "points 201|201|201|201");
    BOOST_TEST(lines[p + 3] == "legend " + names);
  }
  BOOST_TEST(!std::filesystem::exists(svg + ".tmp"));
}

BOOST_AUTO_TEST_CASE(a_spec_with_values_names_its_legend_entry_and_csv_rows) {
  neurite::test::TempDir dir;
  std::ofstream(dir / "summary.py") << svg_summary;
  const auto svg = (dir / "a.svg").string();
  const auto r = run(neurite_cmd("plot 'leaky-ReLU(alpha=0.5),ReLU' --range -1:1 --points 3 --svg " + svg));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  const auto summary = run("python3 " + (dir / "summary.py").string() + " " + svg);
  BOOST_TEST_REQUIRE(summary.status == 0, summary.err);
  BOOST_TEST(summary.out.find("legend leaky-ReLU(alpha=0.5)|ReLU") != std::string::npos,
             summary.out);
  BOOST_TEST(lines_of(r.out).at(1).rfind("leaky-ReLU(alpha=0.5),-1,", 0) == 0u, r.out);
}

BOOST_AUTO_TEST_CASE(an_unwritable_svg_is_an_error_naming_the_file) {
  neurite::test::TempDir dir;
  const auto svg = (dir / "no-such-dir" / "act.svg").string();
  const auto r = run(neurite_cmd("plot ReLU --range -1:1 --svg " + svg));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(svg) != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(unknown_activations_and_other_families_are_refused) {
  auto r = run(neurite_cmd("plot ReLU,nosuch --range -1:1"));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find("nosuch") != std::string::npos, r.err);
  r = run(neurite_cmd("plot SGD --range -1:1"));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find("SGD") != std::string::npos, r.err);
}
