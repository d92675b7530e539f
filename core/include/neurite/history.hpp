#pragma once
// A training run's history: one record per epoch, written as CSV or JSON (--history), drawn as
// accuracy and loss curves (--svg), and kept in checkpoints as CSV.
#include <optional>
#include <string>
#include <vector>

namespace neurite {

struct EpochRecord {
  std::size_t epoch = 0;
  double train_acc = 0, train_loss = 0;
  std::optional<double> test_acc, test_loss;  // none without a test set
  double seconds = 0, eval_seconds = 0;
};

std::string history_csv(const std::vector<EpochRecord>& history);
std::vector<EpochRecord> parse_history(const std::string& csv);

void write_history(const std::string& file, const std::vector<EpochRecord>& history);
void write_history_svg(const std::string& file, const std::vector<EpochRecord>& history,
                       const std::string& title);

}  // namespace neurite
