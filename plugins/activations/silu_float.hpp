#pragma once
// SiLU's float paths, shared by SiLU and by Swish with beta = 1. On processors with AVX-512, over
// [-16, 16), f = x σ(x) with σ from tables/sigmoid.hpp and f' = ((x - x0_hi) - x0_lo) h(x) from
// tables/silu.hpp, which keeps the zero of f' exact; elsewhere sdk/kernels.hpp's silu and
// silu_slope.
#include <neurite/sdk/kernels.hpp>
#include <neurite/sdk/piecewise.hpp>

#include "tables/sigmoid.hpp"
#include "tables/silu.hpp"

namespace silu_float {

using neurite::simd::Floats;

inline constexpr neurite::simd::Span fast_span{-16, 16};

inline void forward(const arma::fmat& x, arma::fmat& y) {
  neurite::elementwise(x, y, neurite_tables::sigmoid::value_table, fast_span,
                       [](float v) { return neurite::kernels::silu(v); },
                       [](const Floats& v, Floats& g) { g *= v; });
}

inline void backward(const arma::fmat& x, const arma::fmat& dy, arma::fmat& dx) {
  namespace tables = neurite_tables::silu;
  neurite::chain(x, dy, dx, tables::slope_table, fast_span,
                 [](float v) { return neurite::kernels::silu_slope(v); },
                 [](const Floats& v, Floats& g) { g *= (v - tables::zero_hi) - tables::zero_lo; });
}

}  // namespace silu_float
