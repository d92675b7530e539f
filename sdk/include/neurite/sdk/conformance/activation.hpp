#pragma once
// Conformance checks for one activation: the analytic vector-Jacobian product against central
// differences in double (declared kinks skipped), learnable-parameter gradients, float/double
// agreement, finite results at extreme inputs, and consistent shapes with no reallocation of the
// caller's matrices. Stochastic activations see the same generator state at every evaluation.
#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <neurite/sdk/manifest.hpp>
#include <neurite/sdk/report.hpp>

namespace neurite::conformance {

namespace detail {

inline constexpr arma::uword activation_rows = 6;  // divisible by 2 and 3 (GLU, maxout)
inline constexpr std::uint64_t generator_seed = 1234;

// Points where naive formulas overflow, cancel or switch branches.
inline const std::vector<double>& hard_points() {
  static const std::vector<double> points{-1000, -100, -40, -30, -20, -5, -2.7, -1, -0.5, -1e-3,
                                          -1e-8, 1e-8,  1e-3, 0.5, 1,  2.7, 5,  20,  30,  40,
                                          100,   1000, -0.1, 0.1};
  return points;
}

inline std::string format_number(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

// One activation in one precision and mode, evaluated with the generator reset every time.
template <typename T>
class Probe {
 public:
  Probe(const Entry& entry, const Values& values, bool training)
      : act_(entry.factories<T>().activator(values)), rng_(generator_seed) {
    ctx_.training = training;
    ctx_.rng = &rng_;
  }
  Activator<T>& act() { return *act_; }
  arma::uword out_rows(arma::uword rows) const { return act_->output_rows(rows); }
  arma::Mat<T>* parameters(arma::uword rows) { return act_->parameters(rows); }

  arma::Mat<T> forward(const arma::Mat<T>& x) {
    arma::Mat<T> y(act_->output_rows(x.n_rows), x.n_cols, arma::fill::zeros);
    rng_.seed(generator_seed);
    act_->forward(x, y, ctx_);
    return y;
  }
  // dx for dy, after a forward with the same generator state (RReLU keeps its draws).
  arma::Mat<T> backward(const arma::Mat<T>& x, const arma::Mat<T>& dy) {
    const arma::Mat<T> y = forward(x);
    arma::Mat<T> dx(x.n_rows, x.n_cols, arma::fill::zeros);
    act_->backward(x, y, dy, dx, ctx_);
    return dx;
  }

 private:
  std::unique_ptr<Activator<T>> act_;
  Generator rng_;
  Context ctx_;
};

// A batch: columns of random normals at several scales, then columns of the hard points.
inline arma::mat activation_inputs(arma::uword rows) {
  Generator rng(42);
  std::normal_distribution<double> normal;
  const std::vector<double> scales{0.1, 1, 3, 10};
  const auto& hard = hard_points();
  const arma::uword hard_cols = (hard.size() + rows - 1) / rows;
  arma::mat x(rows, 2 * scales.size() + hard_cols);
  arma::uword c = 0;
  for (double s : scales)
    for (int rep = 0; rep < 2; ++rep, ++c)
      for (arma::uword r = 0; r < rows; ++r) x(r, c) = s * normal(rng);
  for (std::size_t i = 0; i < hard_cols * rows; ++i)
    x(i % rows, c + i / rows) = hard[i % hard.size()] * (i >= hard.size() ? 0.37 : 1.0);
  return x;
}

inline bool near_kink(double x, const std::vector<double>& kinks) {
  return std::any_of(kinks.begin(), kinks.end(),
                     [&](double k) { return std::abs(x - k) < 1e-4 * std::max(1.0, std::abs(k)); });
}

struct GradientResult {
  double worst = 0;
  std::string failure;
};

// Compares analytic with central differences of E(x) = <dy, f(x)>; also the learnable parameters.
inline GradientResult gradient_check(Probe<double>& probe, const arma::mat& x0,
                                     const std::vector<double>& kinks) {
  GradientResult result;
  Generator rng(7);
  std::uniform_real_distribution<double> unit(-1, 1);
  arma::mat dy(probe.out_rows(x0.n_rows), x0.n_cols);
  dy.imbue([&] { return unit(rng); });
  auto energy = [&](const arma::mat& x) { return arma::accu(dy % probe.forward(x)); };
  auto compare = [&](double analytic, double numeric, const std::string& where) {
    const double err = std::abs(analytic - numeric);
    result.worst = std::max(result.worst, err / std::max(1.0, std::abs(numeric)));
    if (!(err <= 1e-6 + 1e-5 * std::abs(numeric)) && result.failure.empty())
      result.failure = where + ": analytic " + format_number(analytic) + ", numerical " +
                       format_number(numeric);
  };
  const arma::mat dx = probe.backward(x0, dy);
  arma::mat x = x0;
  for (arma::uword i = 0; i < x.n_elem; ++i) {
    const double xi = x0[i];
    if (near_kink(xi, kinks)) continue;
    const double h = 1e-6 * std::max(1.0, std::abs(xi));
    x[i] = xi + h;
    const double up = energy(x);
    x[i] = xi - h;
    const double down = energy(x);
    x[i] = xi;
    const double e0 = energy(x);
    // A jump in f' inside [x-h, x+h] that the plugin did not declare (maxout ties): one-sided
    // differences disagree there, and no single derivative is right.
    if (std::abs((up - e0) - (e0 - down)) > 1e-3 * h * (1 + std::abs(up - down) / (2 * h))) continue;
    compare(dx[i], (up - down) / (2 * h), "d/dx at x=" + format_number(xi));
  }
  if (auto* params = probe.parameters(x0.n_rows)) {
    probe.backward(x0, dy);
    const arma::mat analytic = *probe.act().parameter_gradient();
    for (arma::uword i = 0; i < params->n_elem; ++i) {
      const double a = (*params)[i];
      const double h = 1e-6 * std::max(1.0, std::abs(a));
      (*params)[i] = a + h;
      const double up = energy(x0);
      (*params)[i] = a - h;
      const double down = energy(x0);
      (*params)[i] = a;
      compare(analytic[i], (up - down) / (2 * h), "d/d(parameter " + std::to_string(i) + ")");
    }
  }
  return result;
}

}  // namespace detail

inline void check_activation_mode(const Entry& entry, const Values& values, bool training,
                                  Report& report) {
  using namespace detail;
  const std::string mode = training ? " (training)" : "";
  const arma::uword rows = activation_rows;
  Probe<double> f64(entry, values, training);
  Probe<float> f32(entry, values, training);
  const std::vector<double> kinks = entry.kinks ? entry.kinks(values) : std::vector<double>{};

  // Learnable parameters start away from their defaults, equal in both precisions.
  if (auto* p = f64.parameters(rows)) {
    p->imbue([i = 0]() mutable { return 0.05 + 0.07 * (i++ % 6); });
    *f32.parameters(rows) = arma::conv_to<arma::fmat>::from(*p);
  }

  const arma::uword out = f64.out_rows(rows);
  arma::mat x = activation_inputs(rows);
  if (out == 0 || f32.out_rows(rows) != out) {
    report.fail("shapes" + mode, "output_rows(" + std::to_string(rows) + ") = " +
                                     std::to_string(out) + " in double, " +
                                     std::to_string(f32.out_rows(rows)) + " in float");
    return;
  }
  {
    arma::mat y(out, x.n_cols, arma::fill::zeros), dx(rows, x.n_cols, arma::fill::zeros);
    const double* y_memory = y.memptr();
    const double* dx_memory = dx.memptr();
    Context ctx;
    Generator rng(generator_seed);
    ctx.training = training;
    ctx.rng = &rng;
    f64.act().forward(x, y, ctx);
    arma::mat dy(out, x.n_cols, arma::fill::ones);
    f64.act().backward(x, y, dy, dx, ctx);
    if (y.n_rows != out || y.n_cols != x.n_cols || y.memptr() != y_memory || dx.n_rows != rows ||
        dx.memptr() != dx_memory)
      report.fail("shapes" + mode, "forward or backward resized the caller's output matrix");
    else
      report.pass("shapes" + mode);
  }

  const auto gradient = gradient_check(f64, x, kinks);
  if (gradient.failure.empty()) report.pass("gradient" + mode, gradient.worst);
  else report.fail("gradient" + mode, gradient.failure, gradient.worst);

  // float and double agree on values and on dx, at inputs representable in both.
  {
    const arma::fmat xf = arma::conv_to<arma::fmat>::from(x);
    const arma::mat xd = arma::conv_to<arma::mat>::from(xf);
    arma::mat dy(out, x.n_cols);
    dy.imbue([i = 0]() mutable { return 0.25 + 0.5 * ((i++ * 7) % 5) / 4.0; });
    const arma::fmat dyf = arma::conv_to<arma::fmat>::from(dy);
    const arma::mat yd = f64.forward(xd), dxd = f64.backward(xd, dy);
    const arma::mat yf = arma::conv_to<arma::mat>::from(f32.forward(xf));
    const arma::mat dxf = arma::conv_to<arma::mat>::from(f32.backward(xf, dyf));
    double worst = 0;
    std::string failure;
    auto agree = [&](const arma::mat& a, const arma::mat& b, const char* what, auto scale_of) {
      for (arma::uword i = 0; i < a.n_elem; ++i) {
        const double scale = scale_of(i);
        const double err = std::abs(a[i] - b[i]);
        worst = std::max(worst, err / (std::abs(b[i]) + scale));
        if (!(err <= 1e-5 * std::abs(b[i]) + 1e-6 * scale) && failure.empty())
          failure = std::string(what) + " differs: float " + format_number(a[i]) + ", double " +
                    format_number(b[i]);
      }
    };
    const double col_max = arma::abs(xd).max();
    const bool elementwise = out == rows;
    agree(yf, yd, "f", [&](arma::uword i) {
      return elementwise ? std::max(1.0, std::abs(xd[i])) : std::max(1.0, col_max);
    });
    agree(dxf, dxd, "dx", [&](arma::uword i) { return std::max(1.0, std::abs(xd[i])); });
    if (failure.empty()) report.pass("float-double" + mode, worst);
    else report.fail("float-double" + mode, failure, worst);
  }

  // Finite output and derivative at extreme inputs, in both precisions.
  {
    const std::vector<double> extremes{-1e30, -1e4, -1e3, -710, -89, 89, 710, 1e3, 1e4, 1e30};
    arma::mat xe(rows, (extremes.size() + rows - 1) / rows + 1);
    for (arma::uword i = 0; i < xe.n_elem; ++i) xe[i] = extremes[i % extremes.size()];
    std::string failure;
    auto finite_in = [&](auto& probe, const auto& input, const char* precision) {
      using M = std::decay_t<decltype(input)>;
      const M dy(probe.out_rows(rows), input.n_cols, arma::fill::ones);
      const M y = probe.forward(input);
      const M dx = probe.backward(input, dy);
      for (arma::uword i = 0; i < input.n_elem && failure.empty(); ++i)
        if (!std::isfinite(dx[i]))
          failure = std::string("dx is not finite at x=") + format_number(input[i]) + " in " +
                    precision;
      if (!y.is_finite() && failure.empty())
        failure = std::string("f is not finite at an extreme input in ") + precision;
    };
    finite_in(f64, xe, "double");
    finite_in(f32, arma::conv_to<arma::fmat>::from(xe), "float");
    if (failure.empty()) report.pass("extremes" + mode);
    else report.fail("extremes" + mode, failure);
  }
}

inline void check_activation(const Entry& entry, Report& report) {
  const Values values = resolve(entry.meta.name, entry.params, {});
  try {
    check_activation_mode(entry, values, false, report);
    check_activation_mode(entry, values, true, report);
  } catch (const std::exception& e) {
    report.fail("runs", std::string("threw: ") + e.what());
  }
}

}  // namespace neurite::conformance
