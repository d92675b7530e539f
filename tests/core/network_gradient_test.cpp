// The whole network's backward pass against central differences of its loss, for every
// parameter, in double: dense layers, plugin activations (a shape-changing one among them),
// dropout in inference mode, and the output activation each loss asks for.
#define BOOST_TEST_MODULE network_gradient
#include <boost/test/unit_test.hpp>

#include <neurite/model.hpp>

#include "../support/shipped.hpp"

namespace {

// Worst |analytic - numerical| relative to the check's tolerance; 1 or less passes.
double worst_gradient_error(const std::string& model_text, const std::string& loss) {
  neurite::Generator rng(3);
  const arma::uword inputs = 5, classes = 4, batch = 7;
  neurite::Model<double> model(shipped(), neurite::parse_model(model_text), inputs, classes, loss,
                               "", rng);
  arma::mat x(inputs, batch), t(classes, batch, arma::fill::zeros);
  std::normal_distribution<double> normal;
  x.imbue([&] { return normal(rng); });
  for (arma::uword j = 0; j < batch; ++j) t(j % classes, j) = 1;
  const neurite::Context ctx{false, &rng};
  auto loss_at = [&] {
    model.forward(x, ctx);
    return model.loss(t);
  };
  loss_at();
  model.backward(x, t, 1.0, ctx);
  double worst = 0;
  for (auto& p : model.parameters()) {
    const arma::mat analytic = *p.gradient;
    for (arma::uword i = 0; i < p.value->n_elem; ++i) {
      const double w = (*p.value)[i], h = 1e-6 * std::max(1.0, std::abs(w));
      (*p.value)[i] = w + h;
      const double up = loss_at();
      (*p.value)[i] = w - h;
      const double down = loss_at();
      (*p.value)[i] = w;
      const double numeric = (up - down) / (2 * h);
      worst = std::max(worst, std::abs(analytic[i] - numeric) / (1e-6 + 1e-5 * std::abs(numeric)));
    }
  }
  return worst;
}

}  // namespace

BOOST_AUTO_TEST_CASE(tanh_network_with_softmax_cross_entropy) {
  BOOST_TEST(worst_gradient_error("dense:6,tanh,dense:5,sigmoid", "softmax-cross-entropy") <= 1.0);
}

BOOST_AUTO_TEST_CASE(sigmoid_network_with_square_loss) {
  BOOST_TEST(worst_gradient_error("dense:6,sigmoid,dense:3,tanh", "square") <= 1.0);
}

BOOST_AUTO_TEST_CASE(shape_changing_activation_and_dropout_in_inference) {
  BOOST_TEST(worst_gradient_error("dense:8,maxout(k=2),dropout:0.5,dense:6,GLU", "softmax-cross-entropy") <= 1.0);
}

BOOST_AUTO_TEST_CASE(learnable_activation_and_probability_loss) {
  BOOST_TEST(worst_gradient_error("dense:6,PReLU,dense:5,Swish", "cross-entropy") <= 1.0);
}
