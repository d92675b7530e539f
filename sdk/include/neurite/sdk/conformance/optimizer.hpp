#pragma once
// The conformance checks of one optimizer, run in double on CATALOG.md's conformance quadratic
// f(w) = 0.5 (w0^2 + 10 w1^2), one instance for the 2-vector w (a 2x1 column), started at (1, 1):
//   "quadratic":     1000 steps must bring f below 1e-3 f_start (the report's worst value is the
//                    ratio f_end/f_start, so `neurite check` shows the catalog's table);
//   "restore":       2 steps, the state saved through state(visit) and restored into a fresh
//                    instance, then one more step on both: w, every state value and the caller's
//                    generator equal bit for bit; run at the defaults and at the check setting;
//   "zero-gradient": 1000 steps with g = 0 from a fresh state leave w and the state finite;
//   "plain-step":    where take_plain_step offers a step size s, 3 steps taken as w -= s g equal
//                    3 step() calls bit for bit, w and state; where it offers none, it leaves the
//                    state as it was.
// Eve gets f at the current w as its loss; Santa's N is 1. Where CATALOG.md says an optimizer
// fails the quadratic at its defaults, the checks use the setting its "the check uses" column
// gives (check_setting); the Santa pair runs its refinement phase only (burnin = 0), with the
// one draw left, u_0, from a generator seeded with generator_seed.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <neurite/sdk/interfaces.hpp>
#include <neurite/sdk/manifest.hpp>
#include <neurite/sdk/params.hpp>
#include <neurite/sdk/report.hpp>
#include <neurite/sdk/spec.hpp>

namespace neurite::conformance {

// CATALOG.md, "Conformance quadratic": the optimizers that fail at their defaults and the one
// parameter the checks change for them. Keyed by canonical name; every other optimizer is checked
// at its defaults.
struct CheckSetting {
  std::string_view optimizer;
  std::string_view key;
  std::string_view value;
};

inline constexpr CheckSetting check_settings[] = {
    {"AdaGrad", "lr", "0.1"},  {"Adam", "lr", "0.01"},      {"Eve", "lr", "0.01"},
    {"AMSGrad", "lr", "0.1"},  {"AdaBound", "lr", "0.1"},   {"AMSBound", "lr", "0.1"},
    {"AdamW", "lr", "0.01"},   {"RAdam", "lr", "0.05"},     {"Lion", "lr", "0.01"},
    {"SantaE", "burnin", "0"}, {"SantaSSS", "burnin", "0"},
};

inline constexpr std::uint64_t generator_seed = 10;
inline constexpr int quadratic_steps = 1000;

// The assignments the checks use for an optimizer of this name (none: its defaults).
inline Assignments check_setting(std::string_view optimizer) {
  for (const auto& s : check_settings)
    if (normalize_name(s.optimizer) == normalize_name(optimizer))
      return {{std::string(s.key), std::string(s.value)}};
  return {};
}

// The conformance quadratic, for the checks and for `neurite optimize --function quadratic`.
inline double quadratic_value(const arma::mat& w) { return 0.5 * (w[0] * w[0] + 10 * w[1] * w[1]); }
inline void quadratic_gradient(const arma::mat& w, arma::mat& g) {
  g[0] = w[0];
  g[1] = 10 * w[1];
}

namespace optimizer_detail {

// A copy of every value an optimizer's state(visit) lists, in the order listed.
struct SavedValue {
  enum class Kind { count, number, matrix };
  std::string name;
  Kind kind = Kind::count;
  std::uint64_t count = 0;
  double number = 0;
  arma::mat matrix;
};
using SavedState = std::vector<SavedValue>;

class StateSaver final : public StateVisitor<double> {
 public:
  void operator()(std::string_view name, std::uint64_t& value) override {
    saved.push_back({std::string(name), SavedValue::Kind::count, value, 0, {}});
  }
  void operator()(std::string_view name, double& value) override {
    saved.push_back({std::string(name), SavedValue::Kind::number, 0, value, {}});
  }
  void operator()(std::string_view name, arma::mat& value) override {
    saved.push_back({std::string(name), SavedValue::Kind::matrix, 0, 0, value});
  }
  SavedState saved;
};

// Writes a saved state back, refusing a listing that differs in order, name, kind or size.
class StateRestorer final : public StateVisitor<double> {
 public:
  explicit StateRestorer(const SavedState& saved) : saved_(saved) {}
  void operator()(std::string_view name, std::uint64_t& value) override {
    value = take(name, SavedValue::Kind::count).count;
  }
  void operator()(std::string_view name, double& value) override {
    value = take(name, SavedValue::Kind::number).number;
  }
  void operator()(std::string_view name, arma::mat& value) override {
    const auto& s = take(name, SavedValue::Kind::matrix);
    if (s.matrix.n_rows != value.n_rows || s.matrix.n_cols != value.n_cols)
      throw Error("state matrix '" + s.name + "' of a fresh instance has another size");
    value = s.matrix;
  }
  void finish() const {
    if (next_ != saved_.size())
      throw Error("a fresh instance lists fewer state values than were saved");
  }

