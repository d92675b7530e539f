#pragma once
// Counts heap allocations at the malloc level. Armadillo allocates with posix_memalign, not
// operator new, and glibc 2.36 has no malloc hooks, so this header defines the allocation
// functions themselves and forwards them to glibc's own: include it in exactly one source file
// of a test executable. Each allocation is attributed to the library that called it: the BLAS
// (OpenBLAS's small-matrix kernels) and oneDNN's sgemm take scratch inside every call, which
// Neurite cannot avoid; those are counted apart from everything else (Neurite, plugins,
// Armadillo expressions, libstdc++).
#include <dlfcn.h>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstring>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace neurite::test::allocations {

inline std::atomic<bool> counting{false};
inline std::atomic<long> ours{0}, in_math_libraries{0};

inline bool inside_math_library(void* caller) {
  Dl_info info;
  if (!dladdr(caller, &info) || !info.dli_fname) return false;
  for (const char* name : {"libopenblas", "libblas", "libdnnl", "libgomp"})
    if (std::strstr(info.dli_fname, name)) return true;
  return false;
}

inline void count(void* caller) {
  if (!counting.load(std::memory_order_relaxed)) return;
  (inside_math_library(caller) ? in_math_libraries : ours).fetch_add(1, std::memory_order_relaxed);
}

// Zeroes both counts and starts counting.
inline void start() {
  ours = 0;
  in_math_libraries = 0;
  counting = true;
}

// Stops counting; returns the allocations outside the math libraries.
inline long stop() {
  counting = false;
  return ours.load();
}

}  // namespace neurite::test::allocations

extern "C" {
void* malloc(std::size_t n) noexcept {
  neurite::test::allocations::count(__builtin_return_address(0));
  return __libc_malloc(n);
}
void* calloc(std::size_t k, std::size_t n) noexcept {
  neurite::test::allocations::count(__builtin_return_address(0));
  return __libc_calloc(k, n);
}
void* realloc(void* p, std::size_t n) noexcept {
  neurite::test::allocations::count(__builtin_return_address(0));
  return __libc_realloc(p, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) noexcept {
  neurite::test::allocations::count(__builtin_return_address(0));
  *out = __libc_memalign(alignment, n);
  return *out ? 0 : ENOMEM;
}
void* aligned_alloc(std::size_t alignment, std::size_t n) noexcept {
  neurite::test::allocations::count(__builtin_return_address(0));
  return __libc_memalign(alignment, n);
}
void* memalign(std::size_t alignment, std::size_t n) noexcept {
  neurite::test::allocations::count(__builtin_return_address(0));
  return __libc_memalign(alignment, n);
}
}
