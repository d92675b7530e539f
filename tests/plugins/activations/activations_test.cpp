// Every shipped activation, each loaded alone from its own library: the conformance checks (at the
// defaults and at a second parameter set), values and vector-Jacobian products against the exact
// values of tests/reference/activations.py (mpmath) in double and float within the catalog's
// accuracy target, the catalog's named edge values, and the behaviour particular to some
// (PReLU's parameter gradient, RReLU's draws, maxout/GLU shapes, cross-parameter refusals).
// Nothing here shares code with the plugins.
#define BOOST_TEST_MODULE activations
#include <boost/test/unit_test.hpp>

#include "reference_check.hpp"

// The cases are named after the plugin files; a namespace keeps `tanh` from meeting ::tanh.
namespace cases {

using neurite::Init;
using Kinks = std::vector<double>;

BOOST_AUTO_TEST_CASE(step) {
  const Plugin p("step", "step");
  standard(p, Init::xavier);
  BOOST_TEST(kinks(p) == Kinks{0.0});
}
BOOST_AUTO_TEST_CASE(identity) {
  const Plugin p("identity", "identity");
  standard(p, Init::xavier);
  BOOST_TEST(p.entry().meta.aliases[0] == "linear");
}
BOOST_AUTO_TEST_CASE(bent_identity) {
  const Plugin p("bent_identity", "bent-identity");
  standard(p, Init::xavier);
  edge<float>(p, {1e30, -1e30}, {1, 1}, {1.5e30, -0.5e30}, {1.5, 0.5});
}
BOOST_AUTO_TEST_CASE(hard_shrink) {
  const Plugin p("hard_shrink", "hard-shrink");
  standard(p, Init::xavier, "lambda=1.25");
  BOOST_TEST(kinks(p) == (Kinks{-0.5, 0.5}));
  BOOST_TEST(kinks(p, "lambda=0").empty());
}
BOOST_AUTO_TEST_CASE(soft_shrink) {
  const Plugin p("soft_shrink", "soft-shrink");
  standard(p, Init::xavier, "lambda=1.25");
  BOOST_TEST(kinks(p, "lambda=1.25") == (Kinks{-1.25, 1.25}));
  BOOST_TEST(kinks(p, "lambda=0").empty());
}
BOOST_AUTO_TEST_CASE(threshold) {
  const Plugin p("threshold", "threshold");
  standard(p, Init::he, "threshold=0.5 value=-2");
  BOOST_TEST(kinks(p, "threshold=0.5 value=-2") == Kinks{0.5});
}
BOOST_AUTO_TEST_CASE(sigmoid) {
  const Plugin p("sigmoid", "sigmoid");
  standard(p, Init::xavier);
  BOOST_TEST(p.entry().meta.aliases[0] == "logistic");
}
BOOST_AUTO_TEST_CASE(hard_sigmoid) {
  const Plugin p("hard_sigmoid", "hard-sigmoid");
  standard(p, Init::xavier, "slope=0.16666666666666666 offset=0.5");
  BOOST_TEST(kinks(p) == (Kinks{-2.5, 2.5}));
}
BOOST_AUTO_TEST_CASE(log_sigmoid) {
  const Plugin p("log_sigmoid", "log-sigmoid");
  standard(p, Init::he);
  edge_both(p, {-1000}, {1}, {-1000}, {1});
}
BOOST_AUTO_TEST_CASE(tanh) { standard(Plugin("tanh", "tanh"), Init::xavier); }
BOOST_AUTO_TEST_CASE(tanh_shrink) { standard(Plugin("tanh_shrink", "tanh-shrink"), Init::xavier); }
BOOST_AUTO_TEST_CASE(hard_tanh) {
  const Plugin p("hard_tanh", "hard-tanh");
  standard(p, Init::xavier, "min=-2 max=0.5");
  BOOST_TEST(kinks(p, "min=-2 max=0.5") == (Kinks{-2, 0.5}));
  refused(p, "min=1 max=1", {"hard-tanh", "min", "max"});
  refused(p, "min=2", {"hard-tanh", "min", "max"});
}
BOOST_AUTO_TEST_CASE(relu) {
  const Plugin p("relu", "ReLU");
  standard(p, Init::he);
  BOOST_TEST(kinks(p) == Kinks{0.0});
}
BOOST_AUTO_TEST_CASE(relu6) {
  const Plugin p("relu6", "ReLU6");
  standard(p, Init::he);
  BOOST_TEST(kinks(p) == (Kinks{0, 6}));
}
BOOST_AUTO_TEST_CASE(leaky_relu) {
  standard(Plugin("leaky_relu", "leaky-ReLU"), Init::he, "alpha=0.2");
}
BOOST_AUTO_TEST_CASE(elu) {
  const Plugin p("elu", "ELU");
  standard(p, Init::he, "alpha=0.5");
  edge_both(p, {-1000}, {1}, {-1}, {0});
  BOOST_TEST(kinks(p).empty());  // f' is continuous at alpha = 1
  BOOST_TEST(kinks(p, "alpha=0.5") == Kinks{0.0});
}
BOOST_AUTO_TEST_CASE(selu) {
  const Plugin p("selu", "SELU");
  standard(p, Init::lecun, "lambda=1.5 alpha=0.75");
  edge_both(p, {-1000}, {1}, {-1.7580993408473766}, {0});
  // The defaults are torch's exact constants, not the seed's 1.0507 and 1.67326.
  const auto values = p.values("");
  BOOST_TEST(values.get<double>("lambda") == 1.0507009873554805);
  BOOST_TEST(values.get<double>("alpha") == 1.6732632423543772);
  BOOST_TEST(kinks(p) == Kinks{0.0});
  BOOST_TEST(kinks(p, "alpha=1").empty());
}
BOOST_AUTO_TEST_CASE(celu) {
  const Plugin p("celu", "CELU");
  standard(p, Init::he, "alpha=0.3");
  BOOST_TEST(kinks(p, "alpha=0.3").empty());
}
BOOST_AUTO_TEST_CASE(softmax) {
  const Plugin p("softmax", "softmax");
  standard(p, Init::xavier);
  edge_both(p, {1000, 0}, {1, 0}, {1, 0}, {0, 0});
}
BOOST_AUTO_TEST_CASE(softmin) {
  const Plugin p("softmin", "softmin");
  standard(p, Init::xavier);
  edge_both(p, {-1000, 0}, {1, 0}, {1, 0}, {0, 0});
}
BOOST_AUTO_TEST_CASE(log_softmax) {
  const Plugin p("log_softmax", "log-softmax");
  standard(p, Init::xavier);
  edge_both(p, {1000, 0}, {1, 0}, {-0.0, -1000}, {0, 0});
}
BOOST_AUTO_TEST_CASE(softplus) {
  const Plugin p("softplus", "softplus");
  standard(p, Init::he, "beta=0.3");
  edge_both(p, {1000}, {1}, {1000}, {1});
  for (const char* params : {"", "beta=0.3"}) {
    nan_stays_nan<float>(p, params);
    nan_stays_nan<double>(p, params);
  }
}
BOOST_AUTO_TEST_CASE(softsign) { standard(Plugin("softsign", "softsign"), Init::xavier); }
BOOST_AUTO_TEST_CASE(swish) {
  const Plugin p("swish", "Swish");
  standard(p, Init::he, "beta=0.3");
  edge_both(p, {1000, -1000}, {1, 1}, {1000, -0.0}, {1, 0});
  // beta = 0 is allowed and gives x/2.
  const auto half = p.make<double>("beta=0");
  const Run<double> r = run_column(*half, {3, -5}, {1, 1});
  BOOST_TEST(r.y[0] == 1.5);
  BOOST_TEST(r.y[1] == -2.5);
  BOOST_TEST(r.dx[0] == 0.5);
}
BOOST_AUTO_TEST_CASE(mish) {
  const Plugin p("mish", "Mish");
  standard(p, Init::he);
  edge_both(p, {1000}, {1}, {1000}, {1});
}
BOOST_AUTO_TEST_CASE(tanh_exp) {
  const Plugin p("tanh_exp", "tanhExp");
  standard(p, Init::he);
  edge_both(p, {1000, -1000}, {1, 1}, {1000, -0.0}, {1, 0});
}
BOOST_AUTO_TEST_CASE(h_swish) {
  const Plugin p("h_swish", "h-swish");
  standard(p, Init::he, "n=4");
  BOOST_TEST(p.entry().meta.aliases[0] == "hard-swish");
  BOOST_TEST(kinks(p, "n=4") == (Kinks{-2, 2}));
}
BOOST_AUTO_TEST_CASE(gelu) {
  const Plugin p("gelu", "GELU");
  standard(p, Init::he, "approximate=tanh");
  // The two forms differ by 4.7e-4 at 2.70: neither may be the other.
  const auto exact = p.make<double>(), tanh = p.make<double>("approximate=tanh");
  const double a = run_column(*exact, {2.7}, {1}).y[0], b = run_column(*tanh, {2.7}, {1}).y[0];
  BOOST_TEST(std::abs(a - b) > 4e-4);
  refused(p, "approximate=sigmoid", {"GELU", "approximate"});
  // Far tails in float, where the terms are those of the clamped x: exactly x, or -0.
  for (const char* params : {"", "approximate=tanh"}) {
    const auto act = p.make<float>(params);
    const float inf = std::numeric_limits<float>::infinity();
    const Run<float> r = run_column(*act, {-1e30, -1e20, -1e10, -20, 1e30, inf, -inf},
                                    {1, 1, 1, 1, 1, 1, 1});
    for (arma::uword i = 0; i < 4; ++i)
      BOOST_TEST((r.y[i] == 0 && std::signbit(r.y[i])), params << " f(" << r.y[i] << ") is not -0");
    BOOST_TEST(r.y[4] == 1e30f);
    BOOST_TEST(r.y[5] == inf);
    BOOST_TEST((r.y[6] == 0 && std::signbit(r.y[6])));
  }
}
BOOST_AUTO_TEST_CASE(silu) { standard(Plugin("silu", "SiLU"), Init::he); }
BOOST_AUTO_TEST_CASE(squareplus) {
  const Plugin p("squareplus", "squareplus");
  standard(p, Init::he, "b=2");
  edge<float>(p, {-1e4, 1e30}, {1, 1}, {1e-4, 1e30}, {1e-8, 1});
}

BOOST_AUTO_TEST_CASE(maxout) {
  const Plugin p("maxout", "maxout");
  standard(p, Init::xavier, "k=3");
  const auto two = p.make<double>(), three = p.make<double>("k=3");
  BOOST_TEST(two->output_rows(6) == 3u);
  BOOST_TEST(three->output_rows(6) == 2u);
  BOOST_TEST(three->output_rows(9) == 3u);
  for (auto [act, rows] : {std::pair{two.get(), 7}, std::pair{three.get(), 8}}) {
    try {
      act->output_rows(rows);
      BOOST_ERROR("maxout accepted " << rows << " rows");
    } catch (const neurite::BadParameter& e) {
      const std::string message = e.what();
      BOOST_TEST(message.find("maxout") != std::string::npos, message);
      BOOST_TEST(message.find("k=") != std::string::npos, message);
      BOOST_TEST(message.find(std::to_string(rows)) != std::string::npos, message);
    }
  }
  // Batches: a 6 x 2 input gives 3 x 2 with k = 2; dy reaches the first maximum of each group.
  const arma::mat x = {{1, 5}, {4, 5}, {-3, 0}, {-3, -1}, {2, 9}, {8, 8}};
  const arma::mat dy = {{1, 2}, {3, 4}, {5, 6}};
  const Run<double> r = run(*two, x, dy);
  BOOST_TEST(arma::approx_equal(r.y, arma::mat{{4, 5}, {-3, 0}, {8, 9}}, "absdiff", 0.0));
  BOOST_TEST(arma::approx_equal(
      r.dx, arma::mat{{0, 2}, {1, 0}, {3, 4}, {0, 0}, {0, 6}, {5, 0}}, "absdiff", 0.0));
}

BOOST_AUTO_TEST_CASE(glu) {
  const Plugin p("glu", "GLU");
  standard(p, Init::xavier);
  const auto act = p.make<float>();
  BOOST_TEST(act->output_rows(6) == 3u);
  try {
    act->output_rows(7);
    BOOST_ERROR("GLU accepted 7 rows");
  } catch (const neurite::BadParameter& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find("GLU") != std::string::npos, message);
    BOOST_TEST(message.find("7") != std::string::npos, message);
  }
  const Run<float> r =
      run(*act, arma::fmat(6, 5, arma::fill::ones), arma::fmat(3, 5, arma::fill::ones));
  BOOST_TEST(r.y.n_rows == 3u);
  BOOST_TEST(r.dx.n_rows == 6u);
}

