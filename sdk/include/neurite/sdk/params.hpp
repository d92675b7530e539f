#pragma once
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <neurite/sdk/errors.hpp>

namespace neurite {

inline constexpr double inf = std::numeric_limits<double>::infinity();

// An interval of allowed values, written as in the catalog: (0, inf), [0, 1).
struct Range {
  double lo = -inf;
  double hi = inf;
  bool lo_closed = false;
  bool hi_closed = false;

  constexpr bool contains(double v) const {
    return (lo_closed ? v >= lo : v > lo) && (hi_closed ? v <= hi : v < hi);
  }
  std::string text() const {
    auto num = [](double v) {
      if (std::isinf(v)) return std::string(v < 0 ? "-inf" : "inf");
      std::ostringstream s;
      s.precision(17);
      s << v;
      return s.str();
    };
    return std::string(lo_closed ? "[" : "(") + num(lo) + ", " + num(hi) + (hi_closed ? "]" : ")");
  }
};

constexpr Range any() { return {}; }
constexpr Range above(double lo) { return {lo, inf, false, false}; }
constexpr Range at_least(double lo) { return {lo, inf, true, false}; }
constexpr Range open(double lo, double hi) { return {lo, hi, false, false}; }
constexpr Range closed(double lo, double hi) { return {lo, hi, true, true}; }
constexpr Range closed_open(double lo, double hi) { return {lo, hi, true, false}; }

enum class ParamType { real, integer, choice };

inline const char* to_string(ParamType t) {
  switch (t) {
    case ParamType::real: return "real";
    case ParamType::integer: return "int";
    case ParamType::choice: return "choice";
  }
  return "?";
}

// One declared parameter. The default and the range live here and nowhere else.
struct Param {
  std::string_view name;
  ParamType type = ParamType::real;
  double fallback = 0;  // for a choice: the index into choices
  Range range{};
  std::string_view help;
  std::array<std::string_view, 4> choices{};
  bool learning_rate = false;  // also accepted under the name "lr"

  std::string default_text() const {
    if (type == ParamType::choice) return std::string(choices[static_cast<std::size_t>(fallback)]);
    std::ostringstream s;
    s.precision(17);
    s << fallback;
    return s.str();
  }
  std::string range_text() const {
    if (type != ParamType::choice) return range.text();
    std::string out = "{";
    for (auto c : choices) {
      if (c.empty()) break;
      out += (out.size() > 1 ? ", " : "") + std::string(c);
    }
    return out + "}";
  }
};

constexpr Param real(std::string_view name, double fallback, Range range, std::string_view help) {
  return {name, ParamType::real, fallback, range, help, {}, false};
}
constexpr Param integer(std::string_view name, double fallback, Range range,
                        std::string_view help) {
  return {name, ParamType::integer, fallback, range, help, {}, false};
}
// A learning rate: positive, and reachable as "lr" whatever the paper calls it.
constexpr Param rate(std::string_view name, double fallback, std::string_view help) {
  return {name, ParamType::real, fallback, above(0.0), help, {}, true};
}
constexpr Param choice(std::string_view name, std::array<std::string_view, 4> choices,
                       std::size_t fallback, std::string_view help) {
  return {name, ParamType::choice, static_cast<double>(fallback), {}, help, choices, false};
}

// The resolved parameter values handed to a plugin's constructor: every declared key present.
class Values {
 public:
  void set(std::string_view name, double value, std::string text = {}) {
    numbers_[std::string(name)] = value;
    texts_[std::string(name)] = std::move(text);
  }
  template <typename T>
  T get(std::string_view name) const {
    return static_cast<T>(lookup(name));
  }
  // The chosen word of a choice parameter.
  const std::string& choice(std::string_view name) const {
    lookup(name);
    return texts_.find(name)->second;
  }
  bool operator==(const Values&) const = default;
  const std::map<std::string, double, std::less<>>& numbers() const { return numbers_; }

 private:
  double lookup(std::string_view name) const {
    auto it = numbers_.find(name);
    if (it == numbers_.end()) throw Error("no parameter '" + std::string(name) + "' was declared");
    return it->second;
  }
  std::map<std::string, double, std::less<>> numbers_;
  std::map<std::string, std::string, std::less<>> texts_;
};

using Assignments = std::vector<std::pair<std::string, std::string>>;

namespace detail {

inline std::string valid_keys(std::span<const Param> params) {
  if (params.empty()) return "it takes no parameters";
  std::string out = "valid keys: ";
  for (std::size_t i = 0; i < params.size(); ++i)
    out += (i ? ", " : "") + std::string(params[i].name);
  return out;
}

inline double parse_number(std::string_view plugin, const Param& p, const std::string& key,
                           const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  bool ok = !text.empty();
  if (ok) {
    try {
      value = std::stod(text, &used);
    } catch (const std::exception&) {
      ok = false;
    }
  }
  if (!ok || used != text.size() || std::isnan(value))
    throw BadParameter(std::string(plugin) + ": " + key + "='" + text +
                       "' is not a number; expected a " + to_string(p.type) + " in " +
                       p.range_text());
  if (p.type == ParamType::integer && value != std::floor(value))
    throw BadParameter(std::string(plugin) + ": " + key + "=" + text +
                       " is not an integer; expected an int in " + p.range_text());
  if (!p.range.contains(value))
    throw BadParameter(std::string(plugin) + ": " + key + "=" + text +
                       " is outside its range " + p.range_text());
  return value;
}

}  // namespace detail

// Resolves "key=value" assignments against the declared parameters: unknown keys, values that do
// not parse and values out of range are refused, naming the plugin, the key and what is valid.
inline Values resolve(std::string_view plugin, std::span<const Param> params,
                      const Assignments& given) {
  Values values;
  for (const auto& p : params) {
    std::string text = p.type == ParamType::choice ? p.default_text() : std::string();
    values.set(p.name, p.fallback, text);
  }
  std::vector<std::string_view> seen;
  for (const auto& [key, text] : given) {
    auto match = std::find_if(params.begin(), params.end(), [&](const Param& p) {
      return p.name == key || (key == "lr" && p.learning_rate);
    });
    if (match == params.end())
      throw BadParameter(std::string(plugin) + ": unknown parameter '" + key + "'; " +
                         detail::valid_keys(params));
    if (std::find(seen.begin(), seen.end(), match->name) != seen.end())
      throw BadParameter(std::string(plugin) + ": parameter '" + std::string(match->name) +
                         "' is given twice" +
                         (match->learning_rate ? " ('lr' is another name for it)" : ""));
    seen.push_back(match->name);
    if (match->type == ParamType::choice) {
      auto it = std::find(match->choices.begin(), match->choices.end(), text);
      if (text.empty() || it == match->choices.end())
        throw BadParameter(std::string(plugin) + ": " + std::string(match->name) + "='" + text +
                           "' is not one of " + match->range_text());
      values.set(match->name, static_cast<double>(it - match->choices.begin()), text);
    } else {
      values.set(match->name, detail::parse_number(plugin, *match, key, text));
    }
  }
  return values;
}

// For conditions that tie parameters together (min < max), checked in a plugin's constructor.
inline void require(bool condition, const std::string& what) {
  if (!condition) throw BadParameter(what);
}

}  // namespace neurite
