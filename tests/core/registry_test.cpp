// Spec parsing, parameter resolution and name lookup, against the real shipped libraries.
#define BOOST_TEST_MODULE registry
#include <boost/test/unit_test.hpp>

#include <neurite/registry.hpp>

#include "../support/shipped.hpp"

namespace {

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const neurite::Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(spec_with_and_without_arguments) {
  auto plain = neurite::parse_spec("ReLU");
  BOOST_TEST(plain.name == "ReLU");
  BOOST_TEST(plain.args.empty());
  auto spec = neurite::parse_spec(" h-swish( n = 4 , x=-1e-3) ");
  BOOST_TEST(spec.name == "h-swish");
  BOOST_REQUIRE(spec.args.size() == 2u);
  BOOST_TEST(spec.args[0].first == "n");
  BOOST_TEST(spec.args[0].second == "4");
  BOOST_TEST(spec.args[1].second == "-1e-3");
  BOOST_TEST(neurite::parse_spec("Adam()").args.empty());
}

BOOST_AUTO_TEST_CASE(malformed_specs_are_refused_with_the_reason) {
  BOOST_TEST(error_of([] { neurite::parse_spec("Adam(lr=0.1"); }) ==
             "bad spec 'Adam(lr=0.1': unbalanced parentheses; expected name or name(key=value, ...)");
  BOOST_TEST(error_of([] { neurite::parse_spec("Adam(0.1)"); }) ==
             "bad spec 'Adam(0.1)': '0.1' has no '='; expected name or name(key=value, ...)");
  BOOST_TEST(error_of([] { neurite::parse_spec("(lr=1)"); }) ==
             "bad spec '(lr=1)': no name; expected name or name(key=value, ...)");
}

BOOST_AUTO_TEST_CASE(lists_split_at_top_level_commas) {
  const auto items = neurite::split_specs("SGD(lr=0.1),Adam(lr=0.05, beta1=0.8), ReLU");
  BOOST_REQUIRE(items.size() == 3u);
  BOOST_TEST(items[1] == "Adam(lr=0.05, beta1=0.8)");
  BOOST_TEST(items[2] == "ReLU");
  BOOST_TEST(error_of([] { neurite::split_specs("ReLU,,tanh"); }) ==
             "empty item in the list 'ReLU,,tanh'");
}

BOOST_AUTO_TEST_CASE(names_ignore_case_dashes_and_underscores) {
  BOOST_TEST(neurite::normalize_name("Leaky_ReLU") == "leakyrelu");
  BOOST_TEST(neurite::normalize_name("leaky-ReLU") == "leakyrelu");
  for (auto name : {"leaky_relu", "LeakyReLU", "leaky-ReLU"})
    BOOST_TEST(shipped().find(name).name() == "leaky-ReLU");
  BOOST_TEST(shipped().find("LOGISTIC").name() == "sigmoid");
  BOOST_TEST(shipped().find("momentum", neurite::Family::optimizer).name() == "MSGD");
}

BOOST_AUTO_TEST_CASE(unknown_names_suggest_near_matches) {
  BOOST_TEST(error_of([] { shipped().find("reluu"); }) ==
             "no plugin named 'reluu'; did you mean ReLU or ReLU6?");
  BOOST_TEST(error_of([] { shipped().find("sigmiod", neurite::Family::activation); }) ==
             "no activation named 'sigmiod'; did you mean sigmoid?");
  BOOST_TEST(error_of([] { shipped().find("zzzzzzzz"); }) ==
             "no plugin named 'zzzzzzzz' (`neurite list` shows every plugin found)");
}

BOOST_AUTO_TEST_CASE(a_plugin_of_another_family_is_named_as_such) {
  BOOST_TEST(error_of([] { shipped().find("SGD", neurite::Family::activation); }) ==
             "'SGD' is an optimizer, not an activation");
}

BOOST_AUTO_TEST_CASE(parameters_are_checked_against_their_declarations) {
  const auto& r = shipped();
  auto [plugin, values] = r.resolve("leaky_relu(alpha=0.2)", neurite::Family::activation);
  BOOST_TEST(values.get<double>("alpha") == 0.2);
  BOOST_TEST(r.resolve("leaky-ReLU", neurite::Family::activation).second.get<double>("alpha") ==
             0.01);
  BOOST_TEST(error_of([&] { r.resolve("leaky-ReLU(alpha=-3)", neurite::Family::activation); }) ==
             "leaky-ReLU: alpha=-3 is outside its range [0, 1)");
  BOOST_TEST(error_of([&] { r.resolve("leaky-ReLU(alpha=x)", neurite::Family::activation); }) ==
             "leaky-ReLU: alpha='x' is not a number; expected a real in [0, 1)");
  BOOST_TEST(error_of([&] { r.resolve("leaky-ReLU(beta=1)", neurite::Family::activation); }) ==
             "leaky-ReLU: unknown parameter 'beta'; valid keys: alpha");
  BOOST_TEST(error_of([&] { r.resolve("ReLU(alpha=1)", neurite::Family::activation); }) ==
             "ReLU: unknown parameter 'alpha'; it takes no parameters");
}

BOOST_AUTO_TEST_CASE(lr_names_the_learning_rate_of_every_optimizer) {
  const auto& r = shipped();
  BOOST_TEST(r.resolve("SGD(lr=0.5)", neurite::Family::optimizer).second.get<double>("eta") == 0.5);
  BOOST_TEST(error_of([&] { r.resolve("SGD(eta=0.1, lr=0.2)", neurite::Family::optimizer); }) ==
             "SGD: parameter 'eta' is given twice ('lr' is another name for it)");
  BOOST_TEST(error_of([&] { r.resolve("SGD(lr=0)", neurite::Family::optimizer); }) ==
             "SGD: lr=0 is outside its range (0, inf)");
}

BOOST_AUTO_TEST_CASE(objects_keep_their_library_loaded) {
  std::shared_ptr<neurite::Activator<double>> relu;
  {
    const auto registry = neurite::Registry::discover({NEURITE_PLUGIN_DIR});
    relu = registry.activator<double>("ReLU");
  }
  arma::mat x{{-1.0, 2.0}}, y(1, 2);
  relu->forward(x, y, {});
  BOOST_TEST(y(0, 0) == 0.0);
  BOOST_TEST(y(0, 1) == 2.0);
}
