#pragma once
// Float fast paths for the transcendental activations (tanhExp, Mish, GELU), whose branch-free
// float loops are bound by their instruction count: two exponentials, divisions and a polynomial
// near the zero of f' per entry. Over the range where an activation's inputs usually lie, a
// smooth function is instead read off a table of 32 polynomial pieces: the piece of each lane is
// picked by a permutation of two registers (vpermt2ps), so a pass costs one index, a permutation
// and a fused multiply-add per coefficient. tests/reference/piecewise_fit.py fits the tables.
//
// The fast path runs on processors with AVX-512 (one register holds 16 lanes, two hold a table's
// 32 entries of one power); a block of 16 entries takes it when every entry lies in the span the
// plugin names. Other blocks, the tail of a batch, and processors without AVX-512 get the exact
// float function, which stays the reference: the tables agree with it to a few ulp, so an entry's
// last bit may depend on its neighbours, never on the run (results stay deterministic).
#include <armadillo>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>

#include <neurite/sdk/math.hpp>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define NEURITE_PIECEWISE_FAST_PATH 1
// Marks code over simd::Floats as AVX-512 code, which only the processors that run it see, so that
// 16-lane values pass in one register (GCC warns about the ABI of any other). A plugin's fast path
// is a lambda that captures its table, [&table = ...](simd::Floats v) NEURITE_FAST_PATH { ... },
// or a function object whose operator() carries the mark: a lambda without captures also gets a
// function-pointer thunk, which the mark misses.
#define NEURITE_FAST_PATH __attribute__((target("avx512f")))
#else
#define NEURITE_FAST_PATH
#endif

namespace neurite::simd {

// 16 float lanes, or 16 int lanes: arithmetic, comparisons and ?: act lane by lane.
using Floats = float __attribute__((vector_size(64)));
using Ints = std::int32_t __attribute__((vector_size(64)));
inline constexpr std::size_t lanes = 16;

// A function on [lo, lo + 32 width) as 32 polynomials of degree Degree in t = x - c_i,
// c_i = lo + (i + 1/2) width the centre of piece i. coefficients[k][i] multiplies t^k in piece i.
template <int Degree>
struct Piecewise {
  static constexpr int pieces = 32;
  float lo, width;
  std::array<std::array<float, pieces>, Degree + 1> coefficients;
};

// The entries that a fast path takes: lo <= x < hi (never nan).
struct Span {
  float lo, hi = std::numeric_limits<float>::infinity();
};

// The table's value at every lane. A lane beyond the table's ends is read off the nearest end
// piece, off its interval: the caller selects something else for it.
template <int Degree>
NEURITE_FAST_PATH inline Floats evaluate(const Piecewise<Degree>& table, Floats x) {
  const float inverse_width = 1 / table.width;
  Ints piece = __builtin_convertvector((x - table.lo) * inverse_width, Ints);
  piece = piece < 0 ? 0 : piece;  // also the lanes whose conversion overflowed
  piece = piece > 31 ? 31 : piece;
  const Floats centre =
      __builtin_convertvector(piece, Floats) * table.width + (table.lo + table.width / 2);
  const Floats t = x - centre;
  const auto coefficient = [&](int k) NEURITE_FAST_PATH {
    Floats low, high;
    std::memcpy(&low, table.coefficients[k].data(), sizeof low);
    std::memcpy(&high, table.coefficients[k].data() + lanes, sizeof high);
    return __builtin_shuffle(low, high, piece);
  };
  Floats p = coefficient(Degree);
  for (int k = Degree - 1; k >= 0; --k) p = p * t + coefficient(k);
  return p;
}

namespace detail {

#ifdef NEURITE_PIECEWISE_FAST_PATH
// out[i] = the fast path's result on whole blocks inside the span, exact(in[i]) elsewhere;
// with Chained, times up[i] (the upstream gradient).
template <bool Chained, typename Fast, typename Exact>
__attribute__((target("avx512f"))) void blocks(const float* __restrict in, const float* __restrict up,
                                               float* __restrict out, std::size_t n, Span span,
                                               Fast fast, Exact exact) {
  const __m512 lo = _mm512_set1_ps(span.lo), hi = _mm512_set1_ps(span.hi);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const __m512 v = _mm512_loadu_ps(in + i);
    const __mmask16 inside =
        _mm512_cmp_ps_mask(v, lo, _CMP_GE_OQ) & _mm512_cmp_ps_mask(v, hi, _CMP_LT_OQ);
    if (inside == 0xffff) {
      Floats result = fast(Floats(v));
      if constexpr (Chained) result *= Floats(_mm512_loadu_ps(up + i));
      _mm512_storeu_ps(out + i, __m512(result));
      continue;
    }
    for (std::size_t j = i; j < i + lanes; ++j) out[j] = Chained ? up[j] * exact(in[j]) : exact(in[j]);
  }
  for (; i < n; ++i) out[i] = Chained ? up[i] * exact(in[i]) : exact(in[i]);
}
#endif

inline bool fast_path_available() {
#ifdef NEURITE_PIECEWISE_FAST_PATH
  static const bool available = __builtin_cpu_supports("avx512f");
  return available;
#else
  return false;
#endif
}

}  // namespace detail
}  // namespace neurite::simd

namespace neurite {

// y = f(x) in float: fast(Floats) on the blocks of 16 inside span, exact(float) elsewhere.
template <typename Fast, typename Exact>
void elementwise(const arma::Mat<float>& x, arma::Mat<float>& y, simd::Span span, Fast fast,
                 Exact exact) {
#ifdef NEURITE_PIECEWISE_FAST_PATH
  if (simd::detail::fast_path_available())
    return simd::detail::blocks<false>(x.memptr(), nullptr, y.memptr(), x.n_elem, span, fast, exact);
#endif
  elementwise(x, y, exact);
}

// dx = dy f'(x) in float, the slope f' as above.
template <typename Fast, typename Exact>
void chain(const arma::Mat<float>& x, const arma::Mat<float>& dy, arma::Mat<float>& dx,
           simd::Span span, Fast fast, Exact exact) {
#ifdef NEURITE_PIECEWISE_FAST_PATH
  if (simd::detail::fast_path_available())
    return simd::detail::blocks<true>(x.memptr(), dy.memptr(), dx.memptr(), x.n_elem, span, fast,
                                exact);
#endif
  chain(x, dy, dx, exact);
}

}  // namespace neurite
