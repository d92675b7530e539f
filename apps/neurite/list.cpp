// neurite list: every plugin found, grouped by family, then every file that was skipped or clashed.
#include <iomanip>
#include <iostream>

#include "cli.hpp"
#include "commands.hpp"

namespace neurite::commands {

namespace {

std::string aliases_of(const Entry& e) {
  std::string out;
  for (auto a : e.meta.aliases)
    if (!a.empty()) out += (out.empty() ? "" : ", ") + std::string(a);
  return out;
}

}  // namespace

int list(const Args& args) {
  cli::Command cmd("list", "[--family F]",
                   "Lists every plugin found on the search path, grouped by family, with the file "
                   "it came from; then the files skipped, each with its reason.");
  std::string family_text;
  cmd.options().add_options()("family", cli::po::value(&family_text),
                              "only this family: activation, loss or optimizer");
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto only = cli::parse_family(family_text);
  const auto registry = cmd.registry();

  for (auto family : {Family::activation, Family::loss, Family::optimizer}) {
    if (only && *only != family) continue;
    const auto found = registry.plugins(family);
    std::cout << to_string(family) << (family == Family::loss ? "es" : "s") << " ("
              << found.size() << ")\n";
    for (const auto* p : found) {
      const auto aliases = aliases_of(*p->entry);
      std::cout << "  " << std::left << std::setw(24) << p->name() << p->entry->meta.summary
                << (aliases.empty() ? "" : " [also: " + aliases + "]") << "\n"
                << "  " << std::setw(24) << "" << p->file.string() << "\n";
    }
  }
  const auto& skipped = registry.skipped();
  const auto& clashes = registry.clashes();
  if (!skipped.empty() || !clashes.empty()) {
    std::cout << "not loaded (" << skipped.size() + clashes.size() << ")\n";
    for (const auto& s : skipped) std::cout << "  " << s.file.string() << ": " << s.reason << "\n";
    for (const auto& c : clashes)
      std::cout << "  clash: '" << c.name << "' is provided by both " << c.first.string()
                << " and " << c.second.string()
                << " (commands that need it fail unless --allow-override, which uses the first)\n";
  }
  return 0;
}

}  // namespace neurite::commands
