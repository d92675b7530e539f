#pragma once
// What every command shares: the common options, --help and --config handling, the registry.
#include <boost/program_options.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <neurite/registry.hpp>

namespace neurite::cli {
namespace po = boost::program_options;

// Options of every command: where plugins come from and how clashes are settled.
struct Common {
  std::vector<std::string> plugin_dirs;
  bool allow_override = false;
};

// A usage mistake (unknown option, missing argument): exit status 2 instead of 1.
class UsageError : public Error {
 public:
  using Error::Error;
};

// The whole of `text` as a finite number, or nothing ("1e-3" yes, "1e-3x", "nan", "" no).
std::optional<double> to_number(const std::string& text);

// --family's value: activation(s), loss(es) or optimizer(s); empty gives every family.
std::optional<Family> parse_family(const std::string& text);

class Command {
 public:
  Command(std::string name, std::string usage, std::string summary);
  po::options_description& options() { return options_; }
  po::positional_options_description& positional() { return positional_; }
  // Parses the arguments (and --config FILE); false when --help was printed. A negative number
  // after an option is its value ("--range -5:5", "--start -1.5,2"), never an option itself.
  bool parse(const std::vector<std::string>& args, po::variables_map& vm);
  Registry registry() const;

 private:
  std::string name_, usage_, summary_, config_;
  Common common_;
  po::options_description options_;
  po::options_description shared_;
  po::positional_options_description positional_;
};

}  // namespace neurite::cli
