#include <neurite/trainer.hpp>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

#include <neurite/checkpoint.hpp>
#include <neurite/data.hpp>
#include <neurite/gemm.hpp>
#include <neurite/model.hpp>

namespace neurite {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

template <typename T>
class StateSaver final : public StateVisitor<T> {
 public:
  StateSaver(CheckpointWriter& out, std::string prefix) : out_(out), prefix_(std::move(prefix)) {}
  void operator()(std::string_view name, std::uint64_t& v) override { out_.integer(key(name), v); }
  void operator()(std::string_view name, T& v) override { out_.scalar<T>(key(name), v); }
  void operator()(std::string_view name, arma::Mat<T>& m) override { out_.matrix(key(name), m); }

 private:
  std::string key(std::string_view name) const { return prefix_ + std::string(name); }
  CheckpointWriter& out_;
  std::string prefix_;
};

template <typename T>
class StateLoader final : public StateVisitor<T> {
 public:
  StateLoader(CheckpointReader& in, std::string prefix) : in_(in), prefix_(std::move(prefix)) {}
  void operator()(std::string_view name, std::uint64_t& v) override { v = in_.integer(key(name)); }
  void operator()(std::string_view name, T& v) override { v = in_.scalar<T>(key(name)); }
  void operator()(std::string_view name, arma::Mat<T>& m) override { in_.matrix(key(name), m); }

 private:
  std::string key(std::string_view name) const { return prefix_ + std::string(name); }
  CheckpointReader& in_;
  std::string prefix_;
};

// A live line on the terminal: the epoch's progress, its rate and the time left.
class ProgressBar {
 public:
  ProgressBar(bool enabled, std::size_t epoch, std::size_t epochs, std::size_t batches)
      : enabled_(enabled), epoch_(epoch), epochs_(epochs), batches_(batches), start_(Clock::now()),
        shown_(start_) {}
  void update(std::size_t done, std::size_t samples) {
    if (!enabled_ || Clock::now() - shown_ < std::chrono::milliseconds(100)) return;
    shown_ = Clock::now();
    const double elapsed = seconds_since(start_);
    const double left = elapsed / static_cast<double>(done) * static_cast<double>(batches_ - done);
    const int width = 30, filled = static_cast<int>(width * done / batches_);
    std::fprintf(stderr, "\r  epoch %zu/%zu [%s%s] %zu/%zu  %.0f samples/s  %.1f s left ", epoch_,
                 epochs_, std::string(static_cast<std::size_t>(filled), '=').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), done,
                 batches_, static_cast<double>(samples) / elapsed, left);
  }
  ~ProgressBar() {
    if (enabled_) std::fprintf(stderr, "\r%80s\r", "");
  }

 private:
  bool enabled_;
  std::size_t epoch_, epochs_, batches_;
  Clock::time_point start_, shown_;
};

template <typename T>
class Session {
 public:
  Session(const Registry& registry, const TrainSettings& settings, DataSplit<T> data)
      : settings_(settings),
        data_(std::move(data)),
        rng_(settings.seed),
        model_(registry, parse_model(settings.model), data_.train.features(), data_.classes,
               settings.loss, settings.init, rng_),
        params_(model_.parameters()) {
    for (const auto& p : params_) {
      optimizers_.push_back(
          registry.optimizer<T>(settings.optimizer, p.value->n_rows, p.value->n_cols));
      decayed_.emplace_back(p.value->n_rows, p.value->n_cols);
    }
    plain_.assign(params_.size(), false);
    order_.resize(data_.train.samples());
  }

  const Model<T>& model() const { return model_; }
  const DataSplit<T>& data() const { return data_; }

