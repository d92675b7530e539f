#pragma once
// Float fast paths for transcendental activations, whose branch-free float loops are bound by
// their instruction count: exponentials, divisions, and a polynomial near the zero of f'. Over the
// range where an activation's inputs usually lie, a smooth function g is instead read off a table
// of 32 polynomial pieces, and the plugin turns g into f (f = x g, say, which keeps f's zero
// exact). The table lives in registers for the whole batch: each lane picks its piece by a
// permutation of two registers (vpermt2ps), so a pass costs an index plus one permutation and one
// fused multiply-add per coefficient. tests/reference/piecewise_fit.py fits the tables.
//
// The fast path runs on processors with AVX-512 (one register holds 16 lanes, two hold a table's
// 32 entries of one power); a block of 16 entries takes it when every entry lies in the span the
// plugin names. Other blocks, the tail of a batch, and processors without AVX-512 get the exact
// float function, which stays the reference: the tables agree with it to a few ulp, so an entry's
// last bit may depend on its neighbours, never on the run (results stay deterministic).
//
//   neurite::elementwise(x, y, tables::value_table, {-8, 8}, exact_tanh,
//                        [](const simd::Floats& x, simd::Floats& g) { g *= x; });
//
// The finishing step takes and returns its vectors by reference: a 16-lane value passed by value
// outside AVX-512 code would change the ABI (and GCC warns about it).
#include <armadillo>
#include <array>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

#include <neurite/sdk/math.hpp>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#define NEURITE_PIECEWISE_FAST_PATH 1
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

// A finishing step that leaves g as it is: f = g.
struct AsTabulated {
  void operator()(const Floats&, Floats&) const {}
};

#ifdef NEURITE_PIECEWISE_FAST_PATH
// A table loaded into registers, and its value at 16 lanes. A lane beyond the table's ends is read
// off the nearest end piece, off its interval: the plugin selects something else for it.
template <int Degree>
class Loaded {
 public:
  __attribute__((target("avx512f"))) explicit Loaded(const Piecewise<Degree>& table)
      : lo_(splat(table.lo)),
        inverse_width_(splat(1 / table.width)),
        width_(splat(table.width)),
        first_centre_(splat(table.lo + table.width / 2)) {
    for (int k = 0; k <= Degree; ++k) {
      std::memcpy(&low_[k], table.coefficients[k].data(), sizeof(Floats));
      std::memcpy(&high_[k], table.coefficients[k].data() + lanes, sizeof(Floats));
    }
  }

  __attribute__((target("avx512f"))) void evaluate(const Floats& x, Floats& g) const {
    Ints piece = __builtin_convertvector((x - lo_) * inverse_width_, Ints);
    piece = piece < 0 ? 0 : piece;  // also the lanes whose conversion overflowed
    piece = piece > 31 ? 31 : piece;
    const Floats t = x - (__builtin_convertvector(piece, Floats) * width_ + first_centre_);
    g = __builtin_shuffle(low_[Degree], high_[Degree], piece);
    for (int k = Degree - 1; k >= 0; --k) g = g * t + __builtin_shuffle(low_[k], high_[k], piece);
  }

 private:
  __attribute__((target("avx512f"))) static Floats splat(float v) { return Floats{} + v; }

  Floats lo_, inverse_width_, width_, first_centre_;
  std::array<Floats, Degree + 1> low_, high_;
};

namespace detail {

// out[i] = exact(in[i]) (times up[i] with Chained) for i < n, kept out of the fast loop: a call
// there (to libmvec's exp, say) would have the table reloaded around it on every block.
template <bool Chained, typename Exact>
__attribute__((target("avx512f"), noinline, cold)) void exact_entries(
    const float* __restrict in, const float* __restrict up, float* __restrict out, std::size_t n,
    Exact exact) {
  for (std::size_t i = 0; i < n; ++i) out[i] = Chained ? up[i] * exact(in[i]) : exact(in[i]);
}

// out[i] = f(in[i]) from the table on whole blocks inside the span, exact(in[i]) elsewhere; with
// Chained, times up[i] (the upstream gradient).
template <bool Chained, int Degree, typename Finish, typename Exact>
__attribute__((target("avx512f"))) void blocks(const float* __restrict in,
                                               const float* __restrict up, float* __restrict out,
                                               std::size_t n, const Piecewise<Degree>& table,
                                               Span span, Finish finish, Exact exact) {
  const Loaded<Degree> loaded(table);
  const __m512 lo = _mm512_set1_ps(span.lo), hi = _mm512_set1_ps(span.hi);
  std::size_t i = 0;
  for (; i + lanes <= n; i += lanes) {
    const __m512 v = _mm512_loadu_ps(in + i);
    const __mmask16 inside =
        _mm512_cmp_ps_mask(v, lo, _CMP_GE_OQ) & _mm512_cmp_ps_mask(v, hi, _CMP_LT_OQ);
    if (inside == 0xffff) [[likely]] {
      const Floats x = v;
      Floats result;
      loaded.evaluate(x, result);
      finish(x, result);
      if constexpr (Chained) result *= Floats(_mm512_loadu_ps(up + i));
      _mm512_storeu_ps(out + i, __m512(result));
    } else {
      exact_entries<Chained>(in + i, Chained ? up + i : nullptr, out + i, lanes, exact);
    }
  }
  if (i < n) exact_entries<Chained>(in + i, Chained ? up + i : nullptr, out + i, n - i, exact);
}

}  // namespace detail
#endif

namespace detail {

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

// y = f(x). In float, on the blocks of 16 inside span: g read off table, then finish(x, g) turns
// g into f(x) in place; everywhere else exact(x). In double, exact everywhere (so one call serves
// both precisions where exact is a template).
template <typename T, int Degree, typename Exact, typename Finish = simd::AsTabulated>
void elementwise(const arma::Mat<T>& x, arma::Mat<T>& y, const simd::Piecewise<Degree>& table,
                 simd::Span span, Exact exact, Finish finish = {}) {
#ifdef NEURITE_PIECEWISE_FAST_PATH
  if constexpr (std::is_same_v<T, float>)
    if (simd::detail::fast_path_available())
      return simd::detail::blocks<false>(x.memptr(), nullptr, y.memptr(), x.n_elem, table, span,
                                         finish, exact);
#endif
  elementwise(x, y, exact);
}

// dx = dy f'(x), the slope f' as above.
template <typename T, int Degree, typename Exact, typename Finish = simd::AsTabulated>
void chain(const arma::Mat<T>& x, const arma::Mat<T>& dy, arma::Mat<T>& dx,
           const simd::Piecewise<Degree>& table, simd::Span span, Exact exact,
           Finish finish = {}) {
#ifdef NEURITE_PIECEWISE_FAST_PATH
  if constexpr (std::is_same_v<T, float>)
    if (simd::detail::fast_path_available())
      return simd::detail::blocks<true>(x.memptr(), dy.memptr(), dx.memptr(), x.n_elem, table,
                                        span, finish, exact);
#endif
  chain(x, dy, dx, exact);
}

}  // namespace neurite
