// neurite: the host program. Dispatches to one command; every error ends as one line on stderr
// and a non-zero exit status (2 for usage mistakes, 1 for everything else).
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli.hpp"
#include "commands.hpp"

namespace {

struct CommandEntry {
  std::string_view name;
  int (*run)(const neurite::commands::Args&);
  std::string_view summary;
};

constexpr CommandEntry command_table[] = {
    {"list", neurite::commands::list, "every plugin found, by family, and the files skipped"},
    {"info", neurite::commands::info, "one plugin's metadata and parameters"},
    {"optimize", neurite::commands::optimize, "optimizer paths on a 2-D function, CSV and SVG"},
    {"check", neurite::commands::check, "conformance checks of plugins, each in isolation"},
    {"train", neurite::commands::train, "train a network (no options: the reference model)"},
    {"compare", neurite::commands::compare, "train every combination, one table and one picture"},
    {"eval", neurite::commands::eval, "accuracy, loss and confusion matrix of a checkpoint"},
    {"bench", neurite::commands::bench, "training, activation, optimizer and start-up benchmarks"},
    {"plot", neurite::commands::plot, "activations and their derivatives on a range, CSV and SVG"},
    {"apply", neurite::commands::apply, "one activation or loss on a CSV batch"},
};

void usage(std::ostream& out) {
  out << "usage: neurite <command> [options]   (neurite <command> --help for its options)\n\n"
         "commands:\n";
  for (const auto& c : command_table)
    out << "  " << c.name << std::string(10 - c.name.size(), ' ') << c.summary << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? std::cerr : std::cout);
    return argc < 2 ? 2 : 0;
  }
  const std::string_view name = argv[1];
  for (const auto& c : command_table) {
    if (c.name != name) continue;
    try {
      return c.run(neurite::commands::Args(argv + 2, argv + argc));
    } catch (const neurite::cli::UsageError& e) {
      std::cerr << "neurite " << name << ": " << e.what() << "\n";
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "neurite " << name << ": error: " << e.what() << "\n";
      return 1;
    }
  }
  std::cerr << "neurite: unknown command '" << name << "' (neurite --help lists them)\n";
  return 2;
}
