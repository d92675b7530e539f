#include <neurite/gemm.hpp>

#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include <neurite/sdk/errors.hpp>

#ifdef NEURITE_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.h>
#include <omp.h>
#endif

namespace neurite::gemm {

bool onednn_built();

namespace {

// NEURITE_GEMM=armadillo picks the fallback in a build that has oneDNN (benchmarks, tests).
Backend initial_backend() {
  const char* wanted = std::getenv("NEURITE_GEMM");
  if (wanted && std::string(wanted) == "armadillo") return Backend::armadillo;
  if (wanted && std::string(wanted) != "onednn")
    throw Error(std::string("NEURITE_GEMM='") + wanted + "' is not one of onednn, armadillo");
  if (wanted && !onednn_built())
    throw Error("NEURITE_GEMM=onednn, but this build has no oneDNN (install libdnnl-dev and rebuild)");
  return onednn_built() ? Backend::onednn : Backend::armadillo;
}

// Read on first use, so that a bad NEURITE_GEMM is an error a command reports, not a crash.
Backend& current() {
  static Backend b = initial_backend();
  return b;
}

template <typename T>
void armadillo_product(const arma::Mat<T>& a, bool ta, const arma::Mat<T>& b, bool tb,
                       arma::Mat<T>& c, bool accumulate, T s) {
  // Each branch is one Armadillo expression that maps onto a single gemm call into c, with s as
  // its alpha.
  if (!ta && !tb) accumulate ? void(c += (s * a) * b) : void(c = (s * a) * b);
  else if (ta && !tb) accumulate ? void(c += (s * a.t()) * b) : void(c = (s * a.t()) * b);
  else if (!ta && tb) accumulate ? void(c += (s * a) * b.t()) : void(c = (s * a) * b.t());
  else accumulate ? void(c += (s * a.t()) * b.t()) : void(c = (s * a.t()) * b.t());
}

}  // namespace

bool onednn_built() {
#ifdef NEURITE_HAVE_ONEDNN
  return true;
#else
  return false;
#endif
}

Backend backend() { return current(); }

void use(Backend b) {
  if (b == Backend::onednn && !onednn_built())
    throw Error("this build of Neurite has no oneDNN (install libdnnl-dev and rebuild)");
  current() = b;
}

const char* name(Backend b) { return b == Backend::onednn ? "oneDNN" : "Armadillo/OpenBLAS"; }

template <>
void multiply<double>(const arma::mat& a, bool ta, const arma::mat& b, bool tb, arma::mat& c,
                      bool accumulate, double s) {
  armadillo_product(a, ta, b, tb, c, accumulate, s);
}

template <>
void multiply<float>(const arma::fmat& a, bool ta, const arma::fmat& b, bool tb, arma::fmat& c,
                     bool accumulate, float s) {
#ifdef NEURITE_HAVE_ONEDNN
  if (current() == Backend::onednn) {
    // dnnl_sgemm is row-major: a column-major matrix is its transpose there, so compute
    // C^T = op(B)^T op(A)^T with the operands swapped.
    const dnnl_dim_t m = static_cast<dnnl_dim_t>(c.n_rows), n = static_cast<dnnl_dim_t>(c.n_cols);
    const dnnl_dim_t k = static_cast<dnnl_dim_t>(ta ? a.n_rows : a.n_cols);
    const auto status = dnnl_sgemm(tb ? 'T' : 'N', ta ? 'T' : 'N', n, m, k, s, b.memptr(),
                                   static_cast<dnnl_dim_t>(b.n_rows), a.memptr(),
                                   static_cast<dnnl_dim_t>(a.n_rows), accumulate ? 1.0f : 0.0f,
                                   c.memptr(), m);
    if (status != dnnl_success) throw Error("oneDNN sgemm failed with status " + std::to_string(status));
    return;
  }
#endif
  armadillo_product(a, ta, b, tb, c, accumulate, s);
}

void set_threads(int threads) {
  if (threads <= 0) return;
  // OpenBLAS's setter, when the BLAS that Armadillo loaded is OpenBLAS. With oneDNN doing the
  // float products on OpenMP threads, OpenBLAS keeps one: two pools of two threads on two cores
  // made an epoch up to four times slower.
  using Setter = void (*)(int);
  if (auto set = reinterpret_cast<Setter>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    set(current() == Backend::onednn ? 1 : threads);
#ifdef NEURITE_HAVE_ONEDNN
  omp_set_num_threads(threads);
#endif
}

}  // namespace neurite::gemm
