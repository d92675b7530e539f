// neurite check NAME|FILE|DIR [--family F]: the conformance checks, each plugin in a child
// process that loads only its own library, so a plugin that crashes fails alone and the checker
// goes on with the next.
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <iostream>

#include <neurite/sdk/conformance.hpp>

#include "cli.hpp"
#include "commands.hpp"

namespace neurite::commands {

namespace {
namespace fs = std::filesystem;

struct Target {
  fs::path file;
  std::string plugin;  // empty: every plugin of the file
};

struct Outcome {
  bool ok = false;
  std::string lines;
};

// Runs in the child: load the one library, check the plugin(s), write the lines to `out`.
int check_in_child(const Target& target, std::optional<Family> family, int out) {
  std::string lines;
  bool ok = true;
  try {
    const Library library = load_library(target.file);
    for (const auto& entry : library.manifest->entries) {
      if (!target.plugin.empty() && entry.meta.name != target.plugin) continue;
      if (family && entry.meta.family != *family) continue;
      const Report report = conformance::check(entry);
      ok = ok && report.ok();
      lines += report.text() + "\n";
    }
  } catch (const std::exception& e) {
    ok = false;
    lines += "FAIL " + target.file.string() + ": " + e.what() + "\n";
  }
  for (std::size_t done = 0; done < lines.size();) {
    const auto n = ::write(out, lines.data() + done, lines.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  return ok ? 0 : 1;
}

Outcome check_isolated(const Target& target, std::optional<Family> family) {
  int fds[2];
  if (::pipe(fds) != 0) throw Error(std::string("cannot create a pipe: ") + std::strerror(errno));
  std::cout.flush();
  const pid_t pid = ::fork();
  if (pid < 0) throw Error(std::string("cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::close(fds[0]);
    ::_exit(check_in_child(target, family, fds[1]));
  }
  ::close(fds[1]);
  Outcome outcome;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;)
    outcome.lines.append(buffer, static_cast<std::size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    outcome.lines += "FAIL " + (target.plugin.empty() ? target.file.string() : target.plugin) +
                     ": crashed with signal " + std::to_string(sig) + " (" + strsignal(sig) +
                     ") during its check (" + target.file.string() + ")\n";
    return outcome;
  }
  outcome.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return outcome;
}

std::vector<Target> targets_for(const std::string& what, std::optional<Family> family,
                                const cli::Command& cmd) {
  std::vector<Target> targets;
  std::error_code ec;
  if (!what.empty() && fs::is_directory(what, ec)) {
    std::vector<fs::path> files;
    for (const auto& item : fs::directory_iterator(what))
      if (item.path().extension() == ".so" && item.is_regular_file()) files.push_back(item.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error("no .so files in '" + what + "'");
    for (const auto& f : files) targets.push_back({f, {}});
  } else if (!what.empty() && fs::is_regular_file(what, ec)) {
    targets.push_back({what, {}});
  } else {
    const auto registry = cmd.registry();
    if (!what.empty()) {
      const Plugin& p = registry.find(what, family);
      targets.push_back({p.file, std::string(p.name())});
    } else {
      for (const auto* p : registry.plugins(family)) targets.push_back({p->file, std::string(p->name())});
    }
  }
  return targets;
}

}  // namespace

int check(const Args& args) {
  cli::Command cmd("check", "NAME|FILE|DIR [--family F] | --family F",
                   "Runs the conformance checks (gradients against central differences, float/double "
                   "agreement, extremes, shapes, optimizer state, metadata, parameter refusals) on "
                   "one plugin, every plugin of one library, every library in a directory, or every "
                   "plugin of a family. Each plugin is checked in its own process with only its own "
                   "library loaded. Prints one line per plugin; exits 1 if any fails.");
  std::string what, family_text;
  cmd.options().add_options()("target", cli::po::value(&what), "plugin name, .so file or directory")(
      "family", cli::po::value(&family_text), "activation, loss or optimizer");
  cmd.positional().add("target", 1);
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto family = cli::parse_family(family_text);
  if (what.empty() && !family)
    throw cli::UsageError("name a plugin, file or directory, or give --family");

  int passed = 0, failed = 0;
  for (const auto& target : targets_for(what, family, cmd)) {
    const Outcome outcome = check_isolated(target, family);
    std::cout << outcome.lines << std::flush;
    for (std::size_t at = 0; (at = outcome.lines.find("PASS ", at)) != std::string::npos; ++at)
      ++passed;
    for (std::size_t at = 0; (at = outcome.lines.find("FAIL ", at)) != std::string::npos; ++at)
      ++failed;
    if (!outcome.ok && outcome.lines.find("FAIL ") == std::string::npos) ++failed;
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 && passed > 0 ? 0 : 1;
}

}  // namespace neurite::commands
