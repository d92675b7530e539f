#pragma once
// Discovery and the registry: every library of the search path loaded once, its plugins keyed by
// normalised name and alias; broken libraries and clashing names remembered with their reason.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <neurite/sdk/library.hpp>
#include <neurite/sdk/spec.hpp>

namespace neurite {

struct Plugin {
  const Entry* entry = nullptr;
  std::filesystem::path file;
  std::shared_ptr<boost::dll::shared_library> handle;

  std::string_view name() const { return entry->meta.name; }
  Family family() const { return entry->meta.family; }
};

struct Skipped {
  std::filesystem::path file;
  std::string reason;
};

struct Clash {
  std::string name;
  std::string key;  // the normalised name or alias both libraries claim
  std::filesystem::path first, second;  // first: the one --allow-override uses
};

// Ties an object from a plugin to its library, which stays loaded until the object is gone.
template <typename I>
std::shared_ptr<I> keep_loaded(std::unique_ptr<I> object,
                               std::shared_ptr<boost::dll::shared_library> handle) {
  return std::shared_ptr<I>(object.release(), [handle](I* p) { delete p; });
}

class Registry {
 public:
  // Loads every .so of each directory, in order; a library that fails is skipped, never fatal.
  static Registry discover(const std::vector<std::filesystem::path>& dirs);
  // Loads one library alone (neurite check FILE, tests).
  static Registry single(const std::filesystem::path& file);

  void allow_override(bool allow) { allow_override_ = allow; }

  // Throws neurite::Error naming near matches, the other family, or both clashing files.
  const Plugin& find(std::string_view name, std::optional<Family> family = {}) const;
  std::vector<const Plugin*> plugins(std::optional<Family> family = {}) const;
  const std::vector<Skipped>& skipped() const { return skipped_; }
  const std::vector<Clash>& clashes() const { return clashes_; }
  const std::vector<std::filesystem::path>& directories() const { return dirs_; }

  // Parses SPEC, finds its plugin and checks its parameters against the declarations.
  std::pair<const Plugin*, Values> resolve(std::string_view spec, Family family) const;

  template <typename T>
  std::shared_ptr<Activator<T>> activator(std::string_view spec) const {
    auto [p, values] = resolve(spec, Family::activation);
    return keep_loaded(p->entry->factories<T>().activator(values), p->handle);
  }
  template <typename T>
  std::shared_ptr<Loss<T>> loss(std::string_view spec) const {
    auto [p, values] = resolve(spec, Family::loss);
    return keep_loaded(p->entry->factories<T>().loss(values), p->handle);
  }
  template <typename T>
  std::shared_ptr<Optimizer<T>> optimizer(std::string_view spec, arma::uword rows,
                                          arma::uword cols) const {
    auto [p, values] = resolve(spec, Family::optimizer);
    return keep_loaded(p->entry->factories<T>().optimizer(values, rows, cols), p->handle);
  }

 private:
  void add(Library library);
  void index(std::size_t plugin);

  std::vector<std::filesystem::path> dirs_;
  std::vector<Plugin> plugins_;
  std::vector<Skipped> skipped_;
  std::vector<Clash> clashes_;
  std::vector<std::pair<std::string, std::size_t>> keys_;  // normalised name or alias -> plugin
  bool allow_override_ = false;
};

// --plugin-dir directories, then NEURITE_PLUGIN_PATH, then <executable>/../lib/neurite/plugins.
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::string>& cli_dirs);

// Up to three known names closest to `wanted`, best first.
std::vector<std::string> near_matches(std::string_view wanted,
                                      const std::vector<std::string>& known);

}  // namespace neurite
