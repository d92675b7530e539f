#pragma once
// The layers a model is a sequence of: dense (affine), activation (any activator plugin) and
// dropout. Each layer's forward writes into a matrix the model sized; backward accumulates nothing
// across batches (gradients are overwritten every batch).
#include <memory>
#include <string>
#include <vector>

#include <neurite/sdk/interfaces.hpp>
#include <neurite/sdk/meta.hpp>

namespace neurite {

template <typename T>
struct Parameter {
  std::string name;
  arma::Mat<T>* value;
  const arma::Mat<T>* gradient;
  bool decays;  // --weight-decay applies (dense weights only, never biases or PReLU slopes)
  // Where the layer can take a plain step w -= s g itself, folded into the product that computes
  // g (the gradient is then not kept): the s for its next backward, 0 for none. Null where it
  // cannot.
  T* plain_step = nullptr;
};

template <typename T>
class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::string describe() const = 0;
  virtual arma::uword output_rows() const = 0;
  virtual void forward(const arma::Mat<T>& x, arma::Mat<T>& y, const Context& ctx) = 0;
  // dx == nullptr: the caller needs no input gradient (the first layer).
  virtual void backward(const arma::Mat<T>& x, const arma::Mat<T>& y, const arma::Mat<T>& dy,
                        arma::Mat<T>* dx, const Context& ctx) = 0;
  virtual std::vector<Parameter<T>> parameters() { return {}; }
};

// The shortest text that reads back to the same double: 0.2, not 0.20000000000000001.
std::string shortest(double v);

// Weights drawn from N(0, variance) as the initialisation rule says; biases 0.
template <typename T>
std::unique_ptr<Layer<T>> make_dense(arma::uword inputs, arma::uword outputs, Init init,
                                     Generator& rng);
template <typename T>
std::unique_ptr<Layer<T>> make_activation(std::shared_ptr<Activator<T>> act, std::string spec,
                                          arma::uword inputs);
template <typename T>
std::unique_ptr<Layer<T>> make_dropout(double rate, arma::uword rows);

}  // namespace neurite
