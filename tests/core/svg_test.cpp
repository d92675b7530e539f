// The SVG helper's parts that the plot test cannot reach through the command line: ticks, tick
// labels, escaping, gaps for non-finite points, and the atomic write.
#define BOOST_TEST_MODULE svg
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <neurite/sdk/errors.hpp>
#include <neurite/svg.hpp>

namespace svg = neurite::svg;
namespace fs = std::filesystem;

namespace {

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

BOOST_AUTO_TEST_CASE(ticks_are_round_multiples_within_the_axis) {
  const auto t = svg::nice_ticks(-5, 5, 8);
  BOOST_TEST(t.step == 2.0);
  BOOST_TEST(t.lo == -5.0);
  BOOST_TEST(t.hi == 5.0);
  BOOST_TEST(t.at == (std::vector<double>{-4, -2, 0, 2, 4}), boost::test_tools::per_element());
  const auto small = svg::nice_ticks(0.0, 0.3, 6);
  BOOST_TEST(small.step == 0.05, boost::test_tools::tolerance(1e-15));
  BOOST_TEST(small.at.size() == 7u);  // both ends are ticks
  BOOST_TEST(svg::tick_label(small.at[2], small.step) == "0.10");
  BOOST_TEST(svg::tick_label(small.at.back(), small.step) == "0.30");
  const auto flat = svg::nice_ticks(3, 3);
  BOOST_TEST(flat.lo == 2.5);
  BOOST_TEST(flat.hi == 3.5);
  const auto none = svg::nice_ticks(NAN, INFINITY);
  BOOST_TEST(none.lo == 0.0);
  BOOST_TEST(none.hi == 1.0);
}

BOOST_AUTO_TEST_CASE(tick_labels_use_the_decimals_the_step_needs) {
  BOOST_TEST(svg::tick_label(-4, 2) == "-4");
  BOOST_TEST(svg::tick_label(0.25, 0.05) == "0.25");
  BOOST_TEST(svg::tick_label(-1e-17, 0.2) == "0.0");  // never "-0.0"
  BOOST_TEST(svg::tick_label(-1e-17, 2) == "0");
  BOOST_TEST(svg::tick_label(2e6, 5e5) == "2e+06");
}

BOOST_AUTO_TEST_CASE(text_is_escaped) {
  BOOST_TEST(svg::escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
  BOOST_TEST(svg::escape(std::string("x\x01y", 3)) == "xy");
}

BOOST_AUTO_TEST_CASE(one_path_per_series_with_gaps_at_non_finite_points) {
  svg::Panel panel{"p", "x", "y", {}};
  panel.series.push_back({"a<1", {0, 1, 2, 3, 4}, {0, 1, NAN, 3, 4}, true});
  panel.series.push_back({"b", {0, 4}, {1, 1}, false});
  const std::string doc = svg::render({"title", {panel, panel}});
  BOOST_TEST(count(doc, "<g class=\"panel\">") == 2u);
  BOOST_TEST(count(doc, "<path class=\"series\"") == 4u);
  BOOST_TEST(count(doc, "<g class=\"legend-entry\">") == 4u);
  BOOST_TEST(count(doc, "data-name=\"a&lt;1\"") == 2u);
  BOOST_TEST(count(doc, "viewBox=\"0 0 ") == 1u);
  const auto path = doc.substr(doc.find("data-name=\"a&lt;1\""));
  const auto d = path.substr(path.find(" d=\""), path.find("/>") - path.find(" d=\""));
  BOOST_TEST(count(d, "M") == 2u, d);  // the NaN splits the line in two
  BOOST_TEST(count(d, "L") == 2u, d);
  BOOST_TEST(count(doc, "<circle") == 2u * (4u + 1u));  // markers and their legend sample
  BOOST_TEST(count(doc, "<") == count(doc, ">"));
}

BOOST_AUTO_TEST_CASE(save_replaces_the_file_whole_and_names_it_on_failure) {
  const fs::path dir = fs::temp_directory_path() / ("neurite-svg-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto file = dir / "f.svg";
  std::ofstream(file) << "old";
  svg::write_atomically(file, "new content");
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  BOOST_TEST(s.str() == "new content");
  BOOST_TEST(!fs::exists(dir / "f.svg.tmp"));

  const auto missing = dir / "missing" / "f.svg";
  BOOST_CHECK_EXCEPTION(svg::write_atomically(missing, "x"), neurite::Error,
                        [&](const neurite::Error& e) {
                          return std::string(e.what()).find(missing.string()) != std::string::npos;
                        });
  fs::remove_all(dir);
}
