// neurite eval CHECKPOINT [--data DIR]: accuracy, loss and confusion matrix of a saved model.
#include <iomanip>
#include <iostream>

#include "cli.hpp"
#include "commands.hpp"

#include <neurite/trainer.hpp>

namespace neurite::commands {

int eval(const Args& args) {
  cli::Command cmd("eval", "CHECKPOINT [--data DIR|FILE.csv]",
                   "Evaluates a checkpoint written by `neurite train --save` on its test set (or "
                   "on --data) and prints accuracy, loss and the confusion matrix.");
  std::string checkpoint, data;
  cmd.options().add_options()("checkpoint", cli::po::value(&checkpoint)->required(), "checkpoint file")(
      "data", cli::po::value(&data), "another data set (default: the one it was trained on)");
  cmd.positional().add("checkpoint", 1);
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto e = evaluate_checkpoint(cmd.registry(), checkpoint, data);
  std::cout << "model    " << e.model << "\ndata     " << e.data << "\n"
            << std::fixed << std::setprecision(4) << "accuracy " << e.accuracy << "\nloss     "
            << e.loss << "\nconfusion matrix (rows: true class, columns: predicted class)\n";
  std::cout << "      ";
  for (arma::uword c = 0; c < e.confusion.n_cols; ++c) std::cout << std::setw(6) << c;
  std::cout << "\n";
  for (arma::uword r = 0; r < e.confusion.n_rows; ++r) {
    std::cout << std::setw(6) << r;
    for (arma::uword c = 0; c < e.confusion.n_cols; ++c) std::cout << std::setw(6) << e.confusion(r, c);
    std::cout << "\n";
  }
  return 0;
}

}  // namespace neurite::commands