 private:
  const SavedValue& take(std::string_view name, SavedValue::Kind kind) {
    if (next_ >= saved_.size())
      throw Error("a fresh instance lists more state values than were saved ('" +
                  std::string(name) + "')");
    const auto& s = saved_[next_++];
    if (s.name != name || s.kind != kind)
      throw Error("a fresh instance lists '" + std::string(name) + "' where '" + s.name +
                  "' was saved");
    return s;
  }
  const SavedState& saved_;
  std::size_t next_ = 0;
};

inline SavedState save(Optimizer<double>& optimizer) {
  StateSaver saver;
  optimizer.state(saver);
  return std::move(saver.saved);
}

inline void restore(Optimizer<double>& optimizer, const SavedState& saved) {
  StateRestorer restorer(saved);
  optimizer.state(restorer);
  restorer.finish();
}

inline bool same_bits(const arma::mat& a, const arma::mat& b) {
  return a.n_rows == b.n_rows && a.n_cols == b.n_cols &&
         std::memcmp(a.memptr(), b.memptr(), a.n_elem * sizeof(double)) == 0;
}

// The first value in which two saved states differ, or empty when they are equal bit for bit.
inline std::string first_difference(const SavedState& a, const SavedState& b) {
  if (a.size() != b.size()) return "the number of state values";
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto& x = a[i];
    const auto& y = b[i];
    const bool same = x.name == y.name && x.kind == y.kind && x.count == y.count &&
                      std::memcmp(&x.number, &y.number, sizeof(double)) == 0 &&
                      same_bits(x.matrix, y.matrix);
    if (!same) return "state value '" + x.name + "'";
  }
  return {};
}

inline bool finite(const SavedState& state) {
  return std::all_of(state.begin(), state.end(), [](const SavedValue& s) {
    return std::isfinite(s.number) && s.matrix.is_finite();
  });
}

inline std::string number(double v) {
  std::ostringstream s;
  s.precision(3);
  s << v;
  return s.str();
}

inline std::string spec_text(std::string_view name, const Assignments& given) {
  std::string out(name);
  if (given.empty()) return out;
  out += "(";
  for (std::size_t i = 0; i < given.size(); ++i)
    out += (i ? "," : "") + given[i].first + "=" + given[i].second;
  return out + ")";
}

// One optimizer on the quadratic: a 2x1 w at the start, the gradient, the loss and the generator.
class QuadraticRun {
 public:
  QuadraticRun(const Entry& entry, const Values& values)
      : optimizer_(entry.f64.optimizer(values, 2, 1)), rng_(generator_seed) {
    info_.n = 1;
    info_.rng = &rng_;
  }
  // One step; with zero_gradient the optimizer sees g = 0 (and still the loss at w).
  void step(bool zero_gradient = false) {
    if (zero_gradient)
      g_.zeros();
    else
      quadratic_gradient(w_, g_);
    info_.loss = quadratic_value(w_);
    optimizer_->step(w_, g_, info_);
  }
  // One step taken as the trainer takes a plain one; false (nothing done) where none is offered.
  bool plain_step() {
    quadratic_gradient(w_, g_);
    info_.loss = quadratic_value(w_);
    const auto s = optimizer_->take_plain_step(info_);
    if (s) w_ -= *s * g_;
    return s.has_value();
  }
  Optimizer<double>& optimizer() { return *optimizer_; }
  arma::mat& w() { return w_; }
  Generator& rng() { return rng_; }

