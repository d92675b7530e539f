// The training products through oneDNN agree with Armadillo's within 1e-6 relative, for every
// transpose combination and accumulation the layers use, at the reference model's shapes.
#define BOOST_TEST_MODULE gemm
#include <boost/test/unit_test.hpp>

#include <neurite/gemm.hpp>

namespace {

arma::fmat product(neurite::gemm::Backend b, const arma::fmat& a, bool ta, const arma::fmat& x,
                   bool tx, bool accumulate, const arma::fmat& start) {
  neurite::gemm::use(b);
  arma::fmat c = start;
  neurite::gemm::multiply(a, ta, x, tx, c, accumulate);
  return c;
}

}  // namespace

BOOST_AUTO_TEST_CASE(onednn_and_armadillo_agree) {
  if (!neurite::gemm::onednn_built()) {
    BOOST_TEST_MESSAGE("built without oneDNN: only the Armadillo path exists");
    return;
  }
  arma::arma_rng::set_seed(5);
  struct Case { arma::uword m, k, n; };
  for (auto [m, k, n] : {Case{100, 784, 100}, Case{50, 100, 100}, Case{10, 50, 37}, Case{784, 100, 100}})
    for (bool ta : {false, true})
      for (bool tx : {false, true})
        for (bool accumulate : {false, true}) {
          const arma::fmat a = ta ? arma::fmat(k, m, arma::fill::randn) : arma::fmat(m, k, arma::fill::randn);
          const arma::fmat x = tx ? arma::fmat(n, k, arma::fill::randn) : arma::fmat(k, n, arma::fill::randn);
          const arma::fmat start(m, n, arma::fill::randn);
          const arma::fmat fast = product(neurite::gemm::Backend::onednn, a, ta, x, tx, accumulate, start);
          const arma::fmat reference = product(neurite::gemm::Backend::armadillo, a, ta, x, tx, accumulate, start);
          // Relative to the size of the terms summed, so cancellation does not inflate it.
          const arma::fmat scale = arma::abs(ta ? a.t() : a) * arma::abs(tx ? x.t() : x) + 1e-30f;
          const float worst = arma::abs(fast - reference).eval().max() / scale.max();
          BOOST_TEST(worst <= 1e-6f, m << "x" << k << "x" << n << " ta=" << ta << " tx=" << tx
                                       << " accumulate=" << accumulate << ": " << worst);
        }
}