  EpochRecord run_epoch(std::size_t epoch, const TrainOutput& output) {
    const auto start = Clock::now();
    const auto& train = data_.train;
    const std::size_t n = train.samples(), batch = settings_.batch;
    const std::size_t batches = (n + batch - 1) / batch;
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::shuffle(order_.begin(), order_.end(), rng_);
    Context ctx{true, &rng_};
    std::size_t correct = 0;
    double loss_sum = 0;
    ProgressBar bar(output.progress, epoch, settings_.epochs, batches);
    for (std::size_t b = 0; b < batches; ++b) {
      const std::size_t first = b * batch, m = std::min(batch, n - first);
      gather(train, first, m);
      const auto& out = model_.forward(x_, ctx);
      const double raw = static_cast<double>(model_.loss(t_)) + decay_penalty();
      if (!std::isfinite(raw))
        throw Error("the loss became " + std::string(std::isnan(raw) ? "nan" : "inf") +
                    " at epoch " + std::to_string(epoch) + ", batch " + std::to_string(b + 1) +
                    " of " + std::to_string(batches) +
                    "; training stopped, the last checkpoint is left as it was. Try a smaller "
                    "learning rate than " + settings_.optimizer +
                    ", another initialisation, or check the data for extreme values");
      correct += count_correct(out, train.labels, first, m, true);
      loss_sum += raw * static_cast<double>(m);
      // Flooding: E -> |E - b| + b turns the gradient round while E is below b.
      const T sign = settings_.flood && raw < *settings_.flood ? T(-1) : T(1);
      StepInfo info{raw, 1.0, &rng_};
      take_plain_steps(info);
      model_.backward(x_, t_, sign, ctx);
      for (std::size_t i = 0; i < params_.size(); ++i) {
        auto& p = params_[i];
        if (plain_[i]) continue;
        if (decays(p)) {
          decayed_[i] = *p.gradient + static_cast<T>(settings_.weight_decay) * *p.value;
          optimizers_[i]->step(*p.value, decayed_[i], info);
        } else {
          optimizers_[i]->step(*p.value, *p.gradient, info);
        }
      }
      bar.update(b + 1, first + m);
      if (output.on_batch) output.on_batch(b + 1);
    }
    EpochRecord record;
    record.epoch = epoch;
    record.seconds = seconds_since(start);
    record.train_acc = static_cast<double>(correct) / static_cast<double>(n);
    record.train_loss = loss_sum / static_cast<double>(n);
    if (data_.test) {
      const auto eval_start = Clock::now();
      const auto [acc, loss] = evaluate(*data_.test, nullptr);
      record.test_acc = acc;
      record.test_loss = loss;
      record.eval_seconds = seconds_since(eval_start);
    }
    return record;
  }

  std::pair<double, double> evaluate(const Dataset<T>& set, arma::umat* confusion) {
    const std::size_t n = set.samples(), batch = settings_.batch;
    Context ctx{false, &rng_};
    std::size_t correct = 0;
    double loss_sum = 0;
    if (confusion) confusion->zeros(data_.classes, data_.classes);
    for (std::size_t first = 0; first < n; first += batch) {
      const std::size_t m = std::min(batch, n - first);
      gather(set, first, m, false);
      const auto& out = model_.forward(x_, ctx);
      loss_sum += (static_cast<double>(model_.loss(t_)) + decay_penalty()) * static_cast<double>(m);
      correct += count_correct(out, set.labels, first, m, false);
      if (confusion)
        for (std::size_t j = 0; j < m; ++j) (*confusion)(set.labels[first + j], out.col(j).index_max())++;
    }
    return {static_cast<double>(correct) / static_cast<double>(n), loss_sum / static_cast<double>(n)};
  }

  void save(const std::string& file, const std::vector<EpochRecord>& history) {
    CheckpointWriter out;
    out.text("settings", settings_.to_text());
    out.integer("epochs done", history.empty() ? 0 : history.back().epoch);
    out.text("history", history_csv(history));
    std::ostringstream rng;
    rng << rng_;
    out.text("generator", rng.str());
    for (auto& p : params_) out.matrix(p.name, *p.value);
    for (std::size_t i = 0; i < optimizers_.size(); ++i) {
      StateSaver<T> saver(out, "optimizer " + std::to_string(i + 1) + " ");
      optimizers_[i]->state(saver);
    }
    out.commit(file);
  }

  // After the settings, epochs and history sections have been read.
  void load(CheckpointReader& in) {
    std::istringstream rng(in.text("generator"));
    rng >> rng_;
    for (auto& p : params_) in.matrix(p.name, *p.value);
    for (std::size_t i = 0; i < optimizers_.size(); ++i) {
      StateLoader<T> loader(in, "optimizer " + std::to_string(i + 1) + " ");
      optimizers_[i]->state(loader);
    }
    in.finish();
  }

