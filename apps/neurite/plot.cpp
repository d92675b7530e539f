// neurite plot NAME[,NAME...] --range A:B: activations and their derivatives sampled on a grid,
// as CSV (name,x,f,df) and optionally as an SVG with a function and a derivative panel.
#include <cctype>
#include <cmath>
#include <iostream>
#include <optional>

#include <neurite/csv.hpp>
#include <neurite/svg.hpp>

#include "cli.hpp"
#include "commands.hpp"

namespace neurite::commands {

namespace {

constexpr arma::uword widest_probe = 16;

struct Curve {
  std::string label;
  std::vector<double> x, f, df;
};

std::pair<double, double> parse_range(const std::string& text) {
  const auto colon = text.find(':');
  std::optional<double> a, b;
  if (colon != std::string::npos) {
    a = cli::to_number(text.substr(0, colon));
    b = cli::to_number(text.substr(colon + 1));
  }
  if (!a || !b || !(*a < *b))
    throw cli::UsageError("--range '" + text + "': expected A:B with finite numbers A < B, e.g. -5:5");
  return {*a, *b};
}

// The width of the input column: the smallest the activation accepts (maxout(k): k, GLU: 2), and 2
// for one that keeps the width but mixes a column (softmax), recognised by y_0 depending on x_1.
template <typename T>
arma::uword input_width(Activator<T>& act, const std::string& label, const Context& ctx) {
  arma::uword width = 0;
  for (arma::uword w = 1; w <= widest_probe && width == 0; ++w) {
    try {
      if (act.output_rows(w) > 0) width = w;
    } catch (const Error&) {
    }
  }
  if (width == 0)
    throw Error(label + " takes no input width from 1 to " + std::to_string(widest_probe) +
                ", so it cannot be plotted");
  if (width > 1) return width;
  try {
    if (act.output_rows(2) != 2) return 1;
  } catch (const Error&) {
    return 1;
  }
  const arma::Mat<T> x = {{T(0.5), T(0.5)}, {T(-1), T(2)}};
  arma::Mat<T> y(2, 2);
  act.parameters(2);
  act.forward(x, y, ctx);
  const bool same = y(0, 0) == y(0, 1) || (std::isnan(y(0, 0)) && std::isnan(y(0, 1)));
  return same ? 1 : 2;
}

template <typename T>
Curve evaluate(const Registry& registry, const std::string& label, const std::vector<double>& xs) {
  const auto act = registry.activator<T>(label);
  Generator rng(10);
  const Context ctx{.training = false, .rng = &rng};
  const arma::uword width = input_width(*act, label, ctx);
  const arma::uword n = xs.size();
  arma::Mat<T> x(width, n, arma::fill::zeros);
  for (arma::uword i = 0; i < n; ++i) x(0, i) = static_cast<T>(xs[i]);
  act->parameters(width);
  arma::Mat<T> y(act->output_rows(width), n), dx(width, n);
  act->forward(x, y, ctx);
  arma::Mat<T> dy(y.n_rows, n, arma::fill::zeros);
  dy.row(0).ones();
  act->backward(x, y, dy, dx, ctx);
  Curve c{label, {}, {}, {}};
  for (arma::uword i = 0; i < n; ++i) {
    c.x.push_back(static_cast<double>(x(0, i)));
    c.f.push_back(static_cast<double>(y(0, i)));
    c.df.push_back(static_cast<double>(dx(0, i)));
  }
  return c;
}

// Each item of the list with the --param values its plugin declares added, named canonically.
std::vector<std::string> specs_with_params(const Registry& registry, const std::string& list,
                                           const std::vector<std::string>& params) {
  std::vector<Spec> specs;
  std::vector<std::string> names;
  for (const auto& item : split_specs(list)) {
    Spec spec = parse_spec(item);
    spec.name = std::string(registry.find(spec.name, Family::activation).name());
    names.push_back(spec.name);
    specs.push_back(std::move(spec));
  }
  for (const auto& assignment : params) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0)
      throw cli::UsageError("--param '" + assignment + "': expected key=value");
    const std::string key = assignment.substr(0, eq), value = assignment.substr(eq + 1);
    bool used = false;
    for (auto& spec : specs) {
      for (const auto& p : registry.find(spec.name).entry->params) {
        if (p.name != key) continue;
        spec.args.emplace_back(key, value);
        used = true;
      }
    }
    if (!used) {
      std::string all;
      for (const auto& n : names) all += (all.empty() ? "" : ", ") + n;
      throw Error("--param " + assignment + ": no activation of " + all + " declares '" + key +
                  "'");
    }
  }
  std::vector<std::string> labels;
  for (const auto& spec : specs) {
    std::string text = spec.name;
    for (std::size_t i = 0; i < spec.args.size(); ++i)
      text += (i ? "," : "(") + spec.args[i].first + "=" + spec.args[i].second;
    labels.push_back(spec.args.empty() ? text : text + ")");
  }
  return labels;
}

