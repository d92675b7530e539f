#pragma once
// A model: the hidden layers a user spells, then the output layer added from the data (dense to
// K classes, Xavier) and the output activation the loss names. Buffers for every layer's output
// and gradient are kept between batches, so a steady state of equal batches allocates nothing.
#include <memory>
#include <string>
#include <vector>

#include <neurite/layers.hpp>
#include <neurite/registry.hpp>

namespace neurite {

struct LayerSpec {
  enum class Kind { dense, activation, dropout } kind;
  std::size_t width = 0;  // dense
  double rate = 0;        // dropout
  std::string spec;       // activation
};

// "dense:100,h-swish(n=4),dropout:0.2,dense:50,ReLU".
std::vector<LayerSpec> parse_model(const std::string& text);
// --layers 100,50 --activation A: dense, A, dense, A ...; widths count after the activation, so
// before a shape-changing activation (maxout(k)) the dense layer is made wider to match.
std::vector<LayerSpec> mlp_layers(const std::vector<std::size_t>& widths,
                                  const std::string& activation, const Registry& registry);
std::string describe(const std::vector<LayerSpec>& layers);
// A note when the hidden layers end in an output-style activation (softmax, sigmoid, ...): the
// host adds the output layer and the loss's own output activation after it anyway. Empty: none.
std::string pairing_note(const std::vector<LayerSpec>& hidden, const std::string& loss,
                         const Registry& registry);

template <typename T>
class Model {
 public:
  // init: "he", "xavier", "lecun", or empty for each activation's preferred one.
  Model(const Registry& registry, const std::vector<LayerSpec>& hidden, arma::uword inputs,
        arma::uword classes, const std::string& loss_spec, const std::string& init,
        Generator& rng);

  // The last layer's output for a batch (columns = samples).
  const arma::Mat<T>& forward(const arma::Mat<T>& x, const Context& ctx);
  // The batch loss of the last forward against one-hot targets t, and its backward pass.
  T loss(const arma::Mat<T>& t);
  void backward(const arma::Mat<T>& x, const arma::Mat<T>& t, T scale, const Context& ctx);

  std::vector<Parameter<T>> parameters();
  std::string describe() const;
  arma::uword classes() const { return classes_; }
  const std::string& output_activation() const { return output_name_; }

 private:
  void fit(arma::uword cols);

  std::vector<std::unique_ptr<Layer<T>>> layers_;
  std::shared_ptr<Loss<T>> loss_;
  std::vector<arma::Mat<T>> outputs_, gradients_;
  arma::uword classes_;
  std::string output_name_;
};

}  // namespace neurite
