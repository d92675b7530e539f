#include <neurite/model.hpp>

#include <sstream>

namespace neurite {

namespace {

double parse_positive(const std::string& item, const std::string& text, bool integer) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !(v > 0) || (integer && v != std::floor(v)))
    throw Error("bad layer '" + item + "': expected " +
                (integer ? "dense:N with a whole N > 0" : "dropout:P with 0 <= P < 1"));
  return v;
}

std::optional<Init> parse_init(const std::string& init) {
  if (init.empty()) return std::nullopt;
  for (auto i : {Init::he, Init::xavier, Init::lecun})
    if (init == to_string(i)) return i;
  throw Error("--init '" + init + "' is not one of he, xavier, lecun");
}

}  // namespace

std::vector<LayerSpec> parse_model(const std::string& text) {
  std::vector<LayerSpec> layers;
  for (const auto& item : split_specs(text)) {
    if (item.rfind("dense:", 0) == 0) {
      layers.push_back({LayerSpec::Kind::dense,
                        static_cast<std::size_t>(parse_positive(item, item.substr(6), true)), 0, {}});
    } else if (item.rfind("dropout:", 0) == 0) {
      const std::string rate = item.substr(8);
      double p = rate == "0" ? 0.0 : parse_positive(item, rate, false);
      if (p >= 1) throw Error("bad layer '" + item + "': expected dropout:P with 0 <= P < 1");
      layers.push_back({LayerSpec::Kind::dropout, 0, p, {}});
    } else {
      layers.push_back({LayerSpec::Kind::activation, 0, 0, item});
    }
  }
  return layers;
}

std::vector<LayerSpec> mlp_layers(const std::vector<std::size_t>& widths,
                                  const std::string& activation, const Registry& registry) {
  // How much narrower the activation makes its input: maxout(k) k, GLU 2, elementwise 1.
  const auto probe = registry.activator<double>(activation);
  const arma::uword probe_rows = 720720;  // divisible by every k up to 16
  const arma::uword shrink = probe_rows / probe->output_rows(probe_rows);
  std::vector<LayerSpec> layers;
  for (auto w : widths) {
    if (w == 0) throw Error("--layers: a width of 0");
    layers.push_back({LayerSpec::Kind::dense, w * shrink, 0, {}});
    layers.push_back({LayerSpec::Kind::activation, 0, 0, activation});
  }
  return layers;
}

std::string describe(const std::vector<LayerSpec>& layers) {
  std::ostringstream s;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (i) s << ",";
    const auto& l = layers[i];
    if (l.kind == LayerSpec::Kind::dense) s << "dense:" << l.width;
    else if (l.kind == LayerSpec::Kind::dropout) s << "dropout:" << shortest(l.rate);
    else s << l.spec;
  }
  return s.str();
}

std::string pairing_note(const std::vector<LayerSpec>& hidden, const std::string& loss,
                         const Registry& registry) {
  if (hidden.empty() || hidden.back().kind != LayerSpec::Kind::activation) return {};
  const auto name = normalize_name(parse_spec(hidden.back().spec).name);
  for (const char* output : {"softmax", "softmin", "logsoftmax", "sigmoid"}) {
    if (name != output) continue;
    const auto [plugin, values] = registry.resolve(loss, Family::loss);
    const auto inserted = neurite::output_activation(plugin->entry->meta.input);
    return "note: the hidden layers end in " + hidden.back().spec +
           "; the output layer (dense to the classes" +
           (inserted.empty() ? std::string() : ", then " + std::string(inserted)) +
           ") that " + std::string(plugin->name()) + " (input: " +
           std::string(to_string(plugin->entry->meta.input)) +
           ") needs is added after it, so it acts as a hidden activation";
  }
  return {};
}

