#pragma once
#include <array>
#include <string_view>

namespace neurite {

enum class Family { activation, loss, optimizer };
enum class Init { he, xavier, lecun };
// What a loss expects from the last layer, and so which output activation the host inserts.
enum class InputKind { logits, probabilities, sigmoid_probabilities, log_probabilities, values };

// What a plugin says about itself; `neurite list` and `neurite info` print it.
struct Meta {
  Family family = Family::activation;
  std::string_view name;
  std::array<std::string_view, 4> aliases{};
  std::string_view summary;
  Init init = Init::xavier;               // activations: the preferred weight initialisation
  InputKind input = InputKind::values;    // losses: what the last layer must deliver
};

constexpr std::string_view to_string(Family f) {
  switch (f) {
    case Family::activation: return "activation";
    case Family::loss: return "loss";
    case Family::optimizer: return "optimizer";
  }
  return "?";
}
constexpr std::string_view to_string(Init i) {
  switch (i) {
    case Init::he: return "he";
    case Init::xavier: return "xavier";
    case Init::lecun: return "lecun";
  }
  return "?";
}
constexpr std::string_view to_string(InputKind k) {
  switch (k) {
    case InputKind::logits: return "logits";
    case InputKind::probabilities: return "probabilities";
    case InputKind::sigmoid_probabilities: return "sigmoid-probabilities";
    case InputKind::log_probabilities: return "log-probabilities";
    case InputKind::values: return "values";
  }
  return "?";
}
// The activation the host puts before a loss of this input kind; empty for none.
constexpr std::string_view output_activation(InputKind k) {
  switch (k) {
    case InputKind::probabilities: return "softmax";
    case InputKind::sigmoid_probabilities: return "sigmoid";
    case InputKind::log_probabilities: return "log-softmax";
    default: return "";
  }
}

}  // namespace neurite
