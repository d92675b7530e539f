// The training products through oneDNN and through Armadillo agree with each other, and each with
// a double-precision reference, within 1e-6 relative, for every transpose combination,
// accumulation and scale the layers use, at the reference model's shapes.
#define BOOST_TEST_MODULE gemm
#include <boost/test/unit_test.hpp>

#include <neurite/gemm.hpp>

namespace {

using neurite::gemm::Backend;

arma::fmat product(Backend b, const arma::fmat& a, bool ta, const arma::fmat& x, bool tx,
                   bool accumulate, float s, const arma::fmat& start) {
  neurite::gemm::use(b);
  arma::fmat c = start;
  neurite::gemm::multiply(a, ta, x, tx, c, accumulate, s);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_path_agrees_with_a_double_reference) {
  std::vector<Backend> backends{Backend::armadillo};
  if (neurite::gemm::onednn_built()) backends.push_back(Backend::onednn);
  else BOOST_TEST_MESSAGE("built without oneDNN: only the Armadillo path exists");
  arma::arma_rng::set_seed(5);
  struct Case { arma::uword m, k, n; };
  for (auto [m, k, n] : {Case{100, 784, 100}, Case{50, 100, 100}, Case{10, 50, 37}, Case{784, 100, 100}})
    for (bool ta : {false, true})
      for (bool tx : {false, true})
        for (bool accumulate : {false, true})
          for (float s : {1.0f, -0.1f}) {
            const arma::fmat a = ta ? arma::fmat(k, m, arma::fill::randn) : arma::fmat(m, k, arma::fill::randn);
            const arma::fmat x = tx ? arma::fmat(n, k, arma::fill::randn) : arma::fmat(k, n, arma::fill::randn);
            const arma::fmat start(m, n, arma::fill::randn);
            const arma::mat op_a = arma::conv_to<arma::mat>::from(ta ? a.t() : a);
            const arma::mat op_x = arma::conv_to<arma::mat>::from(tx ? x.t() : x);
            arma::mat reference = double(s) * op_a * op_x;
            if (accumulate) reference += arma::conv_to<arma::mat>::from(start);
            // Relative to the size of the terms summed, so cancellation does not inflate it.
            const double scale = (arma::abs(op_a) * arma::abs(op_x)).eval().max();
            auto relative_error = [&](const arma::fmat& c, const arma::mat& from) {
              return arma::abs(arma::conv_to<arma::mat>::from(c) - from).eval().max() / scale;
            };
            std::vector<arma::fmat> results;
            for (Backend b : backends) {
              results.push_back(product(b, a, ta, x, tx, accumulate, s, start));
              const double worst = relative_error(results.back(), reference);
              BOOST_TEST(worst <= 1e-6, neurite::gemm::name(b) << " " << m << "x" << k << "x" << n
                                        << " ta=" << ta << " tx=" << tx << " accumulate="
                                        << accumulate << " s=" << s << ": " << worst);
            }
            if (results.size() == 2) {
              const double apart = relative_error(results[1], arma::conv_to<arma::mat>::from(results[0]));
              BOOST_TEST(apart <= 1e-6, "oneDNN against Armadillo " << m << "x" << k << "x" << n
                                        << " ta=" << ta << " tx=" << tx << " accumulate="
                                        << accumulate << " s=" << s << ": " << apart);
            }
          }
}
