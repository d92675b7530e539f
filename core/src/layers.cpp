#include <neurite/layers.hpp>

#include <random>
#include <sstream>

#include <neurite/gemm.hpp>

namespace neurite {

namespace {

template <typename T>
class Dense final : public Layer<T> {
 public:
  Dense(arma::uword inputs, arma::uword outputs, Init init, Generator& rng)
      : w_(outputs, inputs), b_(outputs, 1, arma::fill::zeros), gw_(outputs, inputs),
        gb_(outputs, 1) {
    const double fan_in = static_cast<double>(inputs), fan_out = static_cast<double>(outputs);
    const double variance = init == Init::he       ? 2.0 / fan_in
                            : init == Init::lecun  ? 1.0 / fan_in
                                                   : 2.0 / (fan_in + fan_out);
    std::normal_distribution<double> normal(0.0, std::sqrt(variance));
    for (arma::uword i = 0; i < w_.n_elem; ++i) w_[i] = static_cast<T>(normal(rng));
  }
  std::string describe() const override { return "dense:" + std::to_string(w_.n_rows); }
  arma::uword output_rows() const override { return w_.n_rows; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const Context&) override {
    // The biases go in first and the product is added onto them: one pass over y, not two.
    y.each_col() = b_;
    gemm::multiply(w_, false, x, false, y, true);
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>* dx, const Context&) override {
    // dx first: it needs the weights before a plain step changes them.
    if (dx) gemm::multiply(w_, true, dy, false, *dx);
    if (w_step_ != 0) gemm::multiply(dy, false, x, true, w_, true, -w_step_);
    else gemm::multiply(dy, false, x, true, gw_);
    gb_ = arma::sum(dy, 1);
    if (b_step_ != 0) b_ -= b_step_ * gb_;
  }
  std::vector<Parameter<T>> parameters() override {
    return {{"weights", &w_, &gw_, true, &w_step_}, {"biases", &b_, &gb_, false, &b_step_}};
  }

 private:
  arma::Mat<T> w_, b_, gw_, gb_;
  T w_step_ = 0, b_step_ = 0;
};

template <typename T>
class ActivationLayer final : public Layer<T> {
 public:
  ActivationLayer(std::shared_ptr<Activator<T>> act, std::string spec, arma::uword inputs)
      : act_(std::move(act)), spec_(std::move(spec)), inputs_(inputs),
        outputs_(act_->output_rows(inputs)), slopes_(act_->parameters(inputs)) {}
  std::string describe() const override { return spec_; }
  arma::uword output_rows() const override { return outputs_; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const Context& ctx) override {
    act_->forward(x, y, ctx);
  }
  void backward(const arma::Mat<T>& x, const arma::Mat<T>& y, const arma::Mat<T>& dy,
                arma::Mat<T>* dx, const Context& ctx) override {
    // A learnable activation needs its backward even where no dx is wanted.
    if (dx) act_->backward(x, y, dy, *dx, ctx);
    else if (slopes_) {
      scratch_.set_size(x.n_rows, x.n_cols);
      act_->backward(x, y, dy, scratch_, ctx);
    }
  }
  std::vector<Parameter<T>> parameters() override {
    if (!slopes_) return {};
    return {{"slopes", slopes_, act_->parameter_gradient(), false}};
  }

 private:
  std::shared_ptr<Activator<T>> act_;
  std::string spec_;
  arma::uword inputs_, outputs_;
  arma::Mat<T>* slopes_;
  arma::Mat<T> scratch_;
};

// Inverted dropout: in training each unit is kept with probability 1 - rate and scaled by
// 1/(1 - rate), so inference needs no change.
template <typename T>
class Dropout final : public Layer<T> {
 public:
  Dropout(double rate, arma::uword rows) : rate_(rate), rows_(rows) {}
  std::string describe() const override {
    return "dropout:" + shortest(rate_);
  }
  arma::uword output_rows() const override { return rows_; }

  void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const Context& ctx) override {
    if (!ctx.training || rate_ == 0) {
      y = x;
      return;
    }
    mask_.set_size(x.n_rows, x.n_cols);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const T keep = T(1) / T(1 - rate_);
    for (arma::uword i = 0; i < mask_.n_elem; ++i)
      mask_[i] = unit(*ctx.rng) >= rate_ ? keep : T(0);
    y = x % mask_;
  }
  void backward(const arma::Mat<T>&, const arma::Mat<T>&, const arma::Mat<T>& dy,
                arma::Mat<T>* dx, const Context& ctx) override {
    if (!dx) return;
    if (!ctx.training || rate_ == 0) *dx = dy;
    else *dx = dy % mask_;
  }

 private:
  double rate_;
  arma::uword rows_;
  arma::Mat<T> mask_;
};

}  // namespace

std::string shortest(double v) {
  std::ostringstream s;
  for (int digits = 6; digits <= 17; ++digits) {
    s.str("");
    s.precision(digits);
    s << v;
    if (std::stod(s.str()) == v) break;
  }
  return s.str();
}

template <typename T>
std::unique_ptr<Layer<T>> make_dense(arma::uword inputs, arma::uword outputs, Init init,
                                     Generator& rng) {
  return std::make_unique<Dense<T>>(inputs, outputs, init, rng);
}
template <typename T>
std::unique_ptr<Layer<T>> make_activation(std::shared_ptr<Activator<T>> act, std::string spec,
                                          arma::uword inputs) {
  return std::make_unique<ActivationLayer<T>>(std::move(act), std::move(spec), inputs);
}
template <typename T>
std::unique_ptr<Layer<T>> make_dropout(double rate, arma::uword rows) {
  return std::make_unique<Dropout<T>>(rate, rows);
}

#define NEURITE_INSTANTIATE(T)                                                                   \
  template std::unique_ptr<Layer<T>> make_dense<T>(arma::uword, arma::uword, Init, Generator&); \
  template std::unique_ptr<Layer<T>> make_activation<T>(std::shared_ptr<Activator<T>>,          \
                                                        std::string, arma::uword);             \
  template std::unique_ptr<Layer<T>> make_dropout<T>(double, arma::uword);
NEURITE_INSTANTIATE(float)
NEURITE_INSTANTIATE(double)
#undef NEURITE_INSTANTIATE

}  // namespace neurite
