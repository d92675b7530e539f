// neurite compare: every combination of the listed activations, optimizers, losses and rates,
// trained with the same seed and data; one table (the seed documents' comparison tables) and one
// picture of the test-accuracy curves.
#include <unistd.h>

#include <iomanip>
#include <iostream>
#include <sstream>

#include <neurite/csv.hpp>
#include <neurite/svg.hpp>

#include "commands.hpp"
#include "train_options.hpp"

namespace neurite::commands {

namespace {

struct Row {
  std::string activation, optimizer, loss;
  std::vector<EpochRecord> history;
  double seconds = 0;
};

std::vector<double> parse_numbers(const std::string& text, const char* option) {
  std::vector<double> out;
  if (text.empty()) return out;
  for (const auto& item : split_specs(text)) {
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(item, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != item.size()) throw cli::UsageError(std::string(option) + ": '" + item + "' is not a number");
    out.push_back(v);
  }
  return out;
}

std::string percent(double v) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(2) << 100 * v;
  return s.str();
}

}  // namespace

int compare(const Args& args) {
  cli::Command cmd("compare", "--activation A[,A...] [--optimizer ...] [--loss ...] [--lr ...]",
                   "Trains every combination of the listed activations, optimizers, losses and "
                   "learning rates with the same seed and data, then prints one table (Markdown, "
                   "or CSV with --csv) and draws the test-accuracy curves.");
  TrainOptions opts;
  opts.settings.epochs = 20;
  opts.add_to(cmd.options(), true);
  std::string lr_text, thresholds_text = "85,87,88", csv_file, svg_file = "compare.svg";
  cmd.options().add_options()
      ("lr", cli::po::value(&lr_text), "learning rate(s), each applied to every optimizer")
      ("thresholds", cli::po::value(&thresholds_text)->default_value(thresholds_text), "test accuracies in percent whose first epoch is reported")
      ("csv", cli::po::value(&csv_file), "also write the table as CSV to FILE")
      ("svg", cli::po::value(&svg_file)->default_value(svg_file), "test-accuracy curves to FILE");
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto registry = cmd.registry();
  const auto thresholds = parse_numbers(thresholds_text, "--thresholds");
  const auto rates = parse_numbers(lr_text, "--lr");
  const auto activations = split_specs(opts.activation);
  const auto losses = split_specs(opts.settings.loss);
  std::vector<std::string> optimizers;
  for (const auto& o : split_specs(opts.settings.optimizer)) {
    if (rates.empty()) optimizers.push_back(o);
    for (double lr : rates) optimizers.push_back(with_learning_rate(registry, o, lr));
  }
  if (!opts.model.empty()) throw cli::UsageError("compare builds --layers MLPs; --model is for train");

  std::vector<Row> rows;
  const std::size_t total = activations.size() * optimizers.size() * losses.size();
  for (const auto& activation : activations)
    for (const auto& optimizer : optimizers)
      for (const auto& loss : losses) {
        TrainOptions one = opts;
        one.activation = activation;
        one.settings.optimizer = optimizer;
        one.settings.loss = loss;
        one.finish(vm, registry);
        Row row{activation, optimizer, loss, {}, 0};
        std::ostringstream label_text;
        label_text << "[" << rows.size() + 1 << "/" << total << "] " << activation << ", "
                   << optimizer << ", " << loss;
        const std::string label = label_text.str();
        TrainOutput output;
        output.on_epoch = [&](const EpochRecord& r) {
          std::cerr << "\r" << label << ": epoch " << r.epoch << "/" << one.settings.epochs
                    << (r.test_acc ? ", test acc " + percent(*r.test_acc) + " %" : "") << std::flush;
        };
        row.history = neurite::train(registry, one.settings, output);
        for (const auto& r : row.history) row.seconds += r.seconds;
        std::cerr << "\r" << label << ": done in " << std::fixed << std::setprecision(1)
                  << row.seconds << " s" << std::string(20, ' ') << "\n";
        rows.push_back(std::move(row));
      }

  std::vector<std::string> header{"activation", "optimizer", "loss", "final train acc",
                                  "final test acc", "best test acc"};
  for (double t : thresholds) header.push_back("epoch >= " + csv::number(t) + " %");
  header.push_back("seconds");
  std::vector<std::vector<std::string>> table;
  for (const auto& row : rows) {
    const auto& last = row.history.back();
    std::optional<double> best;
    for (const auto& r : row.history)
      if (r.test_acc) best = std::max(best.value_or(0.0), *r.test_acc);
    std::vector<std::string> cells{row.activation, row.optimizer, row.loss, percent(last.train_acc),
                                   last.test_acc ? percent(*last.test_acc) : "-",
                                   best ? percent(*best) : "-"};
    for (double t : thresholds) {
      std::string first = "-";
      for (const auto& r : row.history)
        if (r.test_acc && 100 * *r.test_acc >= t) {
          first = std::to_string(r.epoch);
          break;
        }
      cells.push_back(first);
    }
    std::ostringstream s;
    s << std::fixed << std::setprecision(2) << row.seconds;
    cells.push_back(s.str());
    table.push_back(cells);
  }

  auto markdown_row = [](const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const auto& c : cells) line += " " + c + " |";
    return line + "\n";
  };
  std::cout << markdown_row(header) << "|";
  for (std::size_t i = 0; i < header.size(); ++i) std::cout << (i < 3 ? "---|" : "---:|");
  std::cout << "\n";
  for (const auto& cells : table) std::cout << markdown_row(cells);

  if (!csv_file.empty()) {
    std::string text;
    for (std::size_t i = 0; i < header.size(); ++i) (text += i ? "," : "") += csv::field(header[i]);
    text += "\n";
    for (const auto& cells : table) {
      for (std::size_t i = 0; i < cells.size(); ++i) (text += i ? "," : "") += csv::field(cells[i]);
      text += "\n";
    }
    svg::write_atomically(csv_file, text);
  }
  svg::Panel panel{"test accuracy", "epoch", "test accuracy", {}};
  for (const auto& row : rows) {
    svg::Series s{row.activation + ", " + row.optimizer + ", " + row.loss, {}, {}, true};
    for (const auto& r : row.history) {
      s.x.push_back(static_cast<double>(r.epoch));
      s.y.push_back(r.test_acc.value_or(NAN));
    }
    panel.series.push_back(std::move(s));
  }
  svg::save(svg::Figure{"neurite compare", {panel}}, svg_file);
  std::cerr << "curves written to " << svg_file << "\n";
  return 0;
}

}  // namespace neurite::commands
