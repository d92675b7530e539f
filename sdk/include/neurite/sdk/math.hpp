#pragma once
// Numerically stable building blocks shared by plugins: each keeps relative accuracy over the
// whole floating-point range where the naive formula overflows or cancels.
#include <armadillo>
#include <cmath>
#include <type_traits>

#include <neurite/sdk/kernels.hpp>

// Vectorised transcendental functions, chosen at run time for the processor. glibc's libmvec has
// SIMD versions of these, but its headers announce them only under -ffast-math, which would also
// let the compiler assume no inf or nan (and, on a link line, turn on flush-to-zero for the whole
// process). Declaring the SIMD variants here gives the vectoriser libmvec (at most 4 ulp) without
// any of that; NEURITE_VECTOR_CLONES then builds each elementwise loop for AVX-512, AVX2 and the
// baseline, and the loader picks one per processor (no -march needed). A loop vectorises when its
// function is branch-free: compute both sides and select, rather than calling exp in one branch.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NEURITE_SIMD_MATH(name) \
  extern "C" __attribute__((simd("notinbranch"), nothrow, const)) double name(double); \
  extern "C" __attribute__((simd("notinbranch"), nothrow, const)) float name##f(float);
NEURITE_SIMD_MATH(exp)
NEURITE_SIMD_MATH(expm1)
NEURITE_SIMD_MATH(log)
NEURITE_SIMD_MATH(log1p)
NEURITE_SIMD_MATH(tanh)
NEURITE_SIMD_MATH(erf)
NEURITE_SIMD_MATH(erfc)
#undef NEURITE_SIMD_MATH
#define NEURITE_VECTOR_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define NEURITE_VECTOR_CLONES
#endif

namespace neurite {

// y[i] = f(x[i]) over a whole batch; y must already have x's size. The pointers are declared
// unaliased so that the compiler vectorises the loop without run-time overlap checks (a branchy
// scalar loop is several times slower on random signs); each out[i] depends on in[i] alone, so
// y may also be x itself.
template <typename T, typename F>
NEURITE_VECTOR_CLONES void elementwise(const arma::Mat<T>& x, arma::Mat<T>& y, F f) {
  const T* __restrict in = x.memptr();
  T* __restrict out = y.memptr();
  const arma::uword n = x.n_elem;
#pragma GCC ivdep
  for (arma::uword i = 0; i < n; ++i) out[i] = f(in[i]);
}

// dx[i] = dy[i] * f'(x[i]) over a whole batch.
template <typename T, typename F>
NEURITE_VECTOR_CLONES void chain(const arma::Mat<T>& x, const arma::Mat<T>& dy, arma::Mat<T>& dx, F derivative) {
  const T* __restrict in = x.memptr();
  const T* __restrict up = dy.memptr();
  T* __restrict out = dx.memptr();
  const arma::uword n = x.n_elem;
#pragma GCC ivdep
  for (arma::uword i = 0; i < n; ++i) out[i] = up[i] * derivative(in[i]);
}

namespace stable {

// 1/(1 + e^-x), with e^x/(1 + e^x) for x < 0 so that neither side overflows.
// Branch-free, so that loops over it vectorise.
template <typename T>
T sigmoid(T x) {
  const T e = std::exp(-std::abs(x));
  const T r = T(1) / (T(1) + e);
  return x >= 0 ? r : e * r;
}

// log(1 + e^x) = max(x, 0) + log1p(e^-|x|): exact at both ends (softplus(-50) = 1.9e-22).
template <typename T>
T softplus(T x) {
  return std::max(x, T(0)) + std::log1p(std::exp(-std::abs(x)));
}

template <typename T>
T log_sigmoid(T x) {
  return -softplus(-x);
}

namespace detail {

// out = e^out in place, every entry <= 0 (nan stays nan). In float the inline kernel over the whole
// batch at once, a loop built for the processor (about 1 ulp; one call to expf per entry took
// most of a softmax-cross-entropy batch); in double std::exp.
inline void exp_nonpositive_in_place(arma::Mat<float>& out) {
  elementwise(out, out, [](float d) {
    return d != d ? d : kernels::exp_nonpositive(kernels::clamp_nonpositive(d, -130.0f));
  });
}
inline void exp_nonpositive_in_place(arma::Mat<double>& out) {
  for (arma::uword i = 0; i < out.n_elem; ++i) out[i] = std::exp(out[i]);
}

// The first largest entry of a column.
template <typename T>
arma::uword top_of(const T* x, arma::uword n) {
  arma::uword top = 0;
  for (arma::uword i = 1; i < n; ++i)
    if (x[i] > x[top]) top = i;
  return top;
}

}  // namespace detail

// The vector-Jacobian product of softmax for one column, dx = sign * p ⊙ (dy - <dy, p>), from
// probabilities p held in double. <dy, p> is taken relative to the largest p: dy_i - <dy, p> =
// (dy_i - dy_t) + sum_{j != t} p_j (dy_t - dy_j), which keeps its digits when p_t is near 1.
// sign = -1 gives softmin's product.
template <typename T>
void softmax_vjp_column(const double* p, const T* dy, T* dx, arma::uword n, double sign = 1) {
  arma::uword top = 0;
  for (arma::uword i = 1; i < n; ++i)
    if (p[i] > p[top]) top = i;
  const double dy_top = dy[top];
  double rest = 0;
  for (arma::uword i = 0; i < n; ++i)
    if (i != top) rest += p[i] * (dy_top - double(dy[i]));
  for (arma::uword i = 0; i < n; ++i) dx[i] = T(sign * p[i] * ((double(dy[i]) - dy_top) + rest));
}

// log softmax of each column: x - m - log1p(s), s the sum of e^(x_j - m) over every j but the first
// maximum, so the largest entry keeps its digits ([40, 0] gives -4.2e-18, not 0). out may not be x.
template <typename T>
void log_softmax(const arma::Mat<T>& x, arma::Mat<T>& out) {
  const arma::uword n = x.n_rows;
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    const T* in = x.colptr(c);
    const T m = in[detail::top_of(in, n)];
    for (arma::uword i = 0; i < n; ++i) out.colptr(c)[i] = in[i] - m;
  }
  detail::exp_nonpositive_in_place(out);
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    const T* in = x.colptr(c);
    T* col = out.colptr(c);
    const arma::uword top = detail::top_of(in, n);
    const T m = in[top];
    T s = 0;
    for (arma::uword i = 0; i < n; ++i) s += i != top ? col[i] : T(0);
    const T log_sum = std::log1p(s);
    // Written as a negation so that the maximum of [1000, 0] gets -0, the sign torch gives.
    for (arma::uword i = 0; i < n; ++i) col[i] = -(log_sum - (in[i] - m));
  }
}

// softmax of each column: e^(x - m) over its sum. out may be x.
template <typename T>
void softmax(const arma::Mat<T>& x, arma::Mat<T>& out) {
  const arma::uword n = x.n_rows;
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    const T* in = x.colptr(c);
    T m = in[0];
    for (arma::uword i = 1; i < n; ++i) m = std::max(m, in[i]);
    T* col = out.colptr(c);
    for (arma::uword i = 0; i < n; ++i) col[i] = in[i] - m;
  }
  detail::exp_nonpositive_in_place(out);
  for (arma::uword c = 0; c < x.n_cols; ++c) {
    T* col = out.colptr(c);
    T sum = 0;
    for (arma::uword i = 0; i < n; ++i) sum += col[i];
    const T inv = T(1) / sum;
    for (arma::uword i = 0; i < n; ++i) col[i] *= inv;
  }
}

}  // namespace stable
}  // namespace neurite
