// Reading numeric CSV batches: header detection, blank lines, CR LF, the transpose into a batch,
// and errors that name the file, the line and what was expected.
#define BOOST_TEST_MODULE csv
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <neurite/csv.hpp>
#include <neurite/sdk/errors.hpp>

namespace {

neurite::csv::Table parse(const std::string& text) {
  std::istringstream in(text);
  return neurite::csv::Table::parse(in, "data.csv");
}

// The message of the error parsing `text` throws; fails the test if it throws none.
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const neurite::Error& e) {
    return e.what();
  }
  BOOST_FAIL("no error for: " + text);
  return {};
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_rows_and_transposes_into_columns) {
  const auto t = parse("1,2,3\n4.5,-6e-3,+7\n");
  BOOST_TEST(t.rows() == 2u);
  BOOST_TEST(t.cols() == 3u);
  BOOST_TEST(t.header().empty());
  BOOST_TEST(t(1, 1) == -6e-3);
  BOOST_TEST(t(1, 2) == 7.0);
  const arma::mat b = t.batch<double>();
  BOOST_TEST(b.n_rows == 3u);  // one column per sample
  BOOST_TEST(b.n_cols == 2u);
  BOOST_TEST(b(0, 1) == 4.5);
  BOOST_TEST(b(2, 0) == 3.0);
}

BOOST_AUTO_TEST_CASE(seventeen_digits_read_back_exactly) {
  const double v = 0.1 + 0.2;
  BOOST_TEST(neurite::csv::number(v) == "0.30000000000000004");
  BOOST_TEST(parse(neurite::csv::number(v) + "\n")(0, 0) == v);
}

BOOST_AUTO_TEST_CASE(first_line_without_numbers_is_a_header) {
  const auto t = parse("x0, \"x1\"\n1,2\n3,4\n");
  BOOST_TEST(t.rows() == 2u);
  BOOST_TEST(t.header().size() == 2u);
  BOOST_TEST(t.header()[0] == "x0");
  BOOST_TEST(t.header()[1] == "x1");
  BOOST_TEST(t(0, 0) == 1.0);
  BOOST_TEST(t.where(0) == "data.csv:2");
}

BOOST_AUTO_TEST_CASE(a_header_anywhere_else_is_a_bad_field) {
  const auto m = error_of("1,2\nx0,x1\n");
  BOOST_TEST(contains(m, "data.csv:2:"), m);
  BOOST_TEST(contains(m, "'x0'"), m);
  BOOST_TEST(contains(m, "expected a number"), m);
}

BOOST_AUTO_TEST_CASE(a_header_must_match_the_row_width) {
  const auto m = error_of("a,b,c\n1,2\n");
  BOOST_TEST(contains(m, "data.csv:2:"), m);
  BOOST_TEST(contains(m, "2 values, expected 3"), m);
  BOOST_TEST(contains(m, "header"), m);
}

BOOST_AUTO_TEST_CASE(blank_lines_and_crlf_are_accepted_and_lines_still_count) {
  const auto t = parse("\r\n1,2\r\n\n  \n3 , 4\r\n");
  BOOST_TEST(t.rows() == 2u);
  BOOST_TEST(t(1, 1) == 4.0);
  BOOST_TEST(t.where(1) == "data.csv:5");
}

BOOST_AUTO_TEST_CASE(ragged_rows_name_the_line_and_the_width_expected) {
  const auto m = error_of("1,2\n3,4\n5,6,7\n");
  BOOST_TEST(contains(m, "data.csv:3:"), m);
  BOOST_TEST(contains(m, "3 values, expected 2 as on line 1"), m);
}

BOOST_AUTO_TEST_CASE(non_numbers_name_the_line_and_the_field) {
  auto m = error_of("1,2\n3,abc\n");
  BOOST_TEST(contains(m, "data.csv:2: field 2 is 'abc', expected a number"), m);
  m = error_of("1,2\n3,4x\n");  // a number followed by junk is not a number
  BOOST_TEST(contains(m, "data.csv:2: field 2 is '4x'"), m);
  m = error_of("1,2\n3,\n");
  BOOST_TEST(contains(m, "data.csv:2: field 2 is empty"), m);
  m = error_of("1,2\n1;2\n");
  BOOST_TEST(contains(m, "data.csv:2: field 1 is '1;2'"), m);
}

BOOST_AUTO_TEST_CASE(an_empty_file_or_a_lone_header_is_refused) {
  BOOST_TEST(contains(error_of(""), "data.csv: no data rows, the file is empty"));
  BOOST_TEST(contains(error_of("\n \n"), "data.csv: no data rows"));
  BOOST_TEST(contains(error_of("x,y\n"), "only a header"));
}

BOOST_AUTO_TEST_CASE(required_width_and_rows_name_the_line_and_the_reason) {
  const auto t = parse("h\n1\n2\n3\n");
  BOOST_CHECK_NO_THROW(t.require_cols(1, "labels"));
  BOOST_CHECK_NO_THROW(t.require_rows(3, "one per sample"));
  BOOST_CHECK_EXCEPTION(t.require_cols(2, "the width of y"), neurite::Error,
                        [](const neurite::Error& e) {
                          return contains(e.what(), "data.csv:2: rows have 1 value, expected 2 "
                                                    "(the width of y)");
                        });
  BOOST_CHECK_EXCEPTION(t.require_rows(2, "one per sample"), neurite::Error,
                        [](const neurite::Error& e) {
                          return contains(e.what(), "data.csv:4: row 3 is one too many");
                        });
  BOOST_CHECK_EXCEPTION(t.require_rows(5, "one per sample"), neurite::Error,
                        [](const neurite::Error& e) {
                          return contains(e.what(), "data.csv:4: the data ends after 3 rows, "
                                                    "expected 5 (one per sample)");
                        });
}

BOOST_AUTO_TEST_CASE(read_names_the_file) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("neurite-csv-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / "x.csv";
  std::ofstream(file) << "1,2\n3\n";
  BOOST_CHECK_EXCEPTION(neurite::csv::Table::read(file), neurite::Error,
                        [&](const neurite::Error& e) {
                          return contains(e.what(), file.string() + ":2: 1 value, expected 2");
                        });
  BOOST_CHECK_EXCEPTION(neurite::csv::Table::read(dir / "missing.csv"), neurite::Error,
                        [&](const neurite::Error& e) {
                          return contains(e.what(), (dir / "missing.csv").string() +
                                                        ": cannot read");
                        });
  std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(text_fields_are_quoted_only_when_needed) {
  BOOST_TEST(neurite::csv::field("ReLU") == "ReLU");
  BOOST_TEST(neurite::csv::field("h-swish(n=4,x=1)") == "\"h-swish(n=4,x=1)\"");
  BOOST_TEST(neurite::csv::field("a\"b") == "\"a\"\"b\"");
}
