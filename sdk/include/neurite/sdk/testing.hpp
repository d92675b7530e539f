#pragma once
// For plugin tests: load one library alone, through the same loader the host uses, and find a
// plugin in it by name.
#include <neurite/sdk/conformance.hpp>
#include <neurite/sdk/library.hpp>
#include <neurite/sdk/spec.hpp>

namespace neurite::testing {

class Loaded {
 public:
  explicit Loaded(const std::filesystem::path& file) : library_(load_library(file)) {}
  const Entry& entry(std::string_view name) const {
    for (const auto& e : library_.manifest->entries)
      if (normalize_name(e.meta.name) == normalize_name(name)) return e;
    throw Error("no plugin '" + std::string(name) + "' in " + library_.file.string());
  }
  const Entry& only() const { return library_.manifest->entries.at(0); }

 private:
  Library library_;  // keeps the entries' code and strings loaded
};

inline Loaded load_only(const std::filesystem::path& file) { return Loaded(file); }

}  // namespace neurite::testing
