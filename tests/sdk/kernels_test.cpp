// The float-path kernels of sdk/kernels.hpp against glibc's scalar functions, over the ranges
// the plugins use them on: relative error at most 2e-13 (a float needs 6e-8), and the special
// values the plugins rely on (e^0 = 1, expm1(-0) = -0, log1p(0) = 0, clamps keeping the sign).
#define BOOST_TEST_MODULE kernels
#include <boost/test/unit_test.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

#include <neurite/sdk/kernels.hpp>

namespace kernels = neurite::kernels;

namespace {

template <typename Kernel, typename Reference>
double worst_relative_error(Kernel kernel, Reference reference, double from, double to, int steps) {
  double worst = 0;
  for (int i = 0; i <= steps; ++i) {
    const double x = from + (to - from) * i / steps;
    const double exact = reference(x);
    worst = std::max(worst, std::abs(kernel(x) - exact) / std::abs(exact));
  }
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(exp_over_its_range) {
  auto exp = [](double x) { return kernels::exp(x); };
  auto reference = [](double x) { return std::exp(x); };
  BOOST_TEST(worst_relative_error(exp, reference, -708, 708, 200001) <= 2e-13);
  BOOST_TEST(worst_relative_error(exp, reference, -1e-3, 1e-3, 20001) <= 2e-13);
  BOOST_TEST(kernels::exp(0.0) == 1.0);
}

BOOST_AUTO_TEST_CASE(expm1_keeps_small_arguments) {
  auto expm1 = [](double x) { return kernels::expm1(x); };
  auto reference = [](double x) { return std::expm1(x); };
  BOOST_TEST(worst_relative_error(expm1, reference, -708, 708, 200001) <= 2e-13);
  BOOST_TEST(worst_relative_error(expm1, reference, -1e-6, 1e-6, 20000) <= 2e-13);
  BOOST_TEST(kernels::expm1(1e-300) == 1e-300);
  BOOST_TEST(std::signbit(kernels::expm1(-0.0)));
}

BOOST_AUTO_TEST_CASE(log1p_on_zero_to_one) {
  auto log1p = [](double u) { return kernels::log1p(u); };
  auto reference = [](double u) { return std::log1p(u); };
  BOOST_TEST(worst_relative_error(log1p, reference, 1e-300, 1, 200001) <= 2e-13);
  BOOST_TEST(worst_relative_error(log1p, reference, 1e-12, 1e-6, 20000) <= 2e-13);
  BOOST_TEST(kernels::log1p(0.0) == 0.0);
}

BOOST_AUTO_TEST_CASE(clamps_keep_the_sign_and_order) {
  BOOST_TEST(kernels::clamp_magnitude(1e30, 700.0) == 700.0);
  BOOST_TEST(kernels::clamp_magnitude(-1e30, 700.0) == -700.0);
  BOOST_TEST(kernels::clamp_magnitude(-3.5, 700.0) == -3.5);
  BOOST_TEST(kernels::clamp_magnitude(-std::numeric_limits<double>::infinity(), 700.0) == -700.0);
  BOOST_TEST(kernels::clamp_magnitude(250.0f, 200.0f) == 200.0f);
  BOOST_TEST(kernels::clamp_magnitude(-1e-40f, 200.0f) == -1e-40f);
  BOOST_TEST(kernels::clamp_nonpositive(3.0f, -708.0f) == 0.0f);
  BOOST_TEST(kernels::clamp_nonpositive(-2.5f, -708.0f) == -2.5f);
  BOOST_TEST(kernels::clamp_nonpositive(-1e30f, -708.0f) == -708.0f);
  BOOST_TEST(std::signbit(kernels::clamp_nonpositive(-0.0f, -708.0f)));
}

namespace {

// Largest error in ulps of the float result at every 101st float between from and to and at
// both ends; from and to have one sign, to nearer 0 (the bit patterns of floats of one sign grow
// with their magnitude).
template <typename Kernel, typename Reference>
double worst_ulps(Kernel kernel, Reference reference, float from, float to) {
  double worst = 0;
  auto check = [&](float x) {
    const double exact = reference(double(x));
    const float rounded = float(exact);
    const double ulp = std::nextafter(std::abs(rounded), std::numeric_limits<float>::infinity()) -
                       std::abs(rounded);
    worst = std::max(worst, std::abs(double(kernel(x)) - exact) / ulp);
  };
  const std::uint32_t near = std::bit_cast<std::uint32_t>(to == 0 && from < 0 ? -0.0f : to);
  const std::uint32_t far = std::bit_cast<std::uint32_t>(from);
  for (std::uint32_t bits = near; bits < far; bits += 101) check(std::bit_cast<float>(bits));
  check(from);
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(float_exp_of_nonpositive_arguments) {
  auto reference = [](double x) { return std::exp(x); };
  BOOST_TEST(worst_ulps(kernels::exp_nonpositive, reference, -2.0f, 0.0f) <= 1.0);
  BOOST_TEST(worst_ulps(kernels::exp_nonpositive, reference, -104.0f, -80.0f) <= 1.0);
  BOOST_TEST(kernels::exp_nonpositive(0.0f) == 1.0f);
  BOOST_TEST(kernels::exp_nonpositive(-104.0f) == float(std::exp(-104.0)));
  BOOST_TEST(kernels::exp_scaled(-130.0f) == float(std::ldexp(std::exp(-130.0), 64)));
}

BOOST_AUTO_TEST_CASE(float_expm1_of_nonpositive_arguments) {
  auto reference = [](double x) { return std::expm1(x); };
  BOOST_TEST(worst_ulps(kernels::expm1_nonpositive, reference, -1e-3f, 0.0f) <= 1.0);
  BOOST_TEST(worst_ulps(kernels::expm1_nonpositive, reference, -88.0f, -1e-3f) <= 1.0);
  BOOST_TEST(std::signbit(kernels::expm1_nonpositive(-0.0f)));
  BOOST_TEST(kernels::expm1_nonpositive(-88.0f) == -1.0f);
}

BOOST_AUTO_TEST_CASE(float_log1p_on_zero_to_one) {
  auto reference = [](double u) { return std::log1p(u); };
  BOOST_TEST(worst_ulps(kernels::log1p_unit, reference, 1.0f, 1e-30f) <= 3.0);
  BOOST_TEST(kernels::log1p_unit(0.0f) == 0.0f);
  BOOST_TEST(kernels::log1p_unit(1e-30f) == 1e-30f);
}
