#pragma once
// Checks every plugin passes whatever its family: complete metadata, defaults inside their
// ranges, and bad parameters refused with a message naming the plugin, the key and the range.
#include <string>

#include <neurite/sdk/manifest.hpp>
#include <neurite/sdk/report.hpp>

namespace neurite::conformance {

namespace detail {

inline bool mentions(const std::string& message, std::string_view part) {
  return message.find(part) != std::string::npos;
}

// A value just outside a finite bound of the range, or nothing when the range is unbounded there.
inline std::vector<double> outside_values(const Param& p) {
  std::vector<double> out;
  auto step = [](double bound) { return std::max(1.0, std::abs(bound)) * 0.5; };
  if (std::isfinite(p.range.lo)) out.push_back(p.range.lo_closed ? p.range.lo - step(p.range.lo) : p.range.lo);
  if (std::isfinite(p.range.hi)) out.push_back(p.range.hi_closed ? p.range.hi + step(p.range.hi) : p.range.hi);
  return out;
}

inline std::string number_text(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

}  // namespace detail

inline void check_metadata(const Entry& entry, Report& report) {
  const auto& meta = entry.meta;
  const std::string name(meta.name);
  if (meta.summary.empty()) report.fail("metadata", "the summary is empty");
  bool complete = !meta.summary.empty();
  for (const auto& p : entry.params) {
    if (p.name.empty() || p.help.empty()) {
      report.fail("metadata", "a parameter has no name or no help text");
      complete = false;
    }
    if (p.type != ParamType::choice && !p.range.contains(p.fallback)) {
      report.fail("metadata", "the default of " + std::string(p.name) + " lies outside its range " +
                                  p.range.text());
      complete = false;
    }
  }
  if (complete) report.pass("metadata");

  bool refused_all = true;
  auto expect_refusal = [&](const Assignments& given, std::initializer_list<std::string> parts) {
    try {
      resolve(meta.name, entry.params, given);
      report.fail("parameters", "accepted " + given[0].first + "=" + given[0].second);
      refused_all = false;
    } catch (const BadParameter& e) {
      for (const auto& part : parts)
        if (!detail::mentions(e.what(), part)) {
          report.fail("parameters", "the refusal '" + std::string(e.what()) + "' does not name '" +
                                        part + "'");
          refused_all = false;
        }
    }
  };
  expect_refusal({{"no_such_key", "1"}}, {name, "no_such_key"});
  for (const auto& p : entry.params) {
    if (p.type == ParamType::choice) {
      expect_refusal({{std::string(p.name), "no-such-choice"}}, {name, std::string(p.name)});
      continue;
    }
    expect_refusal({{std::string(p.name), "abc"}}, {name, std::string(p.name)});
    for (double v : detail::outside_values(p))
      expect_refusal({{std::string(p.name), detail::number_text(v)}},
                     {name, std::string(p.name), p.range.text()});
  }
  if (refused_all) report.pass("parameters");
}

}  // namespace neurite::conformance
