// Loading a plugin must never change the processor's floating-point modes: a library linked with
// -ffast-math carries start-up code that sets flush-to-zero and denormals-are-zero for the whole
// process. Every built plugin is loaded and the MXCSR bits checked.
#define BOOST_TEST_MODULE fp_modes
#include <boost/test/unit_test.hpp>

#include <dlfcn.h>
#include <xmmintrin.h>

#include <filesystem>

BOOST_AUTO_TEST_CASE(no_plugin_turns_on_flush_to_zero) {
  constexpr unsigned ftz_daz = 0x8040;
  const unsigned before = _mm_getcsr() & ftz_daz;
  BOOST_TEST_REQUIRE(before == 0u);
  int loaded = 0;
  for (const auto& item : std::filesystem::directory_iterator(NEURITE_PLUGIN_DIR)) {
    if (item.path().extension() != ".so") continue;
    void* handle = dlopen(item.path().c_str(), RTLD_NOW | RTLD_LOCAL);
    BOOST_TEST_REQUIRE(handle != nullptr, item.path().string());
    ++loaded;
    BOOST_TEST((_mm_getcsr() & ftz_daz) == before, item.path().filename().string() + " changed MXCSR");
  }
  BOOST_TEST(loaded >= 70);
  volatile float tiny = 1e-38f;
  BOOST_TEST(tiny / 100.0f > 0.0f, "subnormal results survive");
}
