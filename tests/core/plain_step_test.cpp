// A plain SGD step that a dense layer takes inside its backward (folded into the weight-gradient
// product) leaves the same parameters as the gradient computed first and w -= s g after it: in
// double through Armadillo, in float through each product path.
#define BOOST_TEST_MODULE plain_step
#include <boost/test/unit_test.hpp>

#include <neurite/gemm.hpp>
#include <neurite/model.hpp>

#include "../support/shipped.hpp"

namespace {

template <typename T>
neurite::Model<T> reference_shaped_model(neurite::Generator& rng) {
  return neurite::Model<T>(shipped(), neurite::parse_model("dense:100,ReLU,dense:50,ReLU"), 784, 10,
                           "softmax-cross-entropy", "", rng);
}

// The largest difference between the two ways of stepping, relative to the largest step taken.
template <typename T>
double folded_against_separate(T s) {
  neurite::Generator rng_a(4), rng_b(4), data_rng(5);
  auto separate = reference_shaped_model<T>(rng_a), folded = reference_shaped_model<T>(rng_b);
  arma::Mat<T> x(784, 100), t(10, 100, arma::fill::zeros);
  std::uniform_real_distribution<double> unit;
  x.imbue([&] { return static_cast<T>(unit(data_rng)); });
  for (arma::uword j = 0; j < t.n_cols; ++j) t(j % 10, j) = 1;
  const neurite::Context ctx{true, &rng_a};

  auto separate_params = separate.parameters(), folded_params = folded.parameters();
  std::vector<arma::Mat<T>> before;
  for (const auto& p : separate_params) before.push_back(*p.value);
  separate.forward(x, ctx);
  separate.backward(x, t, T(1), ctx);
  for (auto& p : separate_params) *p.value -= s * *p.gradient;

  for (auto& p : folded_params) {
    BOOST_TEST_REQUIRE(p.plain_step != nullptr, p.name << " takes no plain step");
    *p.plain_step = s;
  }
  folded.forward(x, ctx);
  folded.backward(x, t, T(1), ctx);

  double worst = 0, largest_step = 0;
  for (std::size_t i = 0; i < separate_params.size(); ++i) {
    const arma::mat a = arma::conv_to<arma::mat>::from(*separate_params[i].value);
    const arma::mat b = arma::conv_to<arma::mat>::from(*folded_params[i].value);
    worst = std::max(worst, arma::abs(a - b).max());
    largest_step = std::max(largest_step, arma::abs(a - arma::conv_to<arma::mat>::from(before[i])).max());
  }
  BOOST_TEST_REQUIRE(largest_step > 0.0, "the step moved nothing");
  return worst / largest_step;
}

}  // namespace

BOOST_AUTO_TEST_CASE(double_through_armadillo) {
  BOOST_TEST(folded_against_separate<double>(0.1) <= 1e-12);
}

BOOST_AUTO_TEST_CASE(float_through_every_product_path) {
  using neurite::gemm::Backend;
  neurite::gemm::use(Backend::armadillo);
  BOOST_TEST(folded_against_separate<float>(0.1f) <= 1e-5);
  if (!neurite::gemm::onednn_built()) return;
  neurite::gemm::use(Backend::onednn);
  BOOST_TEST(folded_against_separate<float>(0.1f) <= 1e-5);
}
