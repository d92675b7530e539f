#pragma once
// Training as DESIGN.md's training semantics say: seeded initialisation and shuffling, batches,
// flooding and weight decay, one optimizer instance per parameter tensor, per-epoch train and
// test metrics, a checkpoint after every epoch, and exact resumption from one.
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <neurite/history.hpp>
#include <neurite/registry.hpp>

namespace neurite {

struct TrainSettings {
  std::string model;  // hidden layers, as parse_model reads them
  std::string loss = "softmax-cross-entropy";
  std::string optimizer = "SGD(lr=0.1)";
  std::size_t epochs = 20;
  std::size_t batch = 100;
  std::optional<double> flood;
  double weight_decay = 0;
  std::string init;  // empty: each activation's own
  std::uint64_t seed = 10;
  std::string dtype = "float";
  int threads = 0;
  std::string data, test;

  std::string to_text() const;
  static TrainSettings from_text(const std::string& text);
};

struct TrainOutput {
  std::ostream* log = nullptr;    // one line per epoch
  bool progress = false;          // a live progress bar on stderr
  std::string save;               // checkpoint after every epoch
  std::string history;            // .csv or .json, rewritten after every epoch
  std::string svg;                // accuracy and loss curves
  std::function<void(const EpochRecord&)> on_epoch;
  std::function<void(std::size_t batch)> on_batch;  // after each training step (tests, tools)
};

// "SGD" + 0.05 -> "SGD(lr=0.05)"; refuses a spec that already sets its learning rate.
std::string with_learning_rate(const Registry& registry, const std::string& spec, double lr);

// Trains from scratch; returns the whole history.
std::vector<EpochRecord> train(const Registry& registry, const TrainSettings& settings,
                               const TrainOutput& output);
// Continues a checkpoint up to `epochs` in total (0: the checkpoint's own setting).
std::vector<EpochRecord> resume(const Registry& registry, const std::string& checkpoint,
                                std::size_t epochs, const TrainOutput& output);

struct Evaluation {
  double accuracy = 0, loss = 0;
  arma::umat confusion;  // rows: true class, columns: predicted class
  std::string model, data;
};
Evaluation evaluate_checkpoint(const Registry& registry, const std::string& checkpoint,
                               const std::string& data);

}  // namespace neurite
