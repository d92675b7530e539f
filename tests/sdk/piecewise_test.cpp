// sdk/piecewise.hpp: which piece a lane reads, the polynomial in t = x - centre, and which entries
// of a batch the fast path takes (whole blocks of 16 inside the span) and which the exact function
// (every other block, the batch's tail, every entry on processors without AVX-512).
#define BOOST_TEST_MODULE piecewise
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include <neurite/sdk/piecewise.hpp>

namespace simd = neurite::simd;

namespace {

// Piece i holds i + 1000 t + 0.5 t^2 on [-2 + i/8, -2 + (i + 1)/8): the value names the piece
// and the position in it.
constexpr simd::Piecewise<2> pieces = [] {
  simd::Piecewise<2> table{-2.0f, 0.125f, {}};
  for (int i = 0; i < 32; ++i) {
    table.coefficients[0][i] = float(i);
    table.coefficients[1][i] = 1000.0f;
    table.coefficients[2][i] = 0.5f;
  }
  return table;
}();

double expected_piece_value(float x) {
  const int piece = std::clamp(int(std::floor((double(x) + 2) * 8)), 0, 31);
  const double t = double(x) - (-2 + (piece + 0.5) / 8);
  return piece + 1000 * t + 0.5 * t * t;
}

constexpr float fast_mark = 1e6f;

// Finishing steps that ignore the table: x + 1e6, and 2.
const auto plus_mark = [](const simd::Floats& x, simd::Floats& g) { g = x + fast_mark; };
const auto two = [](const simd::Floats&, simd::Floats& g) { g = g * 0 + 2; };

// The table's values differ from the double polynomial by float rounding only: 1e-4 at most,
// where a neighbouring piece would be off by more than 100.
bool near_piece_value(float got, float x) { return std::abs(got - expected_piece_value(x)) < 1e-4; }

}  // namespace

BOOST_AUTO_TEST_CASE(lanes_read_their_own_piece) {
  if (!simd::detail::fast_path_available()) return;
  arma::fmat x(16, 40), y(arma::size(x));
  for (arma::uword i = 0; i < x.n_elem; ++i) x[i] = -2.0f + 4.0f * float(i) / float(x.n_elem);
  neurite::elementwise(x, y, pieces, {-2.0f, 2.0f}, [](float) { return -1.0f; });
  for (arma::uword i = 0; i < x.n_elem; ++i)
    BOOST_TEST(near_piece_value(y[i], x[i]),
               "x = " << x[i] << " got " << y[i] << ", expected " << expected_piece_value(x[i]));
  // Piece boundaries belong to the piece above; beyond the table, the end pieces.
  for (const float v : {-1.875f, 0.0f, 1.875f, 1.99999988f, -3.0f, 5.0f}) {
    x.fill(v);
    neurite::elementwise(x, y, pieces, {-10.0f, 10.0f}, [](float) { return -1.0f; });
    BOOST_TEST(near_piece_value(y[0], v), "x = " << v << " got " << y[0]);
  }
}

BOOST_AUTO_TEST_CASE(blocks_outside_the_span_and_the_tail_take_the_exact_path) {
  const bool fast = simd::detail::fast_path_available();
  arma::fmat x(16 * 4 + 5, 1, arma::fill::zeros), y(arma::size(x));
  x[16 + 3] = 2.0f;                                         // the span's end, outside
  x[32 + 15] = std::numeric_limits<float>::quiet_NaN();     // never inside
  x[48] = -2.0f;                                            // the span's start, inside
  neurite::elementwise(x, y, pieces, {-2.0f, 2.0f}, [](float v) { return v; }, plus_mark);
  for (arma::uword i = 0; i < x.n_elem; ++i) {
    const arma::uword block = i / 16;
    const bool took_fast = fast && (block == 0 || block == 3);
    const float expected = took_fast ? x[i] + fast_mark : x[i];
    if (std::isnan(x[i]))
      BOOST_TEST(std::isnan(y[i]));
    else
      BOOST_TEST(y[i] == expected, "entry " << i << " (block " << block << ") got " << y[i]);
  }
}

BOOST_AUTO_TEST_CASE(chain_multiplies_both_paths_by_the_upstream_gradient) {
  const bool fast = simd::detail::fast_path_available();
  arma::fmat x(32, 1, arma::fill::value(0.5f)), dy(32, 1), dx(32, 1);
  x[20] = 3.0f;
  for (arma::uword i = 0; i < dy.n_elem; ++i) dy[i] = float(i + 1);
  neurite::chain(x, dy, dx, pieces, {-2.0f, 2.0f}, [](float) { return 3.0f; }, two);
  for (arma::uword i = 0; i < x.n_elem; ++i)
    BOOST_TEST(dx[i] == dy[i] * (fast && i < 16 ? 2.0f : 3.0f), "entry " << i);
}
