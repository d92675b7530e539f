// neurite bench: training epochs against the time of their own matrix products (the GEMM floor),
// every activation's forward+backward throughput as a ratio to ReLU's, every optimizer's step
// throughput, and the time to discover and load every plugin. Medians of repeated runs; every
// ratio is against a reference measured in the same run.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <neurite/csv.hpp>
#include <neurite/data.hpp>
#include <neurite/gemm.hpp>
#include <neurite/svg.hpp>
#include <neurite/trainer.hpp>

#include "cli.hpp"
#include "commands.hpp"

namespace neurite::commands {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

template <typename F>
double seconds_of(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Json {
  std::ostringstream out;
  bool first = true;
  void field(const std::string& key, const std::string& raw) {
    out << (first ? "" : ",") << "\n    \"" << key << "\": " << raw;
    first = false;
  }
};
std::string quoted(const std::string& s) { return "\"" + s + "\""; }

// The reference model's 8 products per step with its shapes (784-100-50-10, batch 100).
template <typename T>
double gemm_floor_epoch(std::size_t steps) {
  const arma::uword n = 100;
  const std::vector<arma::uword> widths{784, 100, 50, 10};
  std::vector<arma::Mat<T>> w, a, d, gw;
  for (std::size_t l = 0; l < 3; ++l) {
    w.emplace_back(widths[l + 1], widths[l], arma::fill::randn);
    gw.emplace_back(widths[l + 1], widths[l]);
  }
  for (auto width : widths) {
    a.emplace_back(width, n, arma::fill::randu);
    d.emplace_back(width, n, arma::fill::randu);
  }
  return seconds_of([&] {
    for (std::size_t s = 0; s < steps; ++s) {
      // Forward products accumulate onto the biases, as the dense layers do.
      for (std::size_t l = 0; l < 3; ++l) gemm::multiply(w[l], false, a[l], false, a[l + 1], true);
      // Weight-gradient products accumulate, as the dense layers' folded SGD steps do.
      for (std::size_t l = 3; l-- > 0;) {
        if (l > 0) gemm::multiply(w[l], true, d[l + 1], false, d[l]);
        gemm::multiply(d[l + 1], false, a[l], true, gw[l], true);
      }
    }
  });
}

struct TrainingFigure {
  std::string dtype, activation;
  double epoch = 0, floor = 0;
};

TrainingFigure bench_training(const Registry& registry, const std::string& dtype,
                              const std::string& activation, std::size_t epochs, int threads) {
  TrainSettings s;
  s.model = "dense:100," + activation + ",dense:50," + activation;
  s.dtype = dtype;
  s.epochs = epochs;
  s.threads = threads;
  std::vector<double> seconds;
  TrainOutput out;
  out.on_epoch = [&](const EpochRecord& r) { seconds.push_back(r.seconds); };
  neurite::train(registry, s, out);
  seconds.erase(seconds.begin());  // the first epoch warms caches and JIT kernels
  std::vector<double> floors;
  for (int i = 0; i < 3; ++i)
    floors.push_back(dtype == "float" ? gemm_floor_epoch<float>(600) : gemm_floor_epoch<double>(600));
  return {dtype, activation, median(seconds), median(floors)};
}

double copy_seconds(const arma::fmat& x, arma::fmat& y) {
  std::vector<double> t;
  for (int i = 0; i < 20; ++i)
    t.push_back(seconds_of([&] { std::memcpy(y.memptr(), x.memptr(), x.n_elem * sizeof(float)); }));
  return median(t);
}

}  // namespace

int bench(const Args& args) {
  cli::Command cmd("bench", "[--json FILE] [--only training|activations|optimizers|startup]",
                   "Measures training epochs against their GEMM floor, activation and optimizer "
                   "throughput, and plugin loading. Figures are medians; ratios are against "
                   "references measured in the same run.");
  std::string json_file, only;
  std::size_t epochs = 4;
  int threads = 0;
  cmd.options().add_options()("json", cli::po::value(&json_file), "also write the figures as JSON")(
      "only", cli::po::value(&only), "run one part only")(
      "epochs", cli::po::value(&epochs)->default_value(epochs), "epochs per training figure (the first is not counted)")(
      "threads", cli::po::value(&threads)->default_value(0, "library default"), "BLAS/OpenMP threads");
  cli::po::variables_map vm;
  if (!cmd.parse(args, vm)) return 0;
  if (epochs < 2) throw cli::UsageError("--epochs must be at least 2");
  auto wanted = [&](const char* part) { return only.empty() || only == part; };
  Json json;
  std::cout << std::fixed;
  const char* coretype = std::getenv("OPENBLAS_CORETYPE");
  std::cout << "environment: OPENBLAS_CORETYPE=" << (coretype ? coretype : "(unset)")
            << ", float products through " << gemm::name(gemm::backend()) << "\n";
  json.field("float_products", quoted(gemm::name(gemm::backend())));

  if (wanted("startup")) {
    std::vector<double> t;
    std::size_t count = 0;
    for (int i = 0; i < 5; ++i)
      t.push_back(seconds_of([&] { count = cmd.registry().plugins().size(); }));
    std::cout << "\nstart-up: discovering and loading " << count << " plugins: "
              << std::setprecision(1) << 1e3 * median(t) << " ms\n";
    json.field("startup_ms", csv::number(1e3 * median(t)));
  }
  const auto registry = cmd.registry();

  if (wanted("training")) {
    std::cout << "\ntraining: reference model (784-100-50-10, batch 100, SGD), Fashion-MNIST 60k, "
                 "training steps only\n"
              << "  dtype   activation  s/epoch  samples/s  GEMM floor s  floor/epoch\n";
    std::string rows;
    for (const char* dtype : {"float", "double"})
      for (const char* act : {"ReLU", "tanhExp"}) {
        const auto f = bench_training(registry, dtype, act, epochs, threads);
        std::cout << "  " << std::setw(6) << std::left << dtype << "  " << std::setw(10) << act
                  << std::right << std::setprecision(3) << std::setw(9) << f.epoch << std::setw(11)
                  << std::setprecision(0) << 60000 / f.epoch << std::setprecision(3) << std::setw(14)
                  << f.floor << std::setprecision(2) << std::setw(13) << f.floor / f.epoch << "\n";
        rows += std::string(rows.empty() ? "" : ",") + "{\"dtype\": " + quoted(dtype) +
                ", \"activation\": " + quoted(act) + ", \"epoch_seconds\": " + csv::number(f.epoch) +
                ", \"gemm_floor_seconds\": " + csv::number(f.floor) + "}";
      }
    json.field("training", "[" + rows + "]");
  }

  if (wanted("activations")) {
    const arma::uword rows_n = 100, cols = 1000;
    arma::fmat x(rows_n, cols, arma::fill::randn), y, dy, dx(rows_n, cols);
    arma::fmat copy(rows_n, cols);
    const double copy_s = copy_seconds(x, copy);
    struct Figure { std::string name; double per_second; };
    std::vector<Figure> figures;
    Context ctx;
    for (const auto* p : registry.plugins(Family::activation)) {
      auto act = keep_loaded(p->entry->f32.activator(resolve(p->name(), p->entry->params, {})), p->handle);
      if (act->parameters(rows_n)) act->parameters(rows_n)->fill(0.25f);
      y.set_size(act->output_rows(rows_n), cols);
      dy.ones(y.n_rows, cols);
      std::vector<double> t;
      for (int i = 0; i < 21; ++i)
        t.push_back(seconds_of([&] {
          act->forward(x, y, ctx);
          act->backward(x, y, dy, dx, ctx);
        }));
      t.erase(t.begin());
      figures.push_back({std::string(p->name()), static_cast<double>(x.n_elem) / median(t)});
    }
    const auto relu = std::find_if(figures.begin(), figures.end(), [](auto& f) { return f.name == "ReLU"; });
    const double reference = relu == figures.end() ? figures.front().per_second : relu->per_second;
    std::cout << "\nactivations: forward+backward on a 100x1000 float batch, inference mode, median of 20\n"
              << "  memory copy of the same batch: " << std::setprecision(2)
              << x.n_elem / copy_s / 1e9 << " Gelem/s; ReLU reaches " << reference * copy_s / x.n_elem
              << " of it\n";
    std::string rows;
    for (const auto& f : figures) {
      std::cout << "  " << std::left << std::setw(24) << f.name << std::right << std::setprecision(1)
                << std::setw(8) << f.per_second / 1e6 << " Melem/s  " << std::setprecision(2)
                << f.per_second / reference << " x ReLU\n";
      rows += std::string(rows.empty() ? "" : ",") + "{\"name\": " + quoted(f.name) +
              ", \"elements_per_second\": " + csv::number(f.per_second) + "}";
    }
    json.field("copy_elements_per_second", csv::number(x.n_elem / copy_s));
    json.field("activations", "[" + rows + "]");
  }

  if (wanted("optimizers")) {
    const arma::uword n = 1000000;
    arma::fmat w(n, 1, arma::fill::randn), g(n, 1, arma::fill::randn);
    Generator rng(1);
    std::cout << "\noptimizers: steps on a 1M-parameter float tensor, median of 10\n";
    std::string rows;
    for (const auto* p : registry.plugins(Family::optimizer)) {
      auto opt = keep_loaded(p->entry->f32.optimizer(resolve(p->name(), p->entry->params, {}), n, 1), p->handle);
      StepInfo info{1.0, 1.0, &rng};
      std::vector<double> t;
      for (int i = 0; i < 11; ++i) t.push_back(seconds_of([&] { opt->step(w, g, info); }));
      t.erase(t.begin());
      const double per_second = static_cast<double>(n) / median(t);
      std::cout << "  " << std::left << std::setw(16) << p->name() << std::right << std::setprecision(1)
                << std::setw(8) << per_second / 1e6 << " Mparam/s\n";
      rows += std::string(rows.empty() ? "" : ",") + "{\"name\": " + quoted(std::string(p->name())) +
              ", \"parameters_per_second\": " + csv::number(per_second) + "}";
    }
    json.field("optimizers", "[" + rows + "]");
  }
  if (!json_file.empty()) svg::write_atomically(json_file, std::string("{") += json.out.str() += "\n}\n");
  return 0;
}

}  // namespace neurite::commands
