// No heap allocation per batch in the steady state of training. Armadillo allocates with
// posix_memalign and glibc 2.36 has no malloc hooks, so the count is taken at the malloc level:
// this executable defines the allocation functions and forwards them to glibc's own. Each one is
// attributed to the library that called it: the BLAS (OpenBLAS's small-matrix kernels) and
// oneDNN's sgemm take scratch memory inside every call, which Neurite cannot avoid; those are
// counted apart and reported, everything else (Neurite, plugins, Armadillo, libstdc++) must be 0.
#define BOOST_TEST_MODULE allocation
#include <boost/test/unit_test.hpp>

#include <dlfcn.h>

#include <atomic>
#include <cstddef>
#include <cstring>

#include <neurite/trainer.hpp>

extern "C" {
void* __libc_malloc(std::size_t);
void* __libc_calloc(std::size_t, std::size_t);
void* __libc_realloc(void*, std::size_t);
void* __libc_memalign(std::size_t, std::size_t);
}

namespace {
std::atomic<bool> counting{false};
std::atomic<long> allocations{0}, library_allocations{0};

bool inside_math_library(void* caller) {
  Dl_info info;
  if (!dladdr(caller, &info) || !info.dli_fname) return false;
  for (const char* name : {"libopenblas", "libblas", "libdnnl", "libgomp"})
    if (std::strstr(info.dli_fname, name)) return true;
  return false;
}

void count(void* caller) {
  if (!counting.load(std::memory_order_relaxed)) return;
  (inside_math_library(caller) ? library_allocations : allocations)
      .fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
void* malloc(std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_malloc(n);
}
void* calloc(std::size_t n, std::size_t size) {
  count(__builtin_return_address(0));
  return __libc_calloc(n, size);
}
void* realloc(void* p, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_realloc(p, n);
}
int posix_memalign(void** out, std::size_t alignment, std::size_t n) {
  count(__builtin_return_address(0));
  *out = __libc_memalign(alignment, n);
  return *out ? 0 : 12;  // ENOMEM
}
void* aligned_alloc(std::size_t alignment, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_memalign(alignment, n);
}
void* memalign(std::size_t alignment, std::size_t n) {
  count(__builtin_return_address(0));
  return __libc_memalign(alignment, n);
}
}

namespace {

long allocations_in_steady_state(const std::string& model, const std::string& optimizer,
                                 const std::string& dtype) {
  const auto registry = neurite::Registry::discover({NEURITE_PLUGIN_DIR});
  neurite::TrainSettings s;
  s.model = model;
  s.optimizer = optimizer;
  s.dtype = dtype;
  s.epochs = 1;
  s.threads = 1;
  neurite::TrainOutput out;
  long counted = -1;
  out.on_batch = [&](std::size_t batch) {
    if (batch == 50) {
      allocations = 0;
      library_allocations = 0;
      counting = true;
    } else if (batch == 350) {
      counting = false;
      counted = allocations;
    }
  };
  neurite::train(registry, s, out);
  BOOST_TEST_MESSAGE(model << ", " << optimizer << ", " << dtype << ": " << library_allocations
                           << " allocations inside BLAS/oneDNN calls over 300 batches");
  return counted;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_counter_sees_armadillo_allocations) {
  counting = true;
  allocations = 0;
  { arma::fmat m(300, 300, arma::fill::zeros); }
  counting = false;
  BOOST_TEST(allocations.load() >= 1);
}

BOOST_AUTO_TEST_CASE(reference_model_float) {
  BOOST_TEST(allocations_in_steady_state("dense:100,ReLU,dense:50,ReLU", "SGD(lr=0.1)", "float") == 0);
}

BOOST_AUTO_TEST_CASE(transcendental_activation_momentum_and_double) {
  BOOST_TEST(allocations_in_steady_state("dense:100,tanhExp,dense:50,tanhExp", "MSGD", "double") == 0);
}

BOOST_AUTO_TEST_CASE(adam_and_dropout) {
  BOOST_TEST(allocations_in_steady_state("dense:100,Swish,dropout:0.2,dense:50,ReLU", "Adam", "float") == 0);
}