 private:
  std::unique_ptr<Optimizer<double>> optimizer_;
  arma::mat w_ = arma::mat(2, 1, arma::fill::ones);
  arma::mat g_ = arma::mat(2, 1, arma::fill::zeros);
  Generator rng_;
  StepInfo info_;
};

inline void check_quadratic(const Entry& entry, const Values& values, const std::string& spec,
                            Report& report) {
  QuadraticRun run(entry, values);
  const double f_start = quadratic_value(run.w());
  for (int i = 0; i < quadratic_steps; ++i) run.step();
  const double f_end = quadratic_value(run.w());
  const double ratio = f_end / f_start;
  if (f_end < 1e-3 * f_start)
    report.pass("quadratic", ratio);
  else
    report.fail("quadratic",
                "f_end/f_start = " + number(ratio) + " after " + std::to_string(quadratic_steps) +
                    " steps of " + spec + " (needs < 1e-3)",
                std::isnan(ratio) ? INFINITY : ratio);
}

// Empty when the save -> restore -> step round trip at these values is exact; else what differed.
inline std::string restore_round_trip(const Entry& entry, const Values& values) {
  QuadraticRun whole(entry, values);
  whole.step();
  whole.step();
  const auto saved = save(whole.optimizer());
  const bool counted = std::any_of(saved.begin(), saved.end(), [](const SavedValue& s) {
    return s.name == "t" && s.kind == SavedValue::Kind::count && s.count == 2;
  });
  if (!counted) return "after 2 steps the state lists no step count 't' = 2";

  QuadraticRun resumed(entry, values);
  restore(resumed.optimizer(), saved);
  if (auto diff = first_difference(save(resumed.optimizer()), saved); !diff.empty())
    return "the restored state differs from the saved one in " + diff;
  resumed.w() = whole.w();
  resumed.rng() = whole.rng();

  whole.step();
  resumed.step();
  if (!same_bits(whole.w(), resumed.w())) return "w after the resumed step differs";
  if (auto diff = first_difference(save(whole.optimizer()), save(resumed.optimizer()));
      !diff.empty())
    return "after the resumed step, " + diff + " differs";
  if (whole.rng() != resumed.rng()) return "the generator after the resumed step differs";
  return {};
}

inline void check_restore(const Entry& entry, const Values& defaults, const Values& setting,
                          const std::string& spec, Report& report) {
  const std::string name(entry.meta.name);
  if (auto why = restore_round_trip(entry, defaults); !why.empty()) {
    report.fail("restore", why + " (" + name + " at its defaults)");
    return;
  }
  if (!(setting == defaults))
    if (auto why = restore_round_trip(entry, setting); !why.empty()) {
      report.fail("restore", why + " (" + spec + ")");
      return;
    }
  report.pass("restore");
}

inline void check_zero_gradient(const Entry& entry, const Values& values, const std::string& spec,
                                Report& report) {
  QuadraticRun run(entry, values);
  for (int i = 1; i <= quadratic_steps; ++i) {
    run.step(true);
    if (!run.w().is_finite() || !finite(save(run.optimizer()))) {
      report.fail("zero-gradient", "step " + std::to_string(i) + " of " + spec +
                                       " with g = 0 left a non-finite value in w or the state");
      return;
    }
  }
  report.pass("zero-gradient");
}

inline void check_plain_step(const Entry& entry, const Values& values, const std::string& spec,
                             Report& report) {
  QuadraticRun stepped(entry, values), plain(entry, values);
  const auto before = save(plain.optimizer());
  if (!plain.plain_step()) {
    if (auto diff = first_difference(save(plain.optimizer()), before); !diff.empty())
      report.fail("plain-step", spec + " offered no plain step, yet its " + diff + " changed");
    else
      report.pass("plain-step");
    return;
  }
  stepped.step();
  for (int i = 2; i <= 3; ++i) {
    stepped.step();
    if (!plain.plain_step()) {
      report.fail("plain-step", spec + " offered a plain step at step 1 but not at step " +
                                    std::to_string(i));
      return;
    }
  }
  if (!same_bits(stepped.w(), plain.w()))
    report.fail("plain-step", "w after 3 plain steps of " + spec + " differs from 3 step() calls");
  else if (auto diff = first_difference(save(stepped.optimizer()), save(plain.optimizer()));
           !diff.empty())
    report.fail("plain-step", "after 3 plain steps of " + spec + ", " + diff + " differs");
  else
    report.pass("plain-step");
}

// Runs one check, reporting an exception from the plugin as that check's failure.
template <typename Fn>
void guarded(Report& report, std::string_view check, Fn&& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    report.fail(std::string(check), std::string("threw: ") + e.what());
  }
}

}  // namespace optimizer_detail

inline void check_optimizer(const Entry& entry, Report& report) {
  if (entry.f64.optimizer == nullptr) {
    report.fail("quadratic", "the plugin provides no double optimizer");
    return;
  }
  const auto given = check_setting(entry.meta.name);
  const auto spec = optimizer_detail::spec_text(entry.meta.name, given);
  Values defaults, setting;
  try {
    defaults = resolve(entry.meta.name, entry.params, {});
    setting = resolve(entry.meta.name, entry.params, given);
  } catch (const std::exception& e) {
    report.fail("quadratic", "the check setting " + spec + " is refused: " + e.what());
    return;
  }
  optimizer_detail::guarded(report, "quadratic", [&] {
    optimizer_detail::check_quadratic(entry, setting, spec, report);
  });
  optimizer_detail::guarded(report, "restore", [&] {
    optimizer_detail::check_restore(entry, defaults, setting, spec, report);
  });
  optimizer_detail::guarded(report, "zero-gradient", [&] {
    optimizer_detail::check_zero_gradient(entry, setting, spec, report);
  });
  optimizer_detail::guarded(report, "plain-step", [&] {
    optimizer_detail::check_plain_step(entry, setting, spec, report);
  });
}

}  // namespace neurite::conformance
