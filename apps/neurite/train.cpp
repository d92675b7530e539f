// neurite train: trains one model (with no options the reference model: 784-100-50-10, ReLU,
// softmax-cross-entropy, SGD lr=0.1, batch 100, seed 10, 20 epochs, Fashion-MNIST).
#include <unistd.h>

#include <iostream>

#include <neurite/model.hpp>

#include "commands.hpp"
#include "train_options.hpp"

namespace neurite::commands {

int train(const Args& args) {
  cli::Command cmd("train", "[options]",
                   "Trains a network and prints one line per epoch. With no options: the "
                   "reference model on Fashion-MNIST.");
  TrainOptions opts;
  opts.add_to(cmd.options(), false);
  std::string lr_text, resume_file;
  TrainOutput output;
  cmd.options().add_options()
      ("lr", cli::po::value(&lr_text), "the optimizer's learning rate (not also inside its spec)")
      ("history", cli::po::value(&output.history), "per-epoch metrics to FILE (.csv or .json)")
      ("svg", cli::po::value(&output.svg), "accuracy and loss curves to FILE")
      ("save", cli::po::value(&output.save), "checkpoint to FILE after every epoch")
      ("resume", cli::po::value(&resume_file), "continue from a checkpoint up to --epochs in total");
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto registry = cmd.registry();
  output.log = &std::cout;
  output.progress = ::isatty(STDERR_FILENO);

  if (!resume_file.empty()) {
    for (const char* fixed : {"model", "layers", "activation", "loss", "optimizer", "batch", "flood",
                              "weight-decay", "init", "data", "test", "seed", "dtype", "threads", "lr"})
      if (vm.count(fixed) && !vm[fixed].defaulted())
        throw cli::UsageError(std::string("--") + fixed +
                              " cannot change a resumed run; the checkpoint holds its settings");
    if (output.save.empty()) output.save = resume_file;
    resume(registry, resume_file, vm["epochs"].defaulted() ? 0 : opts.settings.epochs, output);
    return 0;
  }
  opts.finish(vm, registry);
  if (const auto note = pairing_note(parse_model(opts.settings.model), opts.settings.loss, registry);
      !note.empty())
    std::cerr << note << "\n";
  if (!lr_text.empty()) {
    std::size_t used = 0;
    double lr = 0;
    try {
      lr = std::stod(lr_text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != lr_text.size()) throw cli::UsageError("--lr '" + lr_text + "' is not a number");
    opts.settings.optimizer = with_learning_rate(registry, opts.settings.optimizer, lr);
  }
  neurite::train(registry, opts.settings, output);
  return 0;
}

}  // namespace neurite::commands