// PReLU: one slope per row, initialised to init, with dE/da_r = sum over the batch of dy min(x, 0).
template <typename T>
void prelu_parameters(const Plugin& p) {
  const auto act = p.make<T>("init=0.1");
  arma::Mat<T>* slopes = act->parameters(3);
  BOOST_TEST_REQUIRE(slopes != nullptr);
  BOOST_TEST(slopes->n_rows == 3u);
  BOOST_TEST(slopes->n_cols == 1u);
  BOOST_TEST(arma::all(arma::vectorise(*slopes) == T(0.1)));
  (*slopes)(0) = T(0.5);
  (*slopes)(1) = T(0.25);
  (*slopes)(2) = T(0.125);
  const arma::Mat<T> x = {{-1, 2, -3, 0}, {4, -8, -0.5, 1}, {-2, -2, 6, -16}};
  const arma::Mat<T> dy = {{1, 2, 3, 4}, {-1, 0.5, 2, 8}, {0.25, -4, 1, 0.5}};
  const Run<T> r = run(*act, x, dy);
  const arma::Mat<T> y = {{-0.5, 2, -1.5, 0}, {4, -2, -0.125, 1}, {-0.25, -0.25, 6, -2}};
  BOOST_TEST(arma::approx_equal(r.y, y, "absdiff", 0.0));
  const arma::Mat<T> dx = {{0.5, 2, 1.5, 2}, {-1, 0.125, 0.5, 8}, {0.03125, -0.5, 1, 0.0625}};
  BOOST_TEST(arma::approx_equal(r.dx, dx, "absdiff", 0.0));
  // Row sums of dy min(x, 0): -1 - 9 = -10; -4 - 1 = -5; -0.5 + 8 - 8 = -0.5.
  const arma::Mat<T>* gradient = act->parameter_gradient();
  BOOST_TEST_REQUIRE(gradient != nullptr);
  BOOST_TEST(arma::approx_equal(*gradient, arma::Col<T>{T(-10), T(-5), T(-0.5)}, "absdiff", 0.0));
  // A new width re-initialises the slopes.
  BOOST_TEST(act->parameters(4)->n_rows == 4u);
  BOOST_TEST(arma::all(arma::vectorise(*act->parameters(4)) == T(0.1)));
}

