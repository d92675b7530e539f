// One test case per optimizer, each loading only its own library. Every case checks that the
// conformance report is clean, that `lr` reaches the learning rate, that step() allocates nothing
// once running, and that the first steps of a fixed problem (a 2x2 tensor, gradients that change
// every step, non-default hyper-parameters) equal CATALOG.md's update equations written out here
// again, element by element in long double, within 1e-12 relative in double (1e-5 in float).
#define BOOST_TEST_MODULE optimizers
#include <boost/test/unit_test.hpp>

#include "reference_path.hpp"

BOOST_AUTO_TEST_CASE(sgd) {
  LOAD("sgd.so", "SGD");
  const double eta = 0.3;
  expect_path(entry, {{"lr", eta}}, [=](Vec& w, const Vec& g, L, int) {
    for (std::size_t i = 0; i < K; ++i) w[i] -= eta * g[i];
  });
}

BOOST_AUTO_TEST_CASE(msgd) {
  LOAD("msgd.so", "MSGD");
  const double eta = 0.1, mu = 0.7;
  expect_path(entry, {{"eta", eta}, {"mu", mu}},
              [=, v = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  v[i] = mu * v[i] - eta * g[i];
                  w[i] += v[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(nag) {
  LOAD("nag.so", "NAG");
  const double eta = 0.1, mu = 0.7;
  expect_path(entry, {{"eta", eta}, {"mu", mu}},
              [=, v = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  const L v_new = mu * v[i] - eta * g[i];
                  w[i] += -mu * v[i] + (1 + L(mu)) * v_new;
                  v[i] = v_new;
                }
              });
}

BOOST_AUTO_TEST_CASE(ada_grad) {
  LOAD("ada_grad.so", "AdaGrad");
  const double eta = 0.2, eps = 1e-3;
  expect_path(entry, {{"eta", eta}, {"eps", eps}},
              [=, G = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  G[i] += g[i] * g[i];
                  w[i] -= eta * g[i] / (std::sqrt(G[i]) + eps);
                }
              });
}

BOOST_AUTO_TEST_CASE(rmsprop) {
  LOAD("rmsprop.so", "RMSprop");
  const double eta = 0.05, rho = 0.9, eps = 1e-4;
  expect_path(entry, {{"eta", eta}, {"rho", rho}, {"eps", eps}},
              [=, v = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  v[i] = rho * v[i] + (1 - L(rho)) * g[i] * g[i];
                  w[i] -= eta * g[i] / (std::sqrt(v[i]) + eps);
                }
              });
}

BOOST_AUTO_TEST_CASE(ada_delta) {
  LOAD("ada_delta.so", "AdaDelta");
  const double lr = 0.5, rho = 0.9, eps = 1e-2;
  expect_path(entry, {{"lr", lr}, {"rho", rho}, {"eps", eps}},
              [=, v = Vec{}, u = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  v[i] = rho * v[i] + (1 - L(rho)) * g[i] * g[i];
                  const L d = std::sqrt(u[i] + eps) / std::sqrt(v[i] + eps) * g[i];
                  u[i] = rho * u[i] + (1 - L(rho)) * d * d;
                  w[i] -= lr * d;
                }
              });
}

BOOST_AUTO_TEST_CASE(adam) {
  LOAD("adam.so", "Adam");
  const double alpha = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-6;
  expect_path(entry, {{"lr", alpha}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
                  w[i] -= (alpha / (1 - std::pow(L(b1), t))) * m[i] /
                          (std::sqrt(v[i]) / std::sqrt(1 - std::pow(L(b2), t)) + eps);
                }
              });
}

