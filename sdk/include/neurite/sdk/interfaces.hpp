#pragma once
#include <armadillo>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string_view>

namespace neurite {

// The one generator type every seeded draw comes from; its state is saved in checkpoints.
using Generator = std::mt19937_64;

struct Context {
  bool training = false;
  Generator* rng = nullptr;  // set whenever training is true
};

// Batches are column-per-sample. Outputs are written into matrices the caller has sized.
template <typename T>
class Activator {
 public:
  virtual ~Activator() = default;
  // Rows out for rows in; throws neurite::BadParameter when the input width cannot work.
  virtual arma::uword output_rows(arma::uword input_rows) const = 0;
  virtual void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const Context& ctx) = 0;
  // dx = J^T dy, the exact vector-Jacobian product.
  virtual void backward(const arma::Mat<T>& x, const arma::Mat<T>& y, const arma::Mat<T>& dy,
                        arma::Mat<T>& dx, const Context& ctx) = 0;
  // Learnable parameters (PReLU): sized for input_rows; nullptr when there are none.
  virtual arma::Mat<T>* parameters(arma::uword /*input_rows*/) { return nullptr; }
  // dE/d(parameters) of the last backward.
  virtual const arma::Mat<T>* parameter_gradient() const { return nullptr; }
};

template <typename T>
class Loss {
 public:
  virtual ~Loss() = default;
  virtual T value(const arma::Mat<T>& y, const arma::Mat<T>& t) = 0;
  // The gradient of value(y, t) with respect to y.
  virtual void gradient(const arma::Mat<T>& y, const arma::Mat<T>& t, arma::Mat<T>& dy) = 0;
};

struct StepInfo {
  double loss = std::numeric_limits<double>::quiet_NaN();  // the raw batch loss (Eve)
  double n = 1;                                            // Santa's N: 1 for a batch-mean gradient
  Generator* rng = nullptr;
};

// An optimizer's state, listed once by the optimizer; save, restore and equality follow from it.
template <typename T>
class StateVisitor {
 public:
  virtual ~StateVisitor() = default;
  virtual void operator()(std::string_view name, std::uint64_t& value) = 0;
  virtual void operator()(std::string_view name, T& value) = 0;
  virtual void operator()(std::string_view name, arma::Mat<T>& value) = 0;
};

template <typename T>
class Optimizer {
 public:
  virtual ~Optimizer() = default;
  virtual void step(arma::Mat<T>& w, const arma::Mat<T>& g, const StepInfo& info) = 0;
  virtual void state(StateVisitor<T>& visit) = 0;
  // Where this step would be exactly w -= s g (plain SGD): counts the step as taken and returns
  // s, and the caller applies it, folded into the product that computes g. Otherwise nothing,
  // with the state untouched, and the caller calls step().
  virtual std::optional<T> take_plain_step(const StepInfo& /*info*/) { return std::nullopt; }
};

}  // namespace neurite
