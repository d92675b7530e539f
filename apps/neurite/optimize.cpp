// neurite optimize --optimizer SPEC[,SPEC...] --function F: each optimizer's path from one start
// on a two-dimensional test function, as CSV (optimizer,step,x0,x1,f) and optionally as an SVG of
// the paths over the function's contour lines.
#include <array>
#include <cctype>
#include <cmath>
#include <iostream>
#include <optional>

#include <neurite/csv.hpp>
#include <neurite/sdk/conformance/optimizer.hpp>
#include <neurite/svg.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "optimize_svg.hpp"

namespace neurite::commands {

namespace {

struct Function {
  std::string_view name;
  std::string_view formula;
  double (*f)(double, double);
  void (*gradient)(double, double, double&, double&);
  std::array<double, 2> start;
  std::array<double, 2> minimum;
};

double beale_term(double x, double y, double c, int k) { return c - x + x * std::pow(y, k); }

const Function functions[] = {
    {"sphere",
     "x0^2 + x1^2",
     [](double x, double y) { return x * x + y * y; },
     [](double x, double y, double& gx, double& gy) {
       gx = 2 * x;
       gy = 2 * y;
     },
     {0, 0},
     {0, 0}},
    {"shifted",
     "(x0 - 1)^2 + (x1 - 2)^2",
     [](double x, double y) { return (x - 1) * (x - 1) + (y - 2) * (y - 2); },
     [](double x, double y, double& gx, double& gy) {
       gx = 2 * (x - 1);
       gy = 2 * (y - 2);
     },
     {0, 0},
     {1, 2}},
    {"rosenbrock",
     "(1 - x0)^2 + 100 (x1 - x0^2)^2",
     [](double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); },
     [](double x, double y, double& gx, double& gy) {
       gx = -2 * (1 - x) - 400 * x * (y - x * x);
       gy = 200 * (y - x * x);
     },
     {-1.5, 2},
     {1, 1}},
    {"beale",
     "(1.5 - x0 + x0 x1)^2 + (2.25 - x0 + x0 x1^2)^2 + (2.625 - x0 + x0 x1^3)^2",
     [](double x, double y) {
       const double a = beale_term(x, y, 1.5, 1), b = beale_term(x, y, 2.25, 2),
                    c = beale_term(x, y, 2.625, 3);
       return a * a + b * b + c * c;
     },
     [](double x, double y, double& gx, double& gy) {
       const double a = beale_term(x, y, 1.5, 1), b = beale_term(x, y, 2.25, 2),
                    c = beale_term(x, y, 2.625, 3);
       gx = 2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y * y * y - 1);
       gy = 2 * a * x + 2 * b * (2 * x * y) + 2 * c * (3 * x * y * y);
     },
     {1, 1},
     {3, 0.5}},
    {"quadratic",
     "0.5 (x0^2 + 10 x1^2), the conformance quadratic",
     [](double x, double y) {
       return conformance::quadratic_value(arma::mat{x, y});
     },
     [](double x, double y, double& gx, double& gy) {
       arma::mat g(2, 1);
       conformance::quadratic_gradient(arma::mat{x, y}, g);
       gx = g[0];
       gy = g[1];
     },
     {1, 1},
     {0, 0}},
};

const Function& function_named(const std::string& name) {
  std::string known;
  for (const auto& f : functions) {
    if (normalize_name(f.name) == normalize_name(name)) return f;
    known += (known.empty() ? "" : ", ") + std::string(f.name);
  }
  throw cli::UsageError("--function '" + name + "' is not one of " + known);
}

std::array<double, 2> parse_start(const std::string& text) {
  const auto comma = text.find(',');
  std::optional<double> a, b;
  if (comma != std::string::npos) {
    a = cli::to_number(text.substr(0, comma));
    b = cli::to_number(text.substr(comma + 1));
  }
  if (!a || !b)
    throw cli::UsageError("--start '" + text +
                          "': expected x0,x1 (two finite numbers), e.g. -1.5,2");
  return {*a, *b};
}

// Central differences with h = 1e-4.
void numerical_gradient(const Function& fn, double x, double y, double& gx, double& gy) {
  constexpr double h = 1e-4;
  gx = (fn.f(x + h, y) - fn.f(x - h, y)) / (2 * h);
  gy = (fn.f(x, y + h) - fn.f(x, y - h)) / (2 * h);
}

struct Run {
  std::string spec;
  std::vector<double> x0, x1, f;
  long diverged_at = -1;      // the step whose result was not finite
  double bad[3] = {0, 0, 0};  // that step's x0, x1, f
};

Run descend(const Function& fn, const std::string& spec, Optimizer<double>& optimizer,
            std::array<double, 2> start, long steps, bool numerical, std::uint64_t seed) {
  Run run{spec, {}, {}, {}};
  arma::mat w(2, 1), g(2, 1);
  w[0] = start[0];
  w[1] = start[1];
  Generator rng(seed);
  StepInfo info;
  info.n = 1;
  info.rng = &rng;
  for (long k = 0; k <= steps; ++k) {
    if (k > 0) {
      if (numerical)
        numerical_gradient(fn, w[0], w[1], g[0], g[1]);
      else
        fn.gradient(w[0], w[1], g[0], g[1]);
      info.loss = fn.f(w[0], w[1]);  // Eve: f at the current w
      optimizer.step(w, g, info);
    }
    const double f = fn.f(w[0], w[1]);
    if (!std::isfinite(w[0]) || !std::isfinite(w[1]) || !std::isfinite(f)) {
      run.diverged_at = k;
      run.bad[0] = w[0];
      run.bad[1] = w[1];
      run.bad[2] = f;
      break;
    }
    run.x0.push_back(w[0]);
    run.x1.push_back(w[1]);
    run.f.push_back(f);
  }
  return run;
}

