#pragma once
// The moment estimates the Adam family keeps: m, the decaying mean of the gradient (beta1), and v,
// the decaying mean of a squared quantity (beta2), with the step count t. Adam, AdamW, AMSGrad,
// AdaBelief, Nadam, RAdam, AdaBound and AMSBound build their steps on it; each declares its own
// parameters (Nadam calls the decays mu and nu) and says what it squares.
#include <cmath>
#include <cstdint>

#include <neurite/sdk/plugin.hpp>

namespace adam {

template <typename T>
struct Moments {
  Moments(const neurite::Values& v, arma::uword rows, arma::uword cols, const char* beta1_name = "beta1",
          const char* beta2_name = "beta2")
      : beta1(v.get<T>(beta1_name)),
        beta2(v.get<T>(beta2_name)),
        one_minus_beta1(T(1 - v.get<double>(beta1_name))),
        one_minus_beta2(T(1 - v.get<double>(beta2_name))),
        m(rows, cols, arma::fill::zeros),
        v(rows, cols, arma::fill::zeros) {}

  // t += 1 and m = beta1 m + (1 - beta1) g.
  void update_mean(const arma::Mat<T>& g) {
    ++t;
    m = beta1 * m + one_minus_beta1 * g;
  }
  // The whole update, with v = beta2 v + (1 - beta2) g^2.
  void update(const arma::Mat<T>& g) {
    update_mean(g);
    v = beta2 * v + one_minus_beta2 * arma::square(g);
  }
  T mean_correction() const { return T(1) - std::pow(beta1, T(t)); }    // 1 - beta1^t
  T square_correction() const { return T(1) - std::pow(beta2, T(t)); }  // 1 - beta2^t

  // Lists t, m and v (under the name the variant gives it) for the optimizer's state.
  void state(neurite::StateVisitor<T>& visit, const char* v_name = "v") {
    visit("t", t);
    visit("m", m);
    visit(v_name, v);
  }

  T beta1, beta2, one_minus_beta1, one_minus_beta2;
  std::uint64_t t = 0;
  arma::Mat<T> m, v;
};

}  // namespace adam
