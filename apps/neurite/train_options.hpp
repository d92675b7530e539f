#pragma once
// The options `train` and `compare` share: the model, the data, and how to train it.
#include <optional>
#include <string>

#include <neurite/trainer.hpp>

#include "cli.hpp"

namespace neurite::commands {

struct TrainOptions {
  std::string model, layers = "100,50", activation = "ReLU";
  std::string epochs_text, flood_text;
  TrainSettings settings;

  void add_to(cli::po::options_description& options, bool lists);
  // Fills settings.model and the optional numbers once the options are parsed.
  void finish(const cli::po::variables_map& vm, const Registry& registry);
};

std::vector<std::size_t> parse_widths(const std::string& text);

}  // namespace neurite::commands
