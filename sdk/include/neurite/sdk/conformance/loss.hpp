#pragma once
// Conformance checks for one loss: the analytic gradient against central differences of the value
// in double, at random and hard points suited to the loss's input kind, with one-hot and soft
// targets; float/double agreement of value and gradient; finite value and gradient at the edges of
// the input kind (probabilities of exactly 0 and 1, logits of ±1000 and ±1e30); the caller's
// gradient matrix written in place. Each runs at the default parameters and at a second set.
// Kinks (l1 at d = 0, hinge where a margin term is 0) and points where a clamp is active are found
// without declarations: the analytic gradient at y - h and y + h disagrees there by more than the
// tolerance, and no single derivative is right, so those elements are skipped (and counted).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <random>
#include <span>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <neurite/sdk/manifest.hpp>
#include <neurite/sdk/math.hpp>
#include <neurite/sdk/report.hpp>

namespace neurite::conformance {

namespace loss_detail {

// One batch to evaluate: predictions y, targets t (K x N), and a description for failures.
struct Batch {
  arma::mat y, t;
  std::string what;
};

// The shortest text that reads back as v: 0.3, not 0.29999999999999999.
inline std::string number(double v) {
  std::string text;
  for (int digits = 15; digits <= 17; ++digits) {
    std::ostringstream s;
    s.precision(digits);
    s << v;
    text = s.str();
    if (std::strtod(text.c_str(), nullptr) == v) break;
  }
  return text;
}

inline bool probability_input(InputKind kind) {
  return kind == InputKind::probabilities || kind == InputKind::sigmoid_probabilities;
}

// The activation the host would insert, applied to raw normals: what the loss sees in training.
inline arma::mat as_input(InputKind kind, const arma::mat& z) {
  arma::mat y(z.n_rows, z.n_cols);
  switch (kind) {
    case InputKind::probabilities: stable::softmax(z, y); break;
    case InputKind::sigmoid_probabilities:
      elementwise(z, y, [](double v) { return stable::sigmoid(v); });
      break;
    case InputKind::log_probabilities: stable::log_softmax(z, y); break;
    default: y = z;
  }
  return y;
}

inline arma::mat one_hot(arma::uword k, arma::uword n, Generator& rng) {
  std::uniform_int_distribution<arma::uword> pick(0, k - 1);
  arma::mat t(k, n, arma::fill::zeros);
  for (arma::uword c = 0; c < n; ++c) t(pick(rng), c) = 1;
  return t;
}

// Soft targets: a probability vector per column, every entry positive.
inline arma::mat soft(arma::uword k, arma::uword n, Generator& rng) {
  std::normal_distribution<double> normal;
  arma::mat z(k, n), t(k, n);
  z.imbue([&] { return normal(rng); });
  stable::softmax(z, t);
  return t;
}

inline std::vector<double> scales(InputKind kind) {
  if (kind == InputKind::logits || kind == InputKind::values) return {0.1, 1, 3, 10};
  return {0.3, 1, 3};
}

inline std::vector<Batch> random_batches(InputKind kind) {
  Generator rng(20240607);
  std::normal_distribution<double> normal;
  const std::vector<std::pair<arma::uword, arma::uword>> shapes{{3, 4}, {7, 3}, {10, 2}};
  std::vector<Batch> out;
  for (double s : scales(kind))
    for (auto [k, n] : shapes) {
      arma::mat z(k, n);
      z.imbue([&] { return s * normal(rng); });
      const arma::mat y = as_input(kind, z);
      const std::string where = std::string(to_string(kind)) + " from normals of scale " +
                                number(s) + " (" + std::to_string(k) + "x" + std::to_string(n) +
                                "), ";
      out.push_back({y, one_hot(k, n, rng), where + "one-hot targets"});
      out.push_back({y, soft(k, n, rng), where + "soft targets"});
    }
  return out;
}

// Columns (K = 4) where formulas saturate, tie, cancel or sit on a branch boundary.
inline std::vector<Batch> hard_batches(InputKind kind) {
  arma::mat t(4, 4, arma::fill::zeros);
  t(0, 0) = t(0, 1) = t(2, 2) = t(3, 3) = 1;
  std::vector<Batch> out;
  auto add = [&](arma::mat y, const std::string& what) {
    out.push_back({std::move(y), t, std::string(to_string(kind)) + ": " + what});
  };
  switch (kind) {
    case InputKind::logits:
      add({{30, 0, 0, 1}, {0, 30, 0, 0.5}, {0, 0, 0, -3}, {0, 0, 0, 2}},
          "a confident right and a confident wrong column, a tie, a margin boundary");
      add({{1000, -20, 5, 1e-3}, {999, 20, -5, -1e-3}, {-1000, 0, 5, 0}, {0, -1000, -5, 7}},
          "logits of ±1000 and near ties");
      break;
    case InputKind::values:
      add(t, "predictions equal to the targets");
      add(t + arma::mat{{1, -1, 1e-3, 0.5}, {-1, 1, -1e-3, -0.5}, {2, -2, 0.999, 1.001},
                        {-50, 50, 1e-8, -1e-8}},
          "errors on branch boundaries, tiny and large");
      break;
    case InputKind::probabilities:
      add({{0.97, 0.001, 0.25, 0.4}, {0.01, 0.997, 0.25, 0.3}, {0.01, 0.001, 0.25, 0.2},
           {0.01, 0.001, 0.25, 0.1}},
          "confident right and wrong columns, uniform probabilities");
      break;
    case InputKind::sigmoid_probabilities:
      add({{1e-3, 0.999, 0.5, 0.2}, {0.999, 1e-3, 0.5, 0.8}, {0.5, 0.5, 1e-3, 0.999},
           {0.3, 0.7, 0.999, 1e-3}},
          "probabilities near 0, 1 and 1/2");
      break;
    case InputKind::log_probabilities:
      add(arma::log(arma::mat{{0.97, 0.001, 0.25, 0.4}, {0.01, 0.997, 0.25, 0.3},
                              {0.01, 0.001, 0.25, 0.2}, {0.01, 0.001, 0.25, 0.1}}),
          "logs of confident right and wrong columns, uniform probabilities");
      break;
  }
  return out;
}

// Inputs at the edges of the input kind, where the true loss is finite.
inline std::vector<Batch> extreme_batches(InputKind kind) {
  arma::mat t(4, 4, arma::fill::zeros);
  t(0, 0) = t(1, 1) = t(2, 2) = t(3, 3) = 1;
  Generator rng(99);
  const arma::mat t_soft = soft(4, 4, rng);
  std::vector<Batch> out;
  auto add = [&](const arma::mat& y, bool with_soft, const std::string& what) {
    const std::string where = std::string(to_string(kind)) + " " + what;
    out.push_back({y, t, where + ", one-hot targets"});
    if (with_soft) out.push_back({y, t_soft, where + ", soft targets"});
  };
  switch (kind) {
    case InputKind::probabilities:
      // A zero probability under a positive target is an infinite loss; only y = 1 may meet one.
      add(t, false, "exactly 0 and 1, equal to the targets");
      add(arma::mat(4, 4, arma::fill::ones), false, "all exactly 1");
      break;
    case InputKind::sigmoid_probabilities:
      add(t, true, "exactly 0 and 1, equal to the one-hot targets");
      add(1 - t, true, "exactly 0 and 1, opposite to the one-hot targets");
      break;
    case InputKind::log_probabilities:
      add({{0, -1000, -1e30, -1e-300}, {-1e30, 0, -1000, -1e30}, {-1000, -1e30, 0, -1000},
           {-1e-300, -1e30, -1000, 0}},
          true, "of 0, -1e-300, -1000 and -1e30");
      break;
    case InputKind::logits:
      add({{1000, -1000, 0, 1e30}, {-1000, 1000, 1e30, -1e30}, {0, 1000, -1000, 0},
           {-1000, 0, -1e30, 1e30}},
          true, "of ±1000 and ±1e30");
      add({{-1e30, 1e30, 1000, -1000}, {1e30, -1e30, -1000, 1000}, {1e30, -1e30, 1000, -1000},
           {1e30, -1e30, 1000, -1000}},
          true, "of ±1000 and ±1e30 against the targets");
      break;
    case InputKind::values:
      add(t + arma::mat{{1000, -1000, 1e30, -1e30}, {-1000, 1000, -1e30, 1e30},
                        {1e30, -1e30, 1000, -1000}, {0, 1e30, -1000, 1000}},
          true, "at ±1000 and ±1e30 from the targets");
      break;
  }
  return out;
}

// A second parameter set: each real parameter moved inside its range (0 -> 0.3 of a bounded
// range or 0.5, otherwise half the default), so the check does not see the defaults alone.
inline Assignments other_parameters(std::span<const Param> params) {
  Assignments out;
  for (const auto& p : params) {
    if (p.type != ParamType::real) continue;
    double v = p.fallback / 2;
    if (p.fallback == 0 || !p.range.contains(v))
      v = std::isfinite(p.range.hi) && std::isfinite(p.range.lo)
              ? p.range.lo + 0.3 * (p.range.hi - p.range.lo)
              : (std::isfinite(p.range.lo) ? p.range.lo : 0.0) + 0.5;
    if (p.range.contains(v)) out.emplace_back(std::string(p.name), number(v));
  }
  return out;
}

inline std::string describe(const Assignments& given) {
  if (given.empty()) return "";
  std::string out = " with ";
  for (std::size_t i = 0; i < given.size(); ++i)
    out += (i ? ", " : "") + given[i].first + "=" + given[i].second;
  return out;
}

// A loss in one precision; gradient() starts from nan so that an entry left unwritten shows.
template <typename T>
class Probe {
 public:
  Probe(const Entry& entry, const Values& values) : loss_(entry.factories<T>().loss(values)) {}
  double value(const arma::Mat<T>& y, const arma::Mat<T>& t) { return loss_->value(y, t); }
  arma::mat gradient(const arma::Mat<T>& y, const arma::Mat<T>& t) {
    dy_.set_size(y.n_rows, y.n_cols);
    dy_.fill(std::numeric_limits<T>::quiet_NaN());
    const T* memory = dy_.memptr();
    loss_->gradient(y, t, dy_);
    if (dy_.memptr() != memory || dy_.n_rows != y.n_rows || dy_.n_cols != y.n_cols)
      resized = true;
    return arma::conv_to<arma::mat>::from(dy_);
  }
  bool resized = false;