 private:
  // Columns first .. first + m of the (shuffled, when training) set into x_ and one-hot t_.
  void gather(const Dataset<T>& set, std::size_t first, std::size_t m, bool shuffled = true) {
    // Samples this far ahead are requested from memory while the current one is copied.
    constexpr std::size_t ahead = 8;
    if (x_.n_cols != m) {
      x_.set_size(set.features(), m);
      t_.set_size(data_.classes, m);
    }
    t_.zeros();
    auto sample = [&](std::size_t i) { return shuffled ? order_[i] : i; };
    // Waiting on memory, not computing: two threads keep twice the samples in flight. Only where
    // OpenMP's threads also run the products (float through oneDNN); elsewhere they would spin
    // against OpenBLAS's own threads.
    const bool threaded = std::is_same_v<T, float> && gemm::backend() == gemm::Backend::onednn;
#pragma omp parallel for schedule(static) if (threaded && m >= 32)
    for (std::size_t j = 0; j < m; ++j) {
      if (first + j + ahead < set.samples()) set.prefetch_sample(sample(first + j + ahead));
      const std::size_t s = sample(first + j);
      set.copy_sample(s, x_.colptr(j));
      t_(set.labels[s], j) = T(1);
    }
  }

  std::size_t count_correct(const arma::Mat<T>& out, const std::vector<std::uint32_t>& labels,
                            std::size_t first, std::size_t m, bool shuffled) const {
    std::size_t correct = 0;
    for (std::size_t j = 0; j < m; ++j)
      correct += out.col(j).index_max() == labels[shuffled ? order_[first + j] : first + j];
    return correct;
  }

  bool decays(const Parameter<T>& p) const { return p.decays && settings_.weight_decay > 0; }

  // Plain SGD steps are left to the layers, which fold them into the gradient products: no
  // gradient matrix is written and read back, no separate pass over the weights.
  void take_plain_steps(const StepInfo& info) {
    for (std::size_t i = 0; i < params_.size(); ++i) {
      auto& p = params_[i];
      if (!p.plain_step) continue;
      const auto s = decays(p) ? std::nullopt : optimizers_[i]->take_plain_step(info);
      plain_[i] = s.has_value();
      *p.plain_step = s.value_or(T(0));
    }
  }

  double decay_penalty() const {
    if (settings_.weight_decay <= 0) return 0;
    double sum = 0;
    for (const auto& p : params_)
      if (p.decays) sum += static_cast<double>(arma::accu(arma::square(*p.value)));
    return 0.5 * settings_.weight_decay * sum;
  }

  TrainSettings settings_;
  DataSplit<T> data_;
  Generator rng_;
  Model<T> model_;
  std::vector<Parameter<T>> params_;
  std::vector<std::shared_ptr<Optimizer<T>>> optimizers_;
  std::vector<arma::Mat<T>> decayed_;
  std::vector<bool> plain_;  // this batch's step is taken inside backward
  std::vector<std::size_t> order_;
  arma::Mat<T> x_, t_;
};

void validate(const TrainSettings& s) {
  if (s.batch == 0) throw Error("--batch must be at least 1");
  if (s.epochs == 0) throw Error("--epochs must be at least 1");
  if (s.dtype != "float" && s.dtype != "double")
    throw Error("--dtype '" + s.dtype + "' is not one of float, double");
  if (s.flood && !(*s.flood >= 0)) throw Error("--flood must be a number >= 0");
  if (!(s.weight_decay >= 0)) throw Error("--weight-decay must be a number >= 0");
}

// Output files are checked before any training, not found wanting after the first epoch.
void validate(const TrainOutput& output) {
  auto check_dir = [](const std::string& file, const char* option) {
    if (file.empty()) return;
    const auto dir = std::filesystem::path(file).parent_path();
    if (!dir.empty() && !std::filesystem::is_directory(dir))
      throw Error(std::string(option) + " '" + file + "': the directory " + dir.string() +
                  " does not exist");
  };
  check_dir(output.save, "--save");
  check_dir(output.history, "--history");
  check_dir(output.svg, "--svg");
  const auto& h = output.history;
  const bool known = (h.size() >= 4 && h.substr(h.size() - 4) == ".csv") ||
                     (h.size() >= 5 && h.substr(h.size() - 5) == ".json");
  if (!h.empty() && !known) throw Error("--history '" + h + "': give a .csv or .json file");
}

std::string format_record(const EpochRecord& r) {
  std::ostringstream s;
  s << std::fixed << "epoch " << std::setw(3) << r.epoch << "  train acc " << std::setprecision(4)
    << r.train_acc << " loss " << r.train_loss;
  if (r.test_acc) s << "  test acc " << *r.test_acc << " loss " << *r.test_loss;
  s << "  " << std::setprecision(2) << r.seconds << " s (eval " << r.eval_seconds << " s)";
  return s.str();
}

