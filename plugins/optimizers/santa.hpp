#pragma once
// What SantaE and SantaSSS share (Chen, Carlson, Gan, Li & Carin, AISTATS 2016): their
// parameters, their state, and the start of every step, which draws the first momentum and
// updates the preconditioner; the two differ only in how they move u and w after it.
#include <cmath>
#include <random>
#include <string>
#include <string_view>

#include <neurite/sdk/plugin.hpp>

namespace santa {

inline constexpr neurite::Param params[] = {
    neurite::rate("eta", 0.01, "learning rate"),
    neurite::real("sigma", 0.95, neurite::closed_open(0.0, 1.0),
                  "decay of the mean squared gradient"),
    neurite::real("lambda", 1e-8, neurite::open(0.0, 1.0), "keeps the preconditioner G finite"),
    neurite::real("anne_rate", 0.5, neurite::above(0.0),
                  "annealing exponent: inverse temperature beta_t = t^anne_rate"),
    neurite::integer("burnin", 100, neurite::at_least(0.0),
                     "exploration steps: t < burnin explores, later steps refine"),
    neurite::real("C", 5.0, neurite::at_least(0.0), "initial friction alpha = sqrt(eta)*C")};

template <typename T>
struct Common {
  Common(const neurite::Values& v, arma::uword rows, arma::uword cols)
      : eta(v.get<T>("eta")),
        sigma(v.get<T>("sigma")),
        one_minus_sigma(T(1 - v.get<double>("sigma"))),
        lambda(v.get<T>("lambda")),
        anne_rate(v.get<T>("anne_rate")),
        burnin(v.get<std::uint64_t>("burnin")),
        sqrt_eta(T(std::sqrt(v.get<double>("eta")))),
        alpha_start(T(std::sqrt(v.get<double>("eta")) * v.get<double>("C"))),
        v(rows, cols, arma::fill::zeros),
        g_prev(rows, cols, arma::fill::zeros),
        alpha(rows, cols, arma::fill::zeros),
        u(rows, cols, arma::fill::zeros),
        G(rows, cols, arma::fill::zeros),
        u_new(rows, cols, arma::fill::zeros),
        zeta(rows, cols, arma::fill::zeros) {}

  // Advances t; at t = 1 sets alpha and draws u = sqrt(eta) zeta_0; then v and G from g. Returns
  // whether this step explores (t < burnin), when the caller draws zeta_t with the same normal.
  bool begin(const arma::Mat<T>& g, const neurite::StepInfo& info,
             std::normal_distribution<T>& normal, std::string_view name) {
    ++t;
    const bool explore = t < burnin;
    if ((t == 1 || explore) && info.rng == nullptr)
      throw neurite::Error(std::string(name) + ": the step information carries no generator");
    if (t == 1) {
      alpha.fill(alpha_start);
      zeta.imbue([&] { return normal(*info.rng); });
      u = sqrt_eta * zeta;
    }
    const T n = T(info.n);
    v = sigma * v + one_minus_sigma * arma::square(g) / (n * n);
    G = T(1) / arma::sqrt(lambda + arma::sqrt(v));
    return explore;
  }
  // zeta_t, one draw per element in storage order.
  void draw(const neurite::StepInfo& info, std::normal_distribution<T>& normal) {
    zeta.imbue([&] { return normal(*info.rng); });
  }
  void state(neurite::StateVisitor<T>& visit) {
    visit("t", t);
    visit("v", v);
    visit("G_prev", g_prev);
    visit("alpha", alpha);
    visit("u", u);
  }

  T eta, sigma, one_minus_sigma, lambda, anne_rate;
  std::uint64_t burnin;
  T sqrt_eta, alpha_start;
  std::uint64_t t = 0;
  arma::Mat<T> v, g_prev, alpha, u;
  arma::Mat<T> G, u_new, zeta;  // scratch
};

}  // namespace santa
