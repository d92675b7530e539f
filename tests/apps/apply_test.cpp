// `neurite apply`, run as the real binary on CSV files: activation outputs and exact
// vector-Jacobian products, a loss with labels and with targets, against values computed here from
// the formulas in long double; and the errors for malformed or mismatched files.
#define BOOST_TEST_MODULE apply
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <sstream>

#include "../support/process.hpp"

namespace {

using neurite::test::neurite_cmd;
using neurite::test::run;
using Rows = std::vector<std::vector<long double>>;

std::vector<std::vector<double>> numbers_of(const std::string& text) {
  std::vector<std::vector<double>> rows;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    std::vector<double> row;
    std::istringstream fields(line);
    for (std::string f; std::getline(fields, f, ',');) row.push_back(std::stod(f));
    rows.push_back(row);
  }
  return rows;
}

struct Fixture {
  neurite::test::TempDir dir;

  std::string file(const std::string& name, const std::string& content) {
    std::ofstream(dir / name) << content;
    return (dir / name).string();
  }
  std::vector<std::vector<double>> apply(const std::string& args) {
    const auto r = run(neurite_cmd("apply " + args));
    BOOST_TEST_REQUIRE(r.status == 0, "neurite apply " << args << ": " << r.err);
    return numbers_of(r.out);
  }
};

// Relative 1e-13, or absolute 1e-15 near a zero (CATALOG.md's double target).
void check_rows(const std::vector<std::vector<double>>& actual, const Rows& expected) {
  BOOST_TEST_REQUIRE(actual.size() == expected.size());
  for (std::size_t r = 0; r < expected.size(); ++r) {
    BOOST_TEST_REQUIRE(actual[r].size() == expected[r].size(), "row " << r);
    for (std::size_t c = 0; c < expected[r].size(); ++c)
      BOOST_TEST(std::abs(actual[r][c] - expected[r][c]) <=
                     1e-13L * std::abs(expected[r][c]) + 1e-15L,
                 "row " << r << " col " << c << ": " << actual[r][c] << " vs "
                        << static_cast<double>(expected[r][c]));
  }
}

long double sigmoid(long double x) { return 1 / (1 + std::exp(-x)); }

std::vector<long double> softmax(const std::vector<long double>& z) {
  long double sum = 0;
  for (auto v : z) sum += std::exp(v);
  std::vector<long double> p;
  for (auto v : z) p.push_back(std::exp(v) / sum);
  return p;
}

const Rows logits = {{1, 2, 3}, {0, -1, 5}};
const std::string logits_csv = "1,2,3\n0,-1,5\n";

}  // namespace

BOOST_FIXTURE_TEST_SUITE(apply, Fixture)

BOOST_AUTO_TEST_CASE(an_activation_prints_y_one_sample_per_line) {
  const Rows x = {{-3, 0, 2}, {40, -40, 1e-3}};
  const auto in = file("x.csv", "a,b,c\n-3,0,2\n40,-40,1e-3\n");
  Rows y = x;
  for (auto& row : y)
    for (auto& v : row) v = sigmoid(v);
  check_rows(apply("sigmoid --dtype double --input " + in), y);
}

BOOST_AUTO_TEST_CASE(an_activation_with_dy_prints_dx) {
  const auto in = file("x.csv", "-3,0,2\n40,-40,1e-3\n");
  const auto dy = file("dy.csv", "1,2,3\n-0.5,4,0.25\n");
  const Rows x = {{-3, 0, 2}, {40, -40, 1e-3}}, up = {{1, 2, 3}, {-0.5, 4, 0.25}};
  Rows dx = x;
  for (std::size_t r = 0; r < 2; ++r)
    for (std::size_t c = 0; c < 3; ++c) dx[r][c] = up[r][c] * sigmoid(x[r][c]) * sigmoid(-x[r][c]);
  check_rows(apply("sigmoid --dtype double --input " + in + " --dy " + dy), dx);
}

BOOST_AUTO_TEST_CASE(softmax_with_dy_gives_the_exact_vector_jacobian_product) {
  const auto in = file("z.csv", logits_csv);
  const auto dy = file("dy.csv", "0.5,-1,2\n1,0,0\n");
  const Rows up = {{0.5, -1, 2}, {1, 0, 0}};
  Rows y, dx;
  for (std::size_t r = 0; r < 2; ++r) {
    const auto p = softmax(logits[r]);
    y.push_back(p);
    // J = diag(p) - p p^T, so J^T dy = p (dy - <dy, p>): every entry, not the diagonal alone.
    long double inner = 0;
    for (std::size_t c = 0; c < 3; ++c) inner += up[r][c] * p[c];
    dx.push_back({});
    for (std::size_t c = 0; c < 3; ++c) dx[r].push_back(p[c] * (up[r][c] - inner));
  }
  check_rows(apply("softmax --dtype double --input " + in), y);
  check_rows(apply("softmax --dtype double --input " + in + " --dy " + dy), dx);
}