template <typename T>
std::vector<EpochRecord> run(Session<T>& session, const TrainSettings& settings,
                             std::vector<EpochRecord> history, const TrainOutput& output) {
  if (output.log)
    *output.log << "model " << session.model().describe() << " (" << settings.dtype << "), loss "
                << settings.loss << ", optimizer " << settings.optimizer << ", batch "
                << settings.batch << ", seed " << settings.seed << "; "
                << session.data().train.samples() << " training samples, " << session.data().classes
                << " classes\n";
  const std::size_t first = history.empty() ? 1 : history.back().epoch + 1;
  for (std::size_t epoch = first; epoch <= settings.epochs; ++epoch) {
    history.push_back(session.run_epoch(epoch, output));
    if (output.log) *output.log << format_record(history.back()) << std::endl;
    if (!output.save.empty()) session.save(output.save, history);
    if (!output.history.empty()) write_history(output.history, history);
    if (output.on_epoch) output.on_epoch(history.back());
  }
  if (!output.svg.empty())
    write_history_svg(output.svg, history, session.model().describe() + ", " + settings.optimizer);
  return history;
}

template <typename T>
std::vector<EpochRecord> train_as(const Registry& registry, const TrainSettings& settings,
                                  const TrainOutput& output) {
  Session<T> session(registry, settings, load_data<T>(settings.data, settings.test));
  return run(session, settings, {}, output);
}

template <typename T>
std::vector<EpochRecord> resume_as(const Registry& registry, TrainSettings settings,
                                   CheckpointReader& in, std::vector<EpochRecord> history,
                                   const TrainOutput& output) {
  Session<T> session(registry, settings, load_data<T>(settings.data, settings.test));
  session.load(in);
  return run(session, settings, std::move(history), output);
}

template <typename T>
Evaluation evaluate_as(const Registry& registry, TrainSettings settings, CheckpointReader& in,
                       const std::string& data) {
  if (!data.empty()) {
    settings.data = data;
    settings.test.clear();
  }
  Session<T> session(registry, settings, load_data<T>(settings.data, settings.test));
  session.load(in);
  Evaluation e;
  const auto& set = session.data().test ? *session.data().test : session.data().train;
  std::tie(e.accuracy, e.loss) = session.evaluate(set, &e.confusion);
  e.model = session.model().describe();
  e.data = set.source;
  return e;
}

struct Opened {
  TrainSettings settings;
  std::vector<EpochRecord> history;
};

Opened open(CheckpointReader& in) {
  Opened o;
  o.settings = TrainSettings::from_text(in.text("settings"));
  const auto done = in.integer("epochs done");
  o.history = parse_history(in.text("history"));
  if (o.history.size() != done) throw Error("a checkpoint's history disagrees with its epoch count");
  return o;
}

}  // namespace

std::vector<EpochRecord> train(const Registry& registry, const TrainSettings& settings,
                               const TrainOutput& output) {
  validate(settings);
  validate(output);
  gemm::set_threads(settings.threads);
  return settings.dtype == "double" ? train_as<double>(registry, settings, output)
                                    : train_as<float>(registry, settings, output);
}

std::vector<EpochRecord> resume(const Registry& registry, const std::string& checkpoint,
                                std::size_t epochs, const TrainOutput& output) {
  CheckpointReader in(checkpoint);
  auto [settings, history] = open(in);
  if (epochs) settings.epochs = epochs;
  validate(settings);
  validate(output);
  gemm::set_threads(settings.threads);
  if (!history.empty() && history.back().epoch >= settings.epochs && output.log)
    *output.log << checkpoint << " already holds " << history.back().epoch
                << " epochs; nothing to do (raise --epochs to continue)\n";
  return settings.dtype == "double"
             ? resume_as<double>(registry, settings, in, std::move(history), output)
             : resume_as<float>(registry, settings, in, std::move(history), output);
}

Evaluation evaluate_checkpoint(const Registry& registry, const std::string& checkpoint,
                               const std::string& data) {
  CheckpointReader in(checkpoint);
  auto opened = open(in);
  gemm::set_threads(opened.settings.threads);
  return opened.settings.dtype == "double"
             ? evaluate_as<double>(registry, opened.settings, in, data)
             : evaluate_as<float>(registry, opened.settings, in, data);
}

}  // namespace neurite