std::string csv_of(const std::vector<Run>& runs) {
  std::string out = "optimizer,step,x0,x1,f\n";
  for (const auto& r : runs) {
    const std::string name = csv::field(r.spec);
    for (std::size_t k = 0; k < r.f.size(); ++k)
      out += name + "," + std::to_string(k) + "," + csv::number(r.x0[k]) + "," +
             csv::number(r.x1[k]) + "," + csv::number(r.f[k]) + "\n";
    if (r.diverged_at >= 0)
      out += name + "," + std::to_string(r.diverged_at) + "," + csv::number(r.bad[0]) + "," +
             csv::number(r.bad[1]) + ",diverged\n";
  }
  return out;
}

std::string number_text(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

}  // namespace

int optimize(const Args& args) {
  cli::Command cmd(
      "optimize",
      "--optimizer SPEC[,SPEC...] --function F [--start x0,x1] [--steps N] "
      "[--numerical-gradient] [--seed N] [--out FILE] [--svg FILE]",
      "Runs each optimizer from the same start on a two-dimensional function, one instance for "
      "the 2-vector w, and prints CSV with the header optimizer,step,x0,x1,f: step 0 is the "
      "start, numbers have 17 significant digits, the optimizer column is the spec as given.\n"
      "Functions: sphere x0^2+x1^2 and shifted (x0-1)^2+(x1-2)^2 (start 0,0), rosenbrock "
      "(1-x0)^2+100(x1-x0^2)^2 (start -1.5,2), beale (start 1,1) and quadratic, the "
      "conformance quadratic 0.5(x0^2+10x1^2) of `neurite check` (start 1,1).\n"
      "Each step sees the exact gradient, or with --numerical-gradient central differences "
      "with h = 1e-4; Eve receives f at the current w as its loss, Santa N = 1 and a generator "
      "seeded with --seed (each optimizer its own, so a path does not depend on the others).\n"
      "A path whose w or f stops being finite ends there: its last row has the step, x0 and x1 "
      "of that step and 'diverged' in the f column, and a note goes to stderr.\n"
      "--svg FILE draws every path over the contour lines of F, with a legend naming each spec.");
  std::string optimizers, function, start_text, out, svg_file;
  long steps = 1000;
  bool numerical = false;
  std::uint64_t seed = 10;
  cmd.options().add_options()("optimizer", cli::po::value(&optimizers)->required(),
                              "optimizer specs, comma-separated, e.g. 'SGD(lr=0.1),Adam'")(
      "function", cli::po::value(&function)->required(),
      "sphere, shifted, rosenbrock, beale or quadratic")(
      "start", cli::po::value(&start_text), "x0,x1 (default: the function's own start)")(
      "steps", cli::po::value(&steps)->default_value(1000), "number of steps, at least 0")(
      "numerical-gradient", cli::po::bool_switch(&numerical),
      "use central differences (h = 1e-4) instead of the exact gradient")(
      "seed", cli::po::value(&seed)->default_value(10), "seed of the generator (Santa)")(
      "out", cli::po::value(&out), "write the CSV to FILE instead of stdout")(
      "svg", cli::po::value(&svg_file), "draw the paths over the contours into FILE");
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const Function& fn = function_named(function);
  const auto start = start_text.empty() ? fn.start : parse_start(start_text);
  if (steps < 0)
    throw cli::UsageError("--steps " + std::to_string(steps) + ": expected at least 0");

  // Every spec is resolved before anything runs, so a typo in the last one costs nothing.
  const auto registry = cmd.registry();
  const auto specs = split_specs(optimizers);
  std::vector<std::shared_ptr<Optimizer<double>>> instances;
  for (const auto& spec : specs) instances.push_back(registry.optimizer<double>(spec, 2, 1));

  std::vector<Run> runs;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    runs.push_back(descend(fn, specs[i], *instances[i], start, steps, numerical, seed));
    if (runs.back().diverged_at >= 0)
      std::cerr << "neurite optimize: " << specs[i] << " diverged at step "
                << runs.back().diverged_at
                << " (w or f stopped being finite); its path ends there\n";
  }

  const auto csv = csv_of(runs);
  if (out.empty())
    std::cout << csv << std::flush;
  else
    svg::write_atomically(out, csv);

  if (!svg_file.empty()) {
    optimize_svg::Picture picture;
    picture.title = std::string(fn.name) + ": " + std::string(fn.formula) + ", " +
                    std::to_string(steps) + " steps from (" + number_text(start[0]) + ", " +
                    number_text(start[1]) + ")" + (numerical ? ", numerical gradient" : "");
    picture.f = fn.f;
    picture.start[0] = start[0];
    picture.start[1] = start[1];
    picture.minimum[0] = fn.minimum[0];
    picture.minimum[1] = fn.minimum[1];
    for (const auto& r : runs)
      picture.paths.push_back({r.spec, r.x0, r.x1, r.f.empty() ? NAN : r.f.back(), r.diverged_at});
    svg::write_atomically(svg_file, optimize_svg::render(picture));
  }
  return 0;
}

}  // namespace neurite::commands
