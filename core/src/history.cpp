#include <neurite/history.hpp>

#include <cmath>
#include <sstream>

#include <neurite/csv.hpp>
#include <neurite/sdk/errors.hpp>
#include <neurite/svg.hpp>

namespace neurite {

std::string history_csv(const std::vector<EpochRecord>& history) {
  std::string out = "epoch,train_acc,train_loss,test_acc,test_loss,seconds,eval_seconds\n";
  for (const auto& r : history) {
    out += std::to_string(r.epoch) + "," + csv::number(r.train_acc) + "," +
           csv::number(r.train_loss) + "," + (r.test_acc ? csv::number(*r.test_acc) : "-") + "," +
           (r.test_loss ? csv::number(*r.test_loss) : "-") + "," + csv::number(r.seconds) + "," +
           csv::number(r.eval_seconds) + "\n";
  }
  return out;
}

std::vector<EpochRecord> parse_history(const std::string& text) {
  std::vector<EpochRecord> history;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream s(line);
    for (std::string item; std::getline(s, item, ',');) f.push_back(item);
    if (f.size() != 7) throw Error("a checkpoint's history row '" + line + "' is malformed");
    EpochRecord r;
    r.epoch = std::stoul(f[0]);
    r.train_acc = std::stod(f[1]);
    r.train_loss = std::stod(f[2]);
    if (f[3] != "-") r.test_acc = std::stod(f[3]);
    if (f[4] != "-") r.test_loss = std::stod(f[4]);
    r.seconds = std::stod(f[5]);
    r.eval_seconds = std::stod(f[6]);
    history.push_back(r);
  }
  return history;
}

void write_history(const std::string& file, const std::vector<EpochRecord>& history) {
  if (file.size() >= 5 && file.substr(file.size() - 5) == ".json") {
    std::string json = "[\n";
    for (std::size_t i = 0; i < history.size(); ++i) {
      const auto& r = history[i];
      auto opt = [](const std::optional<double>& v) { return v ? csv::number(*v) : "null"; };
      json += "  {\"epoch\": " + std::to_string(r.epoch) + ", \"train_acc\": " +
              csv::number(r.train_acc) + ", \"train_loss\": " + csv::number(r.train_loss) +
              ", \"test_acc\": " + opt(r.test_acc) + ", \"test_loss\": " + opt(r.test_loss) +
              ", \"seconds\": " + csv::number(r.seconds) + ", \"eval_seconds\": " +
              csv::number(r.eval_seconds) + "}" + (i + 1 < history.size() ? ",\n" : "\n");
    }
    svg::write_atomically(file, json + "]\n");
  } else if (file.size() >= 4 && file.substr(file.size() - 4) == ".csv") {
    svg::write_atomically(file, history_csv(history));
  } else {
    throw Error("--history '" + file + "': give a .csv or .json file");
  }
}

void write_history_svg(const std::string& file, const std::vector<EpochRecord>& history,
                       const std::string& title) {
  svg::Series train_acc{"train", {}, {}, true}, test_acc{"test", {}, {}, true};
  svg::Series train_loss{"train", {}, {}, true}, test_loss{"test", {}, {}, true};
  for (const auto& r : history) {
    const double e = static_cast<double>(r.epoch);
    train_acc.x.push_back(e);
    train_acc.y.push_back(r.train_acc);
    train_loss.x.push_back(e);
    train_loss.y.push_back(r.train_loss);
    test_acc.x.push_back(e);
    test_acc.y.push_back(r.test_acc.value_or(NAN));
    test_loss.x.push_back(e);
    test_loss.y.push_back(r.test_loss.value_or(NAN));
  }
  svg::Figure figure{title,
                     {svg::Panel{"accuracy", "epoch", "accuracy", {train_acc, test_acc}},
                      svg::Panel{"loss", "epoch", "loss", {train_loss, test_loss}}}};
  svg::save(figure, file);
}

}  // namespace neurite
