#pragma once
// Numerically stable building blocks shared by plugins: each keeps relative accuracy over the
// whole floating-point range where the naive formula overflows or cancels.
#include <armadillo>
#include <cmath>

namespace neurite {

// y[i] = f(x[i]) over a whole batch; y must already have x's size.
template <typename T, typename F>
void elementwise(const arma::Mat<T>& x, arma::Mat<T>& y, F f) {
  const T* in = x.memptr();
  T* out = y.memptr();
  const arma::uword n = x.n_elem;
  for (arma::uword i = 0; i < n; ++i) out[i] = f(in[i]);
}

// dx[i] = dy[i] * f'(x[i]) over a whole batch.
template <typename T, typename F>
void chain(const arma::Mat<T>& x, const arma::Mat<T>& dy, arma::Mat<T>& dx, F derivative) {
  const T* in = x.memptr();
  const T* up = dy.memptr();
  T* out = dx.memptr();
  const arma::uword n = x.n_elem;
  for (arma::uword i = 0; i < n; ++i) out[i] = up[i] * derivative(in[i]);
}

namespace stable {

// 1/(1 + e^-x), with e^x/(1 + e^x) for x < 0 so that neither side overflows.
template <typename T>
T sigmoid(T x) {
  if (x >= 0) return T(1) / (T(1) + std::exp(-x));
  const T e = std::exp(x);
  return e / (T(1) + e);
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

// log softmax of one column: x - m - log1p(s), s the sum of e^(x_j - m) over every j but the first
// maximum, so the largest entry keeps its digits ([40, 0] gives -4.2e-18, not 0).
template <typename T>
void log_softmax_column(const T* x, T* out, arma::uword n) {
  arma::uword top = 0;
  for (arma::uword i = 1; i < n; ++i)
    if (x[i] > x[top]) top = i;
  const T m = x[top];
  T s = 0;
  for (arma::uword i = 0; i < n; ++i)
    if (i != top) s += std::exp(x[i] - m);
  const T log_sum = std::log1p(s);
  for (arma::uword i = 0; i < n; ++i) out[i] = (x[i] - m) - log_sum;
}

template <typename T>
void softmax_column(const T* x, T* out, arma::uword n) {
  T m = x[0];
  for (arma::uword i = 1; i < n; ++i) m = std::max(m, x[i]);
  T sum = 0;
  for (arma::uword i = 0; i < n; ++i) sum += (out[i] = std::exp(x[i] - m));
  const T inv = T(1) / sum;
  for (arma::uword i = 0; i < n; ++i) out[i] *= inv;
}

template <typename T>
void log_softmax(const arma::Mat<T>& x, arma::Mat<T>& out) {
  for (arma::uword c = 0; c < x.n_cols; ++c)
    log_softmax_column(x.colptr(c), out.colptr(c), x.n_rows);
}

template <typename T>
void softmax(const arma::Mat<T>& x, arma::Mat<T>& out) {
  for (arma::uword c = 0; c < x.n_cols; ++c) softmax_column(x.colptr(c), out.colptr(c), x.n_rows);
}

}  // namespace stable
}  // namespace neurite
