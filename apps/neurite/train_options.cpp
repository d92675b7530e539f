#include "train_options.hpp"

#include <neurite/model.hpp>

namespace neurite::commands {

std::vector<std::size_t> parse_widths(const std::string& text) {
  std::vector<std::size_t> widths;
  for (const auto& item : split_specs(text)) {
    std::size_t used = 0;
    long long w = 0;
    try {
      w = std::stoll(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size() || w <= 0)
      throw cli::UsageError("--layers '" + text + "': expected widths like 100,50");
    widths.push_back(static_cast<std::size_t>(w));
  }
  return widths;
}

void TrainOptions::add_to(cli::po::options_description& options, bool lists) {
  auto& s = settings;
  options.add_options()
      ("model", cli::po::value(&model), "hidden layers spelled out, e.g. \"dense:100,h-swish(n=4),dropout:0.2,dense:50,ReLU\"; the output layer is added from the data")
      ("layers", cli::po::value(&layers)->default_value(layers), "hidden widths of the usual MLP (after each activation)")
      ("activation", cli::po::value(&activation)->default_value(activation), lists ? "activation spec(s), comma-separated" : "activation spec after each hidden layer")
      ("loss", cli::po::value(&s.loss)->default_value(s.loss), lists ? "loss spec(s)" : "loss spec; the output activation it needs is inserted")
      ("optimizer", cli::po::value(&s.optimizer)->default_value(s.optimizer), lists ? "optimizer spec(s)" : "optimizer spec")
      ("epochs", cli::po::value(&s.epochs)->default_value(s.epochs), "epochs in total")
      ("batch", cli::po::value(&s.batch)->default_value(s.batch), "samples per batch")
      ("flood", cli::po::value(&flood_text), "flooding level b: the loss E becomes |E - b| + b")
      ("weight-decay", cli::po::value(&s.weight_decay)->default_value(0.0, "0"), "L: adds L/2 |W|^2 over the weight matrices")
      ("init", cli::po::value(&s.init), "he, xavier or lecun (default: each activation's own)")
      ("data", cli::po::value(&s.data), "directory of MNIST-format IDX files, or a .csv file (default: Fashion-MNIST)")
      ("test", cli::po::value(&s.test), "test set .csv, with --data FILE.csv")
      ("seed", cli::po::value(&s.seed)->default_value(s.seed), "seed of every random draw")
      ("dtype", cli::po::value(&s.dtype)->default_value(s.dtype), "float or double")
      ("threads", cli::po::value(&s.threads)->default_value(s.threads, "library default"), "BLAS/OpenMP threads");
}

void TrainOptions::finish(const cli::po::variables_map& vm, const Registry& registry) {
  if (!flood_text.empty()) {
    std::size_t used = 0;
    double b = -1;
    try {
      b = std::stod(flood_text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != flood_text.size() || !(b >= 0))
      throw cli::UsageError("--flood '" + flood_text + "': expected a number b >= 0");
    settings.flood = b;
  }
  if (!model.empty()) {
    if (!vm["layers"].defaulted() || !vm["activation"].defaulted())
      throw cli::UsageError("--model spells every layer; leave out --layers and --activation");
    settings.model = describe(parse_model(model));
  } else {
    settings.model = describe(mlp_layers(parse_widths(layers), activation, registry));
  }
}

}  // namespace neurite::commands