template <typename T>
Model<T>::Model(const Registry& registry, const std::vector<LayerSpec>& hidden,
                arma::uword inputs, arma::uword classes, const std::string& loss_spec,
                const std::string& init, Generator& rng)
    : classes_(classes) {
  const auto forced = parse_init(init);
  const auto [loss_plugin, loss_values] = registry.resolve(loss_spec, Family::loss);
  loss_ = registry.loss<T>(loss_spec);
  output_name_ = std::string(neurite::output_activation(loss_plugin->entry->meta.input));

  // The initialisation a dense layer takes from the next activation after it (dropout between
  // them is transparent); none after it: Xavier.
  auto init_after = [&](std::size_t i) {
    for (std::size_t j = i + 1; j < hidden.size(); ++j) {
      if (hidden[j].kind == LayerSpec::Kind::dense) break;
      if (hidden[j].kind == LayerSpec::Kind::activation)
        return forced ? *forced
                      : registry.find(parse_spec(hidden[j].spec).name, Family::activation)
                            .entry->meta.init;
    }
    return Init::xavier;
  };
  arma::uword rows = inputs;
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    const auto& l = hidden[i];
    if (l.kind == LayerSpec::Kind::dense) {
      layers_.push_back(make_dense<T>(rows, l.width, init_after(i), rng));
    } else if (l.kind == LayerSpec::Kind::dropout) {
      layers_.push_back(make_dropout<T>(l.rate, rows));
    } else {
      layers_.push_back(make_activation<T>(registry.activator<T>(l.spec), l.spec, rows));
    }
    rows = layers_.back()->output_rows();
    if (rows == 0) throw Error("layer '" + layers_.back()->describe() + "' has no outputs");
  }
  layers_.push_back(make_dense<T>(rows, classes, Init::xavier, rng));
  if (!output_name_.empty())
    layers_.push_back(make_activation<T>(registry.activator<T>(output_name_), output_name_, classes));
  outputs_.resize(layers_.size());
  gradients_.resize(layers_.size());
}

template <typename T>
void Model<T>::fit(arma::uword cols) {
  if (!outputs_.empty() && outputs_[0].n_cols == cols) return;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    outputs_[i].set_size(layers_[i]->output_rows(), cols);
    gradients_[i].set_size(layers_[i]->output_rows(), cols);
  }
}

template <typename T>
const arma::Mat<T>& Model<T>::forward(const arma::Mat<T>& x, const Context& ctx) {
  fit(x.n_cols);
  const arma::Mat<T>* in = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->forward(*in, outputs_[i], ctx);
    in = &outputs_[i];
  }
  return outputs_.back();
}

template <typename T>
T Model<T>::loss(const arma::Mat<T>& t) {
  return loss_->value(outputs_.back(), t);
}

template <typename T>
void Model<T>::backward(const arma::Mat<T>& x, const arma::Mat<T>& t, T scale,
                        const Context& ctx) {
  loss_->gradient(outputs_.back(), t, gradients_.back());
  if (scale != T(1)) gradients_.back() *= scale;
  for (std::size_t i = layers_.size(); i-- > 0;) {
    const arma::Mat<T>& in = i == 0 ? x : outputs_[i - 1];
    layers_[i]->backward(in, outputs_[i], gradients_[i], i == 0 ? nullptr : &gradients_[i - 1],
                         ctx);
  }
}

template <typename T>
std::vector<Parameter<T>> Model<T>::parameters() {
  std::vector<Parameter<T>> all;
  for (std::size_t i = 0; i < layers_.size(); ++i)
    for (auto& p : layers_[i]->parameters()) {
      p.name = "layer " + std::to_string(i + 1) + " (" + layers_[i]->describe() + ") " + p.name;
      all.push_back(p);
    }
  return all;
}

template <typename T>
std::string Model<T>::describe() const {
  std::string out;
  for (const auto& l : layers_) {
    if (!out.empty()) out += ',';
    out += l->describe();
  }
  return out;
}

template class Model<float>;
template class Model<double>;

}  // namespace neurite
