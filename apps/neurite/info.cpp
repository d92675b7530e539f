// neurite info NAME|SPEC: one plugin's metadata and parameters; a spec's values are validated.
#include <iomanip>
#include <iostream>

#include "cli.hpp"
#include "commands.hpp"

namespace neurite::commands {

namespace {

// Constructing one instance runs the plugin's own checks (min < max, lower <= upper).
void construct(const Plugin& p, const Values& values) {
  const auto& f = p.entry->f64;
  switch (p.family()) {
    case Family::activation: f.activator(values); break;
    case Family::loss: f.loss(values); break;
    case Family::optimizer: f.optimizer(values, 2, 1); break;
  }
}

std::string join(const std::vector<double>& xs) {
  std::ostringstream s;
  s.precision(17);
  for (std::size_t i = 0; i < xs.size(); ++i) s << (i ? ", " : "") << xs[i];
  return xs.empty() ? "none" : s.str();
}

}  // namespace

int info(const Args& args) {
  cli::Command cmd("info", "NAME[(key=value,...)]",
                   "Prints a plugin's metadata and every parameter with its type, default and "
                   "range. Given a spec with values, checks them against the declarations.");
  std::string spec_text;
  cmd.options().add_options()("name", cli::po::value(&spec_text)->required(),
                              "plugin name or spec");
  cmd.positional().add("name", 1);
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto registry = cmd.registry();
  const Spec spec = parse_spec(spec_text);
  const Plugin& p = registry.find(spec.name);
  const Values values = resolve(p.name(), p.entry->params, spec.args);
  construct(p, values);

  const auto& meta = p.entry->meta;
  std::string aliases;
  for (auto a : meta.aliases)
    if (!a.empty()) aliases += (aliases.empty() ? "" : ", ") + std::string(a);
  std::cout << meta.name << " (" << to_string(meta.family) << ")\n"
            << "  summary: " << meta.summary << "\n"
            << "  aliases: " << (aliases.empty() ? "none" : aliases) << "\n"
            << "  file:    " << p.file.string() << "\n";
  if (meta.family == Family::activation) {
    std::cout << "  init:    " << to_string(meta.init) << "\n"
              << "  kinks:   " << (p.entry->kinks ? join(p.entry->kinks(values)) : "none") << "\n";
  }
  if (meta.family == Family::loss) {
    const auto output = output_activation(meta.input);
    std::cout << "  input:   " << to_string(meta.input) << " (the host puts "
              << (output.empty() ? "no activation" : std::string(output)) << " before it)\n";
  }
  std::cout << "parameters" << (p.entry->params.empty() ? ": none" : "") << "\n";
  for (const auto& param : p.entry->params) {
    std::ostringstream value;
    value.precision(17);
    if (param.type == ParamType::choice) value << values.choice(param.name);
    else value << values.get<double>(param.name);
    std::cout << "  " << std::left << std::setw(16) << param.name << std::setw(7)
              << to_string(param.type) << " default " << std::setw(22) << param.default_text()
              << " range " << std::setw(16) << param.range_text() << " " << param.help
              << (param.learning_rate && param.name != "lr" ? " (also: lr)" : "")
              << (spec.args.empty() ? "" : "; given: " + value.str()) << "\n";
  }
  return 0;
}

}  // namespace neurite::commands
