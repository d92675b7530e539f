#include "cli.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <iostream>

namespace neurite::cli {

Command::Command(std::string name, std::string usage, std::string summary)
    : name_(std::move(name)),
      usage_(std::move(usage)),
      summary_(std::move(summary)),
      options_("Options"),
      shared_("Common options") {
  shared_.add_options()("help,h", "print this help and exit")(
      "plugin-dir", po::value(&common_.plugin_dirs)->composing(),
      "search DIR for plugins first (repeatable)")(
      "allow-override", po::bool_switch(&common_.allow_override),
      "when two libraries provide one name, use the first found")(
      "config", po::value(&config_), "read further options from an INI file");
}

std::optional<double> to_number(const std::string& text) {
  try {
    std::size_t used = 0;
    const double v = std::stod(text, &used);
    if (used == text.size() && std::isfinite(v)) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

std::optional<Family> parse_family(const std::string& text) {
  if (text.empty()) return std::nullopt;
  for (auto f : {Family::activation, Family::loss, Family::optimizer}) {
    const auto name = normalize_name(to_string(f));
    const auto given = normalize_name(text);
    if (given == name || given == name + "s" || given == name + "es") return f;
  }
  throw UsageError("--family '" + text + "' is not one of activation, loss, optimizer");
}

namespace {

bool looks_negative_number(const std::string& s) {
  return s.size() > 1 && s[0] == '-' &&
         (std::isdigit(static_cast<unsigned char>(s[1])) || s[1] == '.');
}

// Boost.Program_options would read "-5:5" as a short option; glued to its option it is a value.
std::vector<std::string> glue_negative_values(std::vector<std::string> args) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i].rfind("--", 0) == 0 && args[i].find('=') == std::string::npos &&
        looks_negative_number(args[i + 1])) {
      args[i] += "=" + args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i) + 1);
    }
  return args;
}

}  // namespace

bool Command::parse(const std::vector<std::string>& raw, po::variables_map& vm) {
  const auto args = glue_negative_values(raw);
  po::options_description all;
  all.add(options_).add(shared_);
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional_).run(), vm);
    if (vm.count("config")) {
      const auto file = vm["config"].as<std::string>();
      std::ifstream in(file);
      if (!in) throw UsageError("cannot read config file '" + file + "'");
      po::store(po::parse_config_file(in, all), vm);
    }
    if (vm.count("help")) {
      std::cout << "usage: neurite " << name_ << " " << usage_ << "\n\n"
                << summary_ << "\n\n"
                << all << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(std::string(e.what()) + " (see neurite " + name_ + " --help)");
  }
  return true;
}

Registry Command::registry() const {
  auto r = Registry::discover(plugin_search_path(common_.plugin_dirs));
  r.allow_override(common_.allow_override);
  return r;
}

}  // namespace neurite::cli
