#pragma once
// The outcome of the conformance checks on one plugin: each check named, with the worst error it
// found, so `neurite check` can print one line and a test can assert on it.
#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace neurite {

struct Finding {
  std::string check;   // "gradient", "float-double", "extremes", "shapes", "metadata", ...
  bool ok = true;
  double worst = 0;    // the worst error measure the check saw (0 where it has none)
  std::string detail;  // for a failure: where and what
};

class Report {
 public:
  explicit Report(std::string plugin = {}) : plugin_(std::move(plugin)) {}

  void pass(std::string check, double worst = 0) {
    findings_.push_back({std::move(check), true, worst, {}});
  }
  void fail(std::string check, std::string detail, double worst = 0) {
    findings_.push_back({std::move(check), false, worst, std::move(detail)});
  }
  void merge(const Report& other) {
    findings_.insert(findings_.end(), other.findings_.begin(), other.findings_.end());
  }

  bool ok() const {
    return std::all_of(findings_.begin(), findings_.end(), [](auto& f) { return f.ok; });
  }
  const std::string& plugin() const { return plugin_; }
  const std::vector<Finding>& findings() const { return findings_; }
  double worst() const {
    double w = 0;
    for (const auto& f : findings_) w = std::max(w, std::isnan(f.worst) ? INFINITY : f.worst);
    return w;
  }
  // One line: PASS name (checks, worst error) or FAIL name: the first failed check and its detail.
  std::string text() const {
    std::ostringstream s;
    s.precision(3);
    if (ok()) {
      s << "PASS " << plugin_ << " (" << findings_.size() << " checks, worst error " << worst()
        << ")";
      return s.str();
    }
    const auto& f = *std::find_if(findings_.begin(), findings_.end(), [](auto& x) { return !x.ok; });
    s << "FAIL " << plugin_ << ": " << f.check << " check failed: " << f.detail
      << " (worst error " << f.worst << ")";
    return s.str();
  }

 private:
  std::string plugin_;
  std::vector<Finding> findings_;
};

}  // namespace neurite
