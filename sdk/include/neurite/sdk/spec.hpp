#pragma once
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include <neurite/sdk/errors.hpp>
#include <neurite/sdk/params.hpp>

namespace neurite {

// "h-swish(n=4)" -> name "h-swish", assignments {n: "4"}.
struct Spec {
  std::string name;
  Assignments args;
};

namespace detail {
inline std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}
}  // namespace detail

// Splits "SGD(lr=0.1),Adam(lr=0.05,beta1=0.8)" at the commas outside parentheses.
inline std::vector<std::string> split_specs(std::string_view list) {
  std::vector<std::string> out;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= list.size(); ++i) {
    if (i == list.size() || (list[i] == ',' && depth == 0)) {
      auto item = detail::trim(list.substr(start, i - start));
      if (item.empty()) throw Error("empty item in the list '" + std::string(list) + "'");
      out.push_back(item);
      start = i + 1;
    } else if (list[i] == '(') {
      ++depth;
    } else if (list[i] == ')') {
      --depth;
    }
  }
  return out;
}

inline Spec parse_spec(std::string_view raw) {
  const std::string whole = detail::trim(raw);
  const std::string_view text = whole;
  auto bad = [&](const std::string& why) {
    return Error("bad spec '" + whole + "': " + why + "; expected name or name(key=value, ...)");
  };
  Spec spec;
  auto open = text.find('(');
  spec.name = detail::trim(text.substr(0, open));
  if (spec.name.empty()) throw bad("no name");
  for (char c : spec.name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
      throw bad(std::string("unexpected character '") + c + "' in the name");
  if (open == std::string_view::npos) return spec;
  if (text.back() != ')' || text.find('(', open + 1) != std::string_view::npos)
    throw bad("unbalanced parentheses");
  auto inside = text.substr(open + 1, text.size() - open - 2);
  if (detail::trim(inside).empty()) return spec;
  std::size_t start = 0;
  while (start <= inside.size()) {
    auto comma = inside.find(',', start);
    auto item = inside.substr(start, comma == std::string_view::npos ? std::string_view::npos
                                                                     : comma - start);
    auto eq = item.find('=');
    if (eq == std::string_view::npos) throw bad("'" + detail::trim(item) + "' has no '='");
    auto key = detail::trim(item.substr(0, eq));
    auto value = detail::trim(item.substr(eq + 1));
    if (key.empty()) throw bad("a value without a key");
    spec.args.emplace_back(key, value);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return spec;
}

// Names match case-insensitively with '-' and '_' ignored: leaky_relu finds leaky-ReLU.
inline std::string normalize_name(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '-' && c != '_') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace neurite
