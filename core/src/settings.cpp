// The training settings as text (the form a checkpoint stores them in) and the --lr merge.
#include <neurite/trainer.hpp>

#include <sstream>

#include <neurite/csv.hpp>
#include <neurite/registry.hpp>
#include <neurite/sdk/errors.hpp>

namespace neurite {

std::string TrainSettings::to_text() const {
  std::ostringstream s;
  s.precision(17);
  s << "model=" << model << "\nloss=" << loss << "\noptimizer=" << optimizer << "\nepochs=" << epochs
    << "\nbatch=" << batch << "\nflood=" << (flood ? csv::number(*flood) : "") << "\nweight_decay="
    << weight_decay << "\ninit=" << init << "\nseed=" << seed << "\ndtype=" << dtype
    << "\nthreads=" << threads << "\ndata=" << data << "\ntest=" << test << "\n";
  return s.str();
}

TrainSettings TrainSettings::from_text(const std::string& text) {
  TrainSettings s;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    const auto eq = line.find('=');
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "model") s.model = value;
    else if (key == "loss") s.loss = value;
    else if (key == "optimizer") s.optimizer = value;
    else if (key == "epochs") s.epochs = std::stoul(value);
    else if (key == "batch") s.batch = std::stoul(value);
    else if (key == "flood") s.flood = value.empty() ? std::nullopt : std::optional(std::stod(value));
    else if (key == "weight_decay") s.weight_decay = std::stod(value);
    else if (key == "init") s.init = value;
    else if (key == "seed") s.seed = std::stoull(value);
    else if (key == "dtype") s.dtype = value;
    else if (key == "threads") s.threads = std::stoi(value);
    else if (key == "data") s.data = value;
    else if (key == "test") s.test = value;
    else throw Error("a checkpoint's settings hold an unknown key '" + key + "'");
  }
  return s;
}

std::string with_learning_rate(const Registry& registry, const std::string& text, double lr) {
  const Spec spec = parse_spec(text);
  const Plugin& p = registry.find(spec.name, Family::optimizer);
  for (const auto& [key, value] : spec.args)
    for (const auto& param : p.entry->params)
      if (param.learning_rate && (key == "lr" || key == param.name))
        throw Error("--lr and '" + text + "' both set the learning rate; give it once");
  std::string out = spec.name + "(";
  for (const auto& [key, value] : spec.args) out += key + "=" + value + ",";
  return out + "lr=" + csv::number(lr) + ")";
}

}  // namespace neurite
