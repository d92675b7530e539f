#pragma once
// The training products C = op(A) op(B) (+ C), through oneDNN's sgemm where it is installed
// (it picks AVX-512 by itself) and Armadillo's product on OpenBLAS otherwise. Double always
// goes through Armadillo.
#include <armadillo>

namespace neurite::gemm {

enum class Backend { onednn, armadillo };

bool onednn_built();
Backend backend();
// Chooses the path for float products; onednn where it was not built is refused.
void use(Backend b);
const char* name(Backend b);

// C = s op(A) op(B), or C += s op(A) op(B) with accumulate; C already has the result's size.
template <typename T>
void multiply(const arma::Mat<T>& a, bool transpose_a, const arma::Mat<T>& b, bool transpose_b,
              arma::Mat<T>& c, bool accumulate = false, T s = 1);

// The BLAS and OpenMP thread counts together, so that two pools never fight over the cores.
void set_threads(int threads);

}  // namespace neurite::gemm