BOOST_AUTO_TEST_CASE(rmsprop_graves) {
  LOAD("rmsprop_graves.so", "RMSpropGraves");
  const double eta = 0.1, rho = 0.9, momentum = 0.5, eps = 1e-3;
  expect_path(entry, {{"eta", eta}, {"rho", rho}, {"momentum", momentum}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}, D = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = rho * m[i] + (1 - L(rho)) * g[i];
                  v[i] = rho * v[i] + (1 - L(rho)) * g[i] * g[i];
                  D[i] = momentum * D[i] - eta * g[i] / std::sqrt(v[i] - m[i] * m[i] + eps);
                  w[i] += D[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(smorms3) {
  LOAD("smorms3.so", "SMORMS3");
  const double eta = 0.1, eps = 1e-8;
  Vec s;
  s.fill(1);
  expect_path(entry, {{"eta", eta}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  const L r = 1 / (1 + s[i]);
                  m[i] = (1 - r) * m[i] + r * g[i];
                  v[i] = (1 - r) * v[i] + r * g[i] * g[i];
                  const L z = m[i] * m[i] / (v[i] + eps);
                  w[i] -= g[i] * std::min(L(eta), z) / (std::sqrt(v[i]) + eps);
                  s[i] = 1 + (1 - z) * s[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(ada_max) {
  LOAD("ada_max.so", "AdaMax");
  const double alpha = 0.1, b1 = 0.8, b2 = 0.5, eps = 1e-6;
  expect_path(entry, {{"alpha", alpha}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, u = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  u[i] = std::max(b2 * u[i], std::abs(g[i]) + eps);
                  w[i] -= (alpha / (1 - std::pow(L(b1), t))) * m[i] / u[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(nadam) {
  LOAD("nadam.so", "Nadam");
  const double alpha = 0.1, mu = 0.8, nu = 0.99, eps = 1e-6;
  expect_path(entry, {{"lr", alpha}, {"mu", mu}, {"nu", nu}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = mu * m[i] + (1 - L(mu)) * g[i];
                  v[i] = nu * v[i] + (1 - L(nu)) * g[i] * g[i];
                  const L m_bar = mu * m[i] / (1 - std::pow(L(mu), t + 1)) +
                                  (1 - L(mu)) * g[i] / (1 - std::pow(L(mu), t));
                  const L v_hat = v[i] / (1 - std::pow(L(nu), t));
                  w[i] -= alpha * m_bar / (std::sqrt(v_hat) + eps);
                }
              });
}

BOOST_AUTO_TEST_CASE(eve) {
  LOAD("eve.so", "Eve");
  const double alpha = 0.1, b1 = 0.8, b2 = 0.99, b3 = 0.9, c = 1.2, eps = 1e-6, fstar = 1.0;
  expect_path(
      entry,
      {{"alpha", alpha},
       {"beta1", b1},
       {"beta2", b2},
       {"beta3", b3},
       {"c", c},
       {"eps", eps},
       {"fstar", fstar}},
      [=, m = Vec{}, v = Vec{}, d = L(0), f_prev = L(0)](Vec& w, const Vec& g, L f, int t) mutable {
        if (t == 1) {
          d = 1;
        } else {
          const L den = std::min(f, f_prev) - fstar;
          if (den > 0) {
            const L r = std::min(std::max(std::abs(f - f_prev) / den, 1 / L(c)), L(c));
            d = b3 * d + (1 - L(b3)) * r;
          }
        }
        f_prev = f;
        for (std::size_t i = 0; i < K; ++i) {
          m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
          v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
          const L m_hat = m[i] / (1 - std::pow(L(b1), t));
          const L v_hat = v[i] / (1 - std::pow(L(b2), t));
          w[i] -= alpha * m_hat / (d * (std::sqrt(v_hat) + eps));
        }
      },
      {.steps = 5});
}

// Santa's equations per element; the draws repeat the plugin's documented order: one
// std::normal_distribution per step over the caller's generator, zeta_0 for every element at
// t = 1, then zeta_t for every element in each exploration step, in storage order.
struct SantaSetting {
  double eta = 0.05, sigma = 0.9, lambda = 1e-2, anne_rate = 0.7, C = 2;
  int burnin = 3;  // steps 1 and 2 explore, 3 and 4 refine
  Settings settings() const {
    return {{"lr", eta},
            {"sigma", sigma},
            {"lambda", lambda},
            {"anne_rate", anne_rate},
            {"burnin", double(burnin)},
            {"C", C}};
  }
};

struct SantaState {
  Vec v{}, G_prev{}, alpha{}, u{}, zeta{};
  neurite::Generator rng{seed};
  // Sets up the t = 1 state and draws this step's zeta; returns whether the step explores.
  bool begin(const SantaSetting& s, int t) {
    std::normal_distribution<double> normal;
    const bool explore = t < s.burnin;
    if (t == 1)
      for (std::size_t i = 0; i < K; ++i) {
        alpha[i] = std::sqrt(L(s.eta)) * s.C;
        u[i] = std::sqrt(L(s.eta)) * normal(rng);
      }
    if (explore)
      for (auto& z : zeta) z = normal(rng);
    return explore;
  }
};

constexpr double santa_n = 2;

BOOST_AUTO_TEST_CASE(santa_e) {
  LOAD("santa_e.so", "SantaE");
  const SantaSetting s;
  auto state = std::make_shared<SantaState>();
  expect_path(
      entry, s.settings(),
      [=](Vec& w, const Vec& g, L, int t) {
        auto& z = *state;
        const bool explore = z.begin(s, t);
        const L beta = std::pow(L(t), L(s.anne_rate));
        for (std::size_t i = 0; i < K; ++i) {
          z.v[i] = s.sigma * z.v[i] + (1 - L(s.sigma)) * g[i] * g[i] / (santa_n * santa_n);
          const L G = 1 / std::sqrt(s.lambda + std::sqrt(z.v[i]));
          L u_new;
          if (explore) {
            z.alpha[i] += z.u[i] * z.u[i] - s.eta / beta;
            u_new = (s.eta / beta) * (1 - z.G_prev[i] / G) / z.u[i] +
                    std::sqrt(2 * s.eta * z.G_prev[i] / beta) * z.zeta[i] +
                    (1 - z.alpha[i]) * z.u[i] - s.eta * G * g[i];
          } else {
            u_new = (1 - z.alpha[i]) * z.u[i] - s.eta * G * g[i];
          }
          w[i] += G * u_new;
          z.u[i] = u_new;
          z.G_prev[i] = G;
        }
      },
      {.steps = 4, .n = santa_n}, false);
}

BOOST_AUTO_TEST_CASE(santa_sss) {
  LOAD("santa_sss.so", "SantaSSS");
  const SantaSetting s;
  auto state = std::make_shared<SantaState>();
  expect_path(
      entry, s.settings(),
      [=](Vec& w, const Vec& g, L, int t) {
        auto& z = *state;
        const bool explore = z.begin(s, t);
        const L beta = std::pow(L(t), L(s.anne_rate));
        for (std::size_t i = 0; i < K; ++i) {
          z.v[i] = s.sigma * z.v[i] + (1 - L(s.sigma)) * g[i] * g[i] / (santa_n * santa_n);
          const L G = 1 / std::sqrt(s.lambda + std::sqrt(z.v[i]));
          w[i] += G * z.u[i] / 2;
          L u_new;
          if (explore) {
            z.alpha[i] += (z.u[i] * z.u[i] - s.eta / beta) / 2;
            u_new = std::exp(-z.alpha[i] / 2) * z.u[i];
            u_new += -s.eta * G * g[i] + std::sqrt(2 * s.eta * z.G_prev[i] / beta) * z.zeta[i] +
                     (s.eta / beta) * (1 - z.G_prev[i] / G) / z.u[i];
            u_new *= std::exp(-z.alpha[i] / 2);
            z.alpha[i] += (u_new * u_new - s.eta / beta) / 2;
          } else {
            u_new = std::exp(-z.alpha[i] / 2) * z.u[i];
            u_new -= s.eta * G * g[i];
            u_new *= std::exp(-z.alpha[i] / 2);
          }
          w[i] += G * u_new / 2;
          z.u[i] = u_new;
          z.G_prev[i] = G;
        }
      },
      {.steps = 4, .n = santa_n}, false);
}

BOOST_AUTO_TEST_CASE(ams_grad) {
  LOAD("ams_grad.so", "AMSGrad");
  const double alpha = 0.1, b1 = 0.8, b2 = 0.5, eps = 1e-6;
  expect_path(entry, {{"alpha", alpha}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}, v_max = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
                  v_max[i] = std::max(v_max[i], v[i]);
                  w[i] -= (alpha / std::sqrt(L(t))) * m[i] / (std::sqrt(v_max[i]) + eps);
                }
              });
}

// AdaBound and AMSBound: the clipped rate, with alpha/0 = +inf giving the upper bound.
L bounded_rate(L alpha, L eta, L beta2, L eps, L second_moment, int t) {
  const L lo = eta * (1 - 1 / ((1 - beta2) * t + 1));
  const L hi = eta * (1 + 1 / ((1 - beta2) * t + eps));
  const L rate = second_moment == 0 ? INFINITY : alpha / std::sqrt(second_moment);
  return std::min(std::max(rate, lo), hi) / std::sqrt(L(t));
}

BOOST_AUTO_TEST_CASE(ada_bound) {
  LOAD("ada_bound.so", "AdaBound");
  const double alpha = 0.1, eta = 0.05, b1 = 0.8, b2 = 0.99, eps = 1e-8;
  expect_path(entry, {{"lr", alpha}, {"eta", eta}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
                  w[i] -= bounded_rate(alpha, eta, b2, eps, v[i], t) * m[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(ams_bound) {
  LOAD("ams_bound.so", "AMSBound");
  const double alpha = 0.1, eta = 0.05, b1 = 0.8, b2 = 0.5, eps = 1e-8;
  expect_path(entry, {{"lr", alpha}, {"eta", eta}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}, v_max = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
                  v_max[i] = std::max(v_max[i], v[i]);
                  w[i] -= bounded_rate(alpha, eta, b2, eps, v_max[i], t) * m[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(adam_w) {
  LOAD("adam_w.so", "AdamW");
  const double lr = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-6, decay = 0.3;
  expect_path(entry,
              {{"lr", lr}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}, {"weight_decay", decay}},
              [=, m = Vec{}, v = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  w[i] *= 1 - L(lr) * decay;
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
                  w[i] -= (lr / (1 - std::pow(L(b1), t))) * m[i] /
                          (std::sqrt(v[i]) / std::sqrt(1 - std::pow(L(b2), t)) + eps);
                }
              });
}

// With beta2 = 0.9, rho_t first exceeds 5 at t = 6: steps 1-5 are momentum steps, 6-8 rectified.
BOOST_AUTO_TEST_CASE(r_adam) {
  LOAD("r_adam.so", "RAdam");
  const double lr = 0.1, b1 = 0.8, b2 = 0.9, eps = 1e-6;
  expect_path(entry, {{"lr", lr}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, v = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                const L rho_inf = 2 / (1 - L(b2)) - 1;
                const L b2t = std::pow(L(b2), t);
                const L rho_t = rho_inf - 2 * t * b2t / (1 - b2t);
                BOOST_TEST((rho_t > 5) == (t >= 6));
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  v[i] = b2 * v[i] + (1 - L(b2)) * g[i] * g[i];
                  const L m_hat = m[i] / (1 - std::pow(L(b1), t));
                  if (rho_t > 5) {
                    const L r = std::sqrt((rho_t - 4) * (rho_t - 2) * rho_inf /
                                          ((rho_inf - 4) * (rho_inf - 2) * rho_t));
                    w[i] -= lr * m_hat * r * std::sqrt(1 - b2t) / (std::sqrt(v[i]) + eps);
                  } else {
                    w[i] -= lr * m_hat;
                  }
                }
              },
              {.steps = 8});
}

BOOST_AUTO_TEST_CASE(rprop) {
  LOAD("rprop.so", "Rprop");
  // The steps hit both clip bounds: 0.05 * 0.4 < min_step, 0.05 * 1.5 > max_step.
  const double lr = 0.05, minus = 0.4, plus = 1.5, min_step = 0.025, max_step = 0.07;
  Vec steps;
  steps.fill(lr);
  expect_path(entry,
              {{"lr", lr},
               {"etaminus", minus},
               {"etaplus", plus},
               {"min_step", min_step},
               {"max_step", max_step}},
              [=, g_prev = Vec{}](Vec& w, const Vec& gradient, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  L g = gradient[i];
                  const L s = sign(g * g_prev[i]);
                  const L factor = s > 0 ? L(plus) : s < 0 ? L(minus) : 1;
                  steps[i] = std::min(std::max(steps[i] * factor, L(min_step)), L(max_step));
                  if (s < 0) g = 0;
                  w[i] -= sign(g) * steps[i];
                  g_prev[i] = g;
                }
              },
              {.steps = 5});
  BOOST_CHECK_EXCEPTION(
      entry.f64.optimizer(neurite::resolve(entry.meta.name, entry.params,
                                           {{"min_step", "0.5"}, {"max_step", "0.25"}}),
                          2, 2),
      neurite::BadParameter, [](const neurite::BadParameter& e) {
        const std::string what = e.what();
        return what.find("Rprop") != std::string::npos &&
               what.find("min_step") != std::string::npos &&
               what.find("max_step") != std::string::npos;
      });
}

BOOST_AUTO_TEST_CASE(lion) {
  LOAD("lion.so", "Lion");
  const double lr = 0.1, b1 = 0.8, b2 = 0.95, decay = 0.1;
  expect_path(entry, {{"lr", lr}, {"beta1", b1}, {"beta2", b2}, {"weight_decay", decay}},
              [=, m = Vec{}](Vec& w, const Vec& g, L, int) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  const L c = b1 * m[i] + (1 - L(b1)) * g[i];
                  w[i] -= lr * (sign(c) + decay * w[i]);
                  m[i] = b2 * m[i] + (1 - L(b2)) * g[i];
                }
              });
}

BOOST_AUTO_TEST_CASE(ada_belief) {
  LOAD("ada_belief.so", "AdaBelief");
  const double lr = 0.1, b1 = 0.8, b2 = 0.99, eps = 1e-8;
  expect_path(entry, {{"lr", lr}, {"beta1", b1}, {"beta2", b2}, {"eps", eps}},
              [=, m = Vec{}, s = Vec{}](Vec& w, const Vec& g, L, int t) mutable {
                for (std::size_t i = 0; i < K; ++i) {
                  m[i] = b1 * m[i] + (1 - L(b1)) * g[i];
                  s[i] = b2 * s[i] + (1 - L(b2)) * (g[i] - m[i]) * (g[i] - m[i]) + eps;
                  w[i] -= (lr / (1 - std::pow(L(b1), t))) * m[i] /
                          (std::sqrt(s[i]) / std::sqrt(1 - std::pow(L(b2), t)) + eps);
                }
              });
}
