// neurite apply SPEC --input FILE: one activation or loss on a CSV batch. The file holds one sample
// per line; the batch handed to the plugin is its transpose (one column per sample), and the
// result is written back in the file's layout.
#include <cmath>
#include <iostream>

#include <neurite/csv.hpp>
#include <neurite/svg.hpp>

#include "cli.hpp"
#include "commands.hpp"

namespace neurite::commands {

namespace {

struct Files {
  std::string input, dy, target, labels;
};

template <typename T>
void append_rows(std::string& out, const arma::Mat<T>& batch) {
  for (arma::uword c = 0; c < batch.n_cols; ++c)
    for (arma::uword r = 0; r < batch.n_rows; ++r)
      out += csv::number(static_cast<double>(batch(r, c))) + (r + 1 < batch.n_rows ? "," : "\n");
}

template <typename T>
std::string apply_activation(const Registry& registry, const std::string& spec, const Files& files,
                             const csv::Table& input) {
  const auto act = registry.activator<T>(spec);
  const arma::Mat<T> x = input.batch<T>();
  arma::uword out_rows = 0;
  try {
    out_rows = act->output_rows(x.n_rows);
  } catch (const Error& e) {
    throw Error(input.where(0) + ": rows of " + std::to_string(x.n_rows) + " values do not fit " +
                spec + ": " + e.what());
  }
  Generator rng(10);
  const Context ctx{.training = false, .rng = &rng};
  act->parameters(x.n_rows);
  arma::Mat<T> y(out_rows, x.n_cols);
  act->forward(x, y, ctx);
  std::string out;
  if (files.dy.empty()) {
    append_rows(out, y);
    return out;
  }
  const auto dy_table = csv::Table::read(files.dy);
  dy_table.require_cols(out_rows, "the width of y = " + spec + " of " + files.input);
  dy_table.require_rows(input.rows(), "one per row of " + files.input);
  const arma::Mat<T> dy = dy_table.batch<T>();
  arma::Mat<T> dx(x.n_rows, x.n_cols);
  act->backward(x, y, dy, dx, ctx);
  append_rows(out, dx);
  return out;
}

// One-hot columns of height `classes` from a file of one integer class per line.
template <typename T>
arma::Mat<T> one_hot(const csv::Table& labels, arma::uword classes) {
  labels.require_cols(1, "one integer class label per line");
  arma::Mat<T> t(classes, labels.rows(), arma::fill::zeros);
  for (std::size_t r = 0; r < labels.rows(); ++r) {
    const double label = labels(r, 0);
    if (label != std::floor(label) || label < 0 || label >= static_cast<double>(classes))
      throw Error(labels.where(r) + ": label " + csv::number(label) +
                  " is not a class; expected an integer from 0 to " +
                  std::to_string(classes - 1) + " (the input has " + std::to_string(classes) +
                  " values per row)");
    t(static_cast<arma::uword>(label), r) = T(1);
  }
  return t;
}

template <typename T>
std::string apply_loss(const Registry& registry, const std::string& spec, const Files& files,
                       const csv::Table& input) {
  const auto loss = registry.loss<T>(spec);
  const arma::Mat<T> y = input.batch<T>();
  arma::Mat<T> t;
  if (!files.target.empty()) {
    const auto target = csv::Table::read(files.target);
    target.require_cols(y.n_rows, "the width of " + files.input);
    target.require_rows(input.rows(), "one per row of " + files.input);
    t = target.batch<T>();
  } else {
    const auto labels = csv::Table::read(files.labels);
    labels.require_rows(input.rows(), "one per row of " + files.input);
    t = one_hot<T>(labels, y.n_rows);
  }
  arma::Mat<T> grad(y.n_rows, y.n_cols);
  const T value = loss->value(y, t);
  loss->gradient(y, t, grad);
  std::string out = csv::number(static_cast<double>(value)) + "\n";
  append_rows(out, grad);
  return out;
}

}  // namespace

int apply(const Args& args) {
  cli::Command cmd(
      "apply",
      "SPEC --input FILE [--dy FILE] [--target FILE | --labels FILE] [--dtype float|double] "
      "[--out FILE]",
      "Runs one activation or loss on a CSV batch. Every CSV file holds one sample per line "
      "(comma-separated numbers, an optional header row); the plugin sees the batch with one "
      "column per line.\n"
      "An activation prints y, one sample per line; with --dy FILE (rows of y's width, one per "
      "input row) it prints dx = J^T dy instead, the exact vector-Jacobian product. It runs in "
      "inference mode.\n"
      "A loss needs --target FILE (rows of the input's width) or --labels FILE (one integer "
      "class per line, 0 to width-1, made into one-hot targets); it prints the batch loss on the "
      "first line, then the rows of dE/dy.\n"
      "Numbers are printed with 17 significant digits.");
  std::string spec, dtype = "float", out;
  Files files;
  cmd.options().add_options()("spec", cli::po::value(&spec)->required(),
                              "the activation or loss, e.g. leaky-ReLU(alpha=0.2)")(
      "input", cli::po::value(&files.input)->required(), "the batch, one sample per line")(
      "dy", cli::po::value(&files.dy), "activations: upstream gradient, one row per sample")(
      "target", cli::po::value(&files.target), "losses: targets, one row per sample")(
      "labels", cli::po::value(&files.labels), "losses: one class per line (one-hot targets)")(
      "dtype", cli::po::value(&dtype)->default_value("float"), "float or double")(
      "out", cli::po::value(&out), "write the result to FILE instead of stdout");
  cmd.positional().add("spec", 1);
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  if (dtype != "float" && dtype != "double")
    throw cli::UsageError("--dtype '" + dtype + "': expected float or double");

  const auto registry = cmd.registry();
  const Family family = registry.find(parse_spec(spec).name).family();
  const bool is_double = dtype == "double";
  std::string result;
  if (family == Family::activation) {
    if (!files.target.empty() || !files.labels.empty())
      throw cli::UsageError(spec + " is an activation: --target and --labels are for losses");
    const auto input = csv::Table::read(files.input);
    result = is_double ? apply_activation<double>(registry, spec, files, input)
                       : apply_activation<float>(registry, spec, files, input);
  } else if (family == Family::loss) {
    if (!files.dy.empty()) throw cli::UsageError(spec + " is a loss: --dy is for activations");
    if (files.target.empty() == files.labels.empty())
      throw cli::UsageError(spec + " is a loss: give exactly one of --target and --labels");
    const auto input = csv::Table::read(files.input);
    result = is_double ? apply_loss<double>(registry, spec, files, input)
                       : apply_loss<float>(registry, spec, files, input);
  } else {
    throw cli::UsageError(spec + " is an optimizer; apply takes an activation or a loss");
  }
  if (out.empty()) std::cout << result << std::flush;
  else svg::write_atomically(out, result);
  return 0;
}

}  // namespace neurite::commands