BOOST_AUTO_TEST_CASE(prelu) {
  const Plugin p("prelu", "PReLU");
  standard(p, Init::he, "init=0.1");
  prelu_parameters<double>(p);
  prelu_parameters<float>(p);
}

// RReLU: in training one U(lower, upper) draw per element in storage order from the caller's
// generator at every forward, kept for the backward; in inference the mean slope.
template <typename T>
void rrelu_draws(const Plugin& p, const std::string& params, double lower, double upper) {
  const auto act = p.make<T>(params);
  arma::Mat<T> x(4, 5);
  x.imbue([i = 0]() mutable { return T(i++ % 3 == 0 ? 1.5 : -2.0); });
  const arma::Mat<T> dy(4, 5, arma::fill::ones);
  arma::Mat<T> y(4, 5), dx(4, 5);
  neurite::Generator rng(2024), expected_rng(2024);
  const neurite::Context training{true, &rng};
  std::uniform_real_distribution<T> draw{T(lower), T(upper)};
  for (int pass = 0; pass < 2; ++pass) {  // the second forward draws afresh
    act->forward(x, y, training);
    act->backward(x, y, dy, dx, training);
    for (arma::uword i = 0; i < x.n_elem; ++i) {
      const T a = draw(expected_rng);
      BOOST_TEST(a >= T(lower));
      BOOST_TEST(a < T(upper));
      BOOST_TEST(y[i] == (x[i] >= 0 ? x[i] : a * x[i]));
      BOOST_TEST(dx[i] == (x[i] > 0 ? T(1) : a));
    }
  }
  neurite::Generator unused(1);
  const neurite::Context inference{false, &unused};
  act->forward(x, y, inference);
  act->backward(x, y, dy, dx, inference);
  const T mean = T((lower + upper) / 2);
  for (arma::uword i = 0; i < x.n_elem; ++i) {
    BOOST_TEST(y[i] == (x[i] >= 0 ? x[i] : mean * x[i]));
    BOOST_TEST(dx[i] == (x[i] > 0 ? T(1) : mean));
  }
  BOOST_TEST(unused() == neurite::Generator(1)(), "inference must not draw");
}