svg::Figure figure_of(const std::vector<Curve>& curves) {
  svg::Panel f{"function", "x", "f(x)", {}}, df{"derivative", "x", "f'(x)", {}};
  for (const auto& c : curves) {
    f.series.push_back({c.label, c.x, c.f, false});
    df.series.push_back({c.label, c.x, c.df, false});
  }
  return svg::Figure{"", {f, df}};
}

}  // namespace

int plot(const Args& args) {
  cli::Command cmd(
      "plot",
      "NAME[,NAME...] --range A:B [--points N] [--param k=v]... [--out FILE] [--svg FILE] "
      "[--dtype float|double]",
      "Samples each activation f and its derivative f' at N points evenly spaced over [A, B], "
      "both ends included, and prints CSV with the header name,x,f,df (17 significant digits; x "
      "as evaluated, i.e. rounded to float under --dtype float). f' is the plugin's backward with "
      "dy = 1. Each NAME may be a spec such as h-swish(n=4); --param k=v sets k in every listed "
      "activation that declares it, and is an error if none does.\n"
      "Activations that mix a column (softmax, softmin, log-softmax) or change its width "
      "(maxout, GLU) are evaluated on the input column [x, 0, ..., 0] of the smallest width they "
      "take (2; maxout(k): k), and f and f' are the first output and its partial derivative in "
      "x: softmax draws sigmoid(x), log-softmax log-sigmoid(x), maxout max(x, 0), GLU x/2 (the "
      "gate input held at 0).\n"
      "--svg FILE draws two panels, the functions and their derivatives, with one legend entry "
      "per activation. Runs in inference mode (RReLU uses its mean slope).");
  std::string names, range, out, svg_file, dtype = "float";
  int points = 201;
  std::vector<std::string> params;
  cmd.options().add_options()("names", cli::po::value(&names)->required(),
                              "activations, comma-separated")(
      "range", cli::po::value(&range)->required(), "A:B, the interval sampled (A < B)")(
      "points", cli::po::value(&points)->default_value(201), "number of points, at least 2")(
      "param", cli::po::value(&params)->composing(),
      "k=v for every listed activation that declares k (repeatable)")(
      "out", cli::po::value(&out), "write the CSV to FILE instead of stdout")(
      "svg", cli::po::value(&svg_file), "draw function and derivative panels into FILE")(
      "dtype", cli::po::value(&dtype)->default_value("float"), "float or double");
  cmd.positional().add("names", 1);
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  const auto [a, b] = parse_range(range);
  if (points < 2) throw cli::UsageError("--points " + std::to_string(points) + ": expected at least 2");
  if (dtype != "float" && dtype != "double")
    throw cli::UsageError("--dtype '" + dtype + "': expected float or double");

  const auto registry = cmd.registry();
  std::vector<double> xs(static_cast<std::size_t>(points));
  for (std::size_t i = 0; i < xs.size(); ++i)
    xs[i] = a + (b - a) * static_cast<double>(i) / static_cast<double>(xs.size() - 1);
  xs.back() = b;

  std::vector<Curve> curves;
  for (const auto& label : specs_with_params(registry, names, params))
    curves.push_back(dtype == "double" ? evaluate<double>(registry, label, xs)
                                       : evaluate<float>(registry, label, xs));

  std::string csv = "name,x,f,df\n";
  for (const auto& c : curves)
    for (std::size_t i = 0; i < c.x.size(); ++i)
      csv += csv::field(c.label) + "," + csv::number(c.x[i]) + "," + csv::number(c.f[i]) + "," +
             csv::number(c.df[i]) + "\n";
  if (out.empty()) std::cout << csv << std::flush;
  else svg::write_atomically(out, csv);
  if (!svg_file.empty()) svg::save(figure_of(curves), svg_file);
  return 0;
}

}  // namespace neurite::commands
