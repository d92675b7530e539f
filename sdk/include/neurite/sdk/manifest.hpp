#pragma once
#include <memory>
#include <span>
#include <vector>

#include <neurite/sdk/interfaces.hpp>
#include <neurite/sdk/meta.hpp>
#include <neurite/sdk/params.hpp>

namespace neurite {

template <typename T>
struct Factories {
  std::unique_ptr<Activator<T>> (*activator)(const Values&) = nullptr;
  std::unique_ptr<Loss<T>> (*loss)(const Values&) = nullptr;
  std::unique_ptr<Optimizer<T>> (*optimizer)(const Values&, arma::uword rows,
                                             arma::uword cols) = nullptr;
};

// One plugin of a library: what it is, what it takes, and how to make one.
struct Entry {
  Meta meta;
  std::span<const Param> params;
  std::vector<double> (*kinks)(const Values&) = nullptr;  // where f' jumps; nullptr: nowhere
  Factories<float> f32;
  Factories<double> f64;

  template <typename T>
  const Factories<T>& factories() const {
    if constexpr (std::is_same_v<T, float>) return f32;
    else return f64;
  }
};

struct Manifest {
  std::vector<Entry> entries;
};

}  // namespace neurite
