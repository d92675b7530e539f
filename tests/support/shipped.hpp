#pragma once
// The registry of the plugins this build ships, discovered once per test program.
#include <neurite/registry.hpp>

inline const neurite::Registry& shipped() {
  static const auto registry = neurite::Registry::discover({NEURITE_PLUGIN_DIR});
  return registry;
}
