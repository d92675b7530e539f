// No heap allocation per batch in the steady state of training, counted at the malloc level by
// tests/support/allocation_counter.hpp: Neurite's own allocations must be 0; the scratch that
// OpenBLAS's small kernels and dnnl_sgemm take inside each call is reported.
#define BOOST_TEST_MODULE allocation
#include <boost/test/unit_test.hpp>

#include <neurite/trainer.hpp>

#include "../support/allocation_counter.hpp"

namespace allocations = neurite::test::allocations;

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
    if (batch == 50) allocations::start();
    else if (batch == 350) counted = allocations::stop();
  };
  neurite::train(registry, s, out);
  BOOST_TEST_MESSAGE(model << ", " << optimizer << ", " << dtype << ": " << allocations::in_math_libraries
                           << " allocations inside BLAS/oneDNN calls over 300 batches");
  return counted;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_counter_sees_armadillo_allocations) {
  allocations::start();
  { arma::fmat m(300, 300, arma::fill::zeros); }
  BOOST_TEST(allocations::stop() >= 1);
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

// Plain SGD steps folded into the weight-gradient products, through Armadillo's product.
BOOST_AUTO_TEST_CASE(folded_sgd_steps_in_double) {
  BOOST_TEST(allocations_in_steady_state("dense:100,ReLU,dense:50,ReLU", "SGD(lr=0.1)", "double") == 0);
}