BOOST_AUTO_TEST_CASE(float_results_are_within_float_accuracy) {
  const auto in = file("x.csv", "-3,0,2\n");
  const auto y = apply("sigmoid --input " + in);
  BOOST_TEST_REQUIRE(y.size() == 1u);
  for (std::size_t c = 0; c < 3; ++c) {
    const long double e = sigmoid(std::vector<long double>{-3, 0, 2}[c]);
    BOOST_TEST(std::abs(y[0][c] - e) <= 1e-6L * e);
  }
}

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_with_labels) {
  const auto in = file("z.csv", logits_csv);
  const auto labels = file("labels.csv", "2\n0\n");
  // E = -(1/N) sum_n log softmax(z_n)[label_n]; dE/dz = (softmax(z) - onehot)/N.
  const std::size_t label[] = {2, 0};
  long double loss = 0;
  Rows grad;
  for (std::size_t r = 0; r < 2; ++r) {
    auto p = softmax(logits[r]);
    loss -= std::log(p[label[r]]) / 2;
    p[label[r]] -= 1;
    for (auto& v : p) v /= 2;
    grad.push_back(p);
  }
  Rows expected = {{loss}};
  expected.insert(expected.end(), grad.begin(), grad.end());
  check_rows(apply("softmax-cross-entropy --dtype double --input " + in + " --labels " + labels),
             expected);
}

BOOST_AUTO_TEST_CASE(softmax_cross_entropy_with_soft_targets) {
  const auto in = file("z.csv", logits_csv);
  const auto target = file("t.csv", "0.2,0.3,0.5\n1,0,0\n");
  const Rows t = {{0.2L, 0.3L, 0.5L}, {1, 0, 0}};
  long double loss = 0;
  Rows grad;
  for (std::size_t r = 0; r < 2; ++r) {
    const auto p = softmax(logits[r]);
    grad.push_back({});
    for (std::size_t c = 0; c < 3; ++c) {
      loss -= t[r][c] * std::log(p[c]) / 2;
      grad[r].push_back((p[c] - t[r][c]) / 2);  // the targets of each row sum to 1
    }
  }
  Rows expected = {{loss}};
  expected.insert(expected.end(), grad.begin(), grad.end());
  check_rows(apply("softmax-cross-entropy --dtype double --input " + in + " --target " + target),
             expected);
}

BOOST_AUTO_TEST_CASE(out_writes_the_result_to_a_file) {
  const auto in = file("x.csv", "0\n");
  const auto out = (dir / "y.csv").string();
  const auto r = run(neurite_cmd("apply sigmoid --input " + in + " --out " + out));
  BOOST_TEST_REQUIRE(r.status == 0, r.err);
  BOOST_TEST(r.out.empty());
  BOOST_TEST(neurite::test::slurp(out) == "0.5\n");
}

BOOST_AUTO_TEST_CASE(a_ragged_csv_is_an_error_naming_the_file_and_line) {
  const auto in = file("ragged.csv", "1,2,3\n4,5\n");
  const auto r = run(neurite_cmd("apply sigmoid --input " + in));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(in + ":2:") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("expected 3") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_non_number_is_an_error_naming_the_file_and_line) {
  const auto in = file("bad.csv", "1,2\n3,x\n");
  const auto r = run(neurite_cmd("apply sigmoid --input " + in));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(in + ":2: field 2 is 'x'") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(width_mismatches_name_the_file_and_what_was_expected) {
  const auto in = file("z.csv", logits_csv);
  const auto dy = file("dy.csv", "1,2\n3,4\n");
  auto r = run(neurite_cmd("apply softmax --input " + in + " --dy " + dy));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(dy + ":1: rows have 2 values, expected 3") != std::string::npos, r.err);

  const auto target = file("t.csv", "x,y\n1,0\n0,1\n");
  r = run(neurite_cmd("apply softmax-cross-entropy --input " + in + " --target " + target));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(target + ":2: rows have 2 values, expected 3") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(row_count_mismatches_name_the_file_and_line) {
  const auto in = file("z.csv", logits_csv);
  const auto dy = file("dy.csv", "1,2,3\n");
  auto r = run(neurite_cmd("apply softmax --input " + in + " --dy " + dy));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(dy + ":1: the data ends after 1 row, expected 2") != std::string::npos,
             r.err);
  const auto labels = file("labels.csv", "0\n1\n2\n");
  r = run(neurite_cmd("apply softmax-cross-entropy --input " + in + " --labels " + labels));
  BOOST_TEST(r.status == 1);
  BOOST_TEST(r.err.find(labels + ":3: row 3 is one too many") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(a_label_out_of_range_names_its_line) {
  const auto in = file("z.csv", logits_csv);
  for (const std::string bad : {"3", "-1", "0.5"}) {
    const auto labels = file("labels.csv", "label\n0\n" + bad + "\n");
    const auto r = run(neurite_cmd("apply softmax-cross-entropy --input " + in + " --labels " + labels));
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find(labels + ":3: label " + bad + " is not a class") != std::string::npos,
               r.err);
    BOOST_TEST(r.err.find("from 0 to 2") != std::string::npos, r.err);
  }
}

BOOST_AUTO_TEST_CASE(options_that_do_not_fit_the_family_are_usage_errors) {
  const auto in = file("z.csv", logits_csv);
  const auto t = file("t.csv", logits_csv);
  for (const std::string& args :
       {"softmax-cross-entropy --input " + in,
        "softmax-cross-entropy --input " + in + " --target " + t + " --labels " + t,
        "softmax-cross-entropy --input " + in + " --target " + t + " --dy " + t,
        "sigmoid --input " + in + " --target " + t, "SGD --input " + in}) {
    const auto r = run(neurite_cmd("apply " + args));
    BOOST_TEST(r.status == 2, args << ": " << r.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