BOOST_AUTO_TEST_CASE(rrelu) {
  const Plugin p("rrelu", "RReLU");
  standard(p, Init::he, "lower=0.25 upper=0.5");
  rrelu_draws<double>(p, "", 0.125, 0.3333333333333333);
  rrelu_draws<float>(p, "", 0.125, 0.3333333333333333);
  rrelu_draws<double>(p, "lower=0.25 upper=0.5", 0.25, 0.5);
  refused(p, "lower=0.5 upper=0.25", {"RReLU", "lower", "upper"});
  BOOST_CHECK_NO_THROW(p.make<float>("lower=0.25 upper=0.25"));
}

// A tanh whose backward is 10% too large must fail the gradient check, and say so.
BOOST_AUTO_TEST_CASE(wrong_tanh_fails_gradient) {
  const auto loaded = neurite::testing::load_only(NEURITE_WRONG_PLUGIN);
  const auto report = neurite::conformance::check(loaded.entry("wrong-tanh"));
  BOOST_TEST(!report.ok());
  bool gradient_failed = false;
  for (const auto& finding : report.findings())
    if (finding.check.rfind("gradient", 0) == 0 && !finding.ok) gradient_failed = true;
  BOOST_TEST(gradient_failed, report.text());
  BOOST_TEST(report.text().find("gradient") != std::string::npos, report.text());
}

}  // namespace cases