 private:
  std::unique_ptr<Loss<T>> loss_;
  arma::Mat<T> dy_;
};

struct Outcome {
  double worst = 0;
  std::string failure;
  std::size_t compared = 0, skipped = 0;
  void fail(std::string detail) {
    if (failure.empty()) failure = std::move(detail);
  }
};

inline std::string entry_name(const arma::mat& y, arma::uword i) {
  return "(" + std::to_string(i % y.n_rows) + "," + std::to_string(i / y.n_rows) + ")";
}

// Central differences of the value, element by element, against the analytic gradient.
inline void gradient_check(Probe<double>& loss, InputKind kind, const Batch& b,
                           const std::string& params, Outcome& out) {
  const arma::mat analytic = loss.gradient(b.y, b.t);
  arma::mat y = b.y;
  for (arma::uword i = 0; i < y.n_elem; ++i) {
    const double yi = b.y[i];
    const double h = probability_input(kind)
                         ? std::min({1e-6, yi / 2, (1 - yi) / 2})
                         : 1e-6 * std::max(1.0, std::abs(yi));
    if (!(h > 0)) {
      ++out.skipped;
      continue;
    }
    const double a = analytic[i];
    const double tolerance_a = 1e-6 + 1e-5 * std::abs(a);
    y[i] = yi + h;
    const double up = loss.value(y, b.t), up_at = y[i];
    const double g_up = loss.gradient(y, b.t)[i];
    y[i] = yi - h;
    const double down = loss.value(y, b.t), down_at = y[i];
    const double g_down = loss.gradient(y, b.t)[i];
    y[i] = yi;
    // A kink or an active clamp inside [y - h, y + h]: the slopes at both ends disagree. Where they
    // agree within the tolerance, the central difference (their average) must match too.
    const double jump = std::abs(g_up - g_down);
    if (jump > std::max(1e-2 * std::max(std::abs(g_up), std::abs(g_down)), tolerance_a)) {
      ++out.skipped;
      continue;
    }
    ++out.compared;
    const double numeric = (up - down) / (up_at - down_at);
    const double err = std::abs(a - numeric);
    out.worst = std::max(out.worst, err / std::max(1.0, std::abs(numeric)));
    if (!(err <= 1e-6 + 1e-5 * std::abs(numeric)))
      out.fail("dE/dy" + entry_name(y, i) + " at y=" + number(yi) + ", " + b.what + params +
               ": analytic " + number(a) + ", numerical " + number(numeric));
  }
}

// float and double at the same (float-representable) inputs.
inline void precision_check(Probe<double>& f64, Probe<float>& f32, const Batch& b,
                            const std::string& params, Outcome& out) {
  const arma::fmat yf = arma::conv_to<arma::fmat>::from(b.y);
  const arma::fmat tf = arma::conv_to<arma::fmat>::from(b.t);
  const arma::mat yd = arma::conv_to<arma::mat>::from(yf);
  const arma::mat td = arma::conv_to<arma::mat>::from(tf);
  const double scale = std::max(1.0, arma::abs(yd).max());
  auto agree = [&](double f, double d, const std::string& what) {
    ++out.compared;
    const double err = std::abs(f - d);
    out.worst = std::max(out.worst, err / (std::abs(d) + scale));
    if (!(err <= 1e-5 * std::abs(d) + 1e-6 * scale))
      out.fail(what + " at " + b.what + params + ": float " + number(f) + ", double " + number(d));
  };
  agree(f32.value(yf, tf), f64.value(yd, td), "E");
  const arma::mat gf = f32.gradient(yf, tf), gd = f64.gradient(yd, td);
  for (arma::uword i = 0; i < gd.n_elem; ++i) agree(gf[i], gd[i], "dE/dy" + entry_name(gd, i));
}

// Finite everywhere in double; in float wherever the double result fits in a float.
inline void extremes_check(Probe<double>& f64, Probe<float>& f32, const Batch& b,
                           const std::string& params, Outcome& out) {
  const double fits = std::numeric_limits<float>::max() / 2;
  auto finite = [&](double v64, double v32, const std::string& what) {
    ++out.compared;
    if (!std::isfinite(v64))
      out.fail(what + " is " + number(v64) + " in double at " + b.what + params);
    else if (!std::isfinite(v32) && (std::isnan(v32) || std::abs(v64) < fits))
      out.fail(what + " is " + number(v32) + " in float at " + b.what + params);
  };
  const arma::fmat yf = arma::conv_to<arma::fmat>::from(b.y);
  const arma::fmat tf = arma::conv_to<arma::fmat>::from(b.t);
  finite(f64.value(b.y, b.t), f32.value(yf, tf), "E");
  const arma::mat gd = f64.gradient(b.y, b.t), gf = f32.gradient(yf, tf);
  for (arma::uword i = 0; i < gd.n_elem; ++i)
    finite(gd[i], gf[i], "dE/dy" + entry_name(gd, i) + " at y=" + number(b.y[i]));
}

inline void settle(Report& report, const std::string& check, const Outcome& out,
                   const std::string& extra = {}) {
  if (out.failure.empty()) report.pass(check, out.worst);
  else report.fail(check, out.failure + extra, out.worst);
}

}  // namespace loss_detail

inline void check_loss(const Entry& entry, Report& report) {
  using namespace loss_detail;
  const InputKind kind = entry.meta.input;
  Outcome gradient, precision, extremes;
  bool resized = false;
  try {
    std::vector<Batch> checked = random_batches(kind);
    for (auto& b : hard_batches(kind)) checked.push_back(std::move(b));
    const std::vector<Batch> edges = extreme_batches(kind);
    std::vector<Assignments> sets{{}};
    if (auto other = other_parameters(entry.params); !other.empty()) sets.push_back(other);
    for (const auto& given : sets) {
      const Values values = resolve(entry.meta.name, entry.params, given);
      const std::string params = describe(given);
      Probe<double> f64(entry, values);
      Probe<float> f32(entry, values);
      for (const auto& b : checked) {
        gradient_check(f64, kind, b, params, gradient);
        precision_check(f64, f32, b, params, precision);
      }
      for (const auto& b : edges) extremes_check(f64, f32, b, params, extremes);
      resized = resized || f64.resized || f32.resized;
    }
  } catch (const std::exception& e) {
    report.fail("runs", std::string("threw: ") + e.what());
    return;
  }
  // Skipping is for the few elements on a kink; a gradient that disagrees with itself everywhere
  // must not pass by being skipped.
  if (gradient.failure.empty() && gradient.skipped > gradient.compared)
    gradient.fail("the analytic gradient jumps within ±h at " + std::to_string(gradient.skipped) +
                  " of " + std::to_string(gradient.skipped + gradient.compared) + " elements");
  settle(report, "gradient", gradient);
  settle(report, "float-double", precision);
  settle(report, "extremes", extremes);
  if (resized) report.fail("shapes", "gradient() resized or moved the caller's dy");
  else report.pass("shapes");
}

}  // namespace neurite::conformance
