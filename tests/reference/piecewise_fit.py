"""Fits the 32-piece polynomial tables that the float fast paths of tanhExp, Mish and GELU evaluate
(sdk/include/neurite/sdk/piecewise.hpp) and writes them as C++ headers.

Each table holds a smooth, positive function g on [lo, lo + 32 w): piece i is a polynomial in
t = x - c_i, c_i = lo + (i + 1/2) w, fitted by least squares in the relative error at Chebyshev
nodes of [-0.51 w, 0.51 w] (a lane whose index rounds to a neighbour stays accurate), with exact
values from mpmath. The activations multiply g by a factor that carries their zero exactly: f = x g
for the values, f' = (x - x0) g for the slopes, x0 the zero of f'. The script checks every table by
evaluating it as the kernel does (float coefficients, one rounding per fused multiply-add) on 4001
points a piece and prints the worst relative error. Tables that more than one activation reads
(σ: sigmoid, SiLU, Swish, log-sigmoid, softplus) live in the header of the function they hold.

Usage: piecewise_fit.py OUT_DIR [HEADER...]   (writes OUT_DIR/<header>.hpp, all of them or the
ones named; the shipped ones are plugins/activations/tables). Needs mpmath and numpy.
"""
import os
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50
PIECES = 32
NODES = 60
SAMPLES = 4001


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def tanh_exp_slope(x):
    u = mp.exp(x)
    return mp.tanh(u) + x * u * mp.sech(u) ** 2


def mish_tau(x):
    return mp.tanh(mp.log1p(mp.exp(x)))


def mish_slope(x):
    tau = mish_tau(x)
    return tau + x * sigmoid(x) * (1 - tau**2)


def normal_cdf(x):
    return mp.ncdf(x)


def gelu_slope(x):
    return mp.ncdf(x) + x * mp.npdf(x)


def over_zero(slope, guess):
    """x -> f'(x)/(x - x0), and x0 as the two floats that the kernel subtracts in turn."""
    x0 = mp.findroot(slope, guess)
    hi = np.float32(float(x0))
    lo = np.float32(float(x0 - mp.mpf(float(hi))))

    def ratio(x):
        d = x - x0
        return mp.diff(slope, x0) if abs(d) < mp.mpf(10) ** -30 else slope(x) / d

    return ratio, (hi, lo)


def silu_slope(x):
    return sigmoid(x) * (1 + x * sigmoid(-x))


def ratio_near_zero(g, power):
    """x -> g(x)/x^power, with its limit at 0 (g vanishing there to that power)."""
    def ratio(x):
        if x == 0:
            return mp.taylor(g, 0, power)[power]
        return g(x) / x**power
    return ratio


# header: ([(name of a zero of f', f', a guess)], [(table, g, lo, w, degree, what g is)])
TANH_EXP_SLOPE, TANH_EXP_ZERO = over_zero(tanh_exp_slope, -1.079)
MISH_SLOPE, MISH_ZERO = over_zero(mish_slope, -1.192)
GELU_SLOPE, GELU_ZERO = over_zero(gelu_slope, -0.752)
SILU_SLOPE, SILU_ZERO = over_zero(silu_slope, -1.278)
HEADERS = {
    "tanh_exp": (TANH_EXP_ZERO, [
        ("value", lambda x: mp.tanh(mp.exp(x)), -12.0, 0.5, 6, "tanh(e^x), so that f = x g"),
        ("slope", TANH_EXP_SLOPE, -12.0, 0.5, 6, "f'(x)/(x - x0)"),
    ]),
    "mish": (MISH_ZERO, [
        ("value", mish_tau, -8.0, 0.625, 6, "tanh(softplus(x)), so that f = x g"),
        ("slope", MISH_SLOPE, -8.0, 0.625, 6, "f'(x)/(x - x0)"),
    ]),
    "gelu": (GELU_ZERO, [
        ("value", normal_cdf, -4.0, 0.25, 6, "Φ(x), so that f = x g"),
        ("slope", GELU_SLOPE, -4.0, 0.25, 6, "f'(x)/(x - x0)"),
    ]),
    "sigmoid": (None, [
        ("value", sigmoid, -16.0, 1.0, 7, "σ(x)"),
        ("slope", lambda x: sigmoid(x) * sigmoid(-x), -16.0, 1.0, 7, "σ(x) σ(-x), σ's slope"),
    ]),
    "silu": (SILU_ZERO, [
        ("slope", SILU_SLOPE, -16.0, 1.0, 7, "f'(x)/(x - x0) for f = x σ(x)"),
    ]),
    "log_sigmoid": (None, [
        ("value", lambda x: -mp.log1p(mp.exp(-x)), -16.0, 1.0, 7, "log σ(x)"),
        ("slope", lambda x: sigmoid(-x), -16.0, 1.0, 7, "σ(-x)"),
    ]),
    "softplus": (None, [
        ("value", lambda x: mp.log1p(mp.exp(x)), -16.0, 1.0, 7, "log(1 + e^x)"),
    ]),
    "tanh": (None, [
        ("value", ratio_near_zero(mp.tanh, 1), -8.0, 0.5, 6, "tanh(x)/x, so that f = x g"),
        ("slope", lambda x: mp.sech(x) ** 2, -8.0, 0.5, 7, "1 - tanh^2 x"),
    ]),
    "tanh_shrink": (None, [
        ("value", ratio_near_zero(lambda x: x - mp.tanh(x), 3), -8.0, 0.5, 6,
         "(x - tanh x)/x^3, so that f = x^3 g"),
    ]),
}


def f32(v):
    return float(np.float32(v))


def evaluate(coefficients, t):
    """The kernel's Horner scheme: float coefficients, each step a fused multiply-add."""
    p = coefficients[-1]
    for c in reversed(coefficients[:-1]):
        p = f32(p * t + c)
    return p


def fit_piece(g, center, width, degree):
    half = 0.51 * width
    nodes = [half * mp.cos(mp.pi * (k + 0.5) / NODES) for k in range(NODES)]
    values = np.array([float(g(center + t)) for t in nodes])
    powers = np.array([[float(t) ** j for j in range(degree + 1)] for t in nodes])
    weights = 1 / np.abs(values)
    exact = np.linalg.lstsq(powers * weights[:, None], values * weights, rcond=None)[0]
    coefficients = [f32(c) for c in exact]
    worst = 0.0
    for k in range(SAMPLES):
        x = f32(center - half + 2 * half * k / (SAMPLES - 1))
        t = f32(x - center)
        reference = g(mp.mpf(x))
        worst = max(worst, abs(float((evaluate(coefficients, t) - reference) / reference)))
    return coefficients, worst


def table(name, g, lo, width, degree, what):
    rows, worst = [], 0.0
    for i in range(PIECES):
        center = lo + (i + 0.5) * width
        assert f32(center) == center, "the centres must be floats"
        coefficients, error = fit_piece(g, mp.mpf(center), width, degree)
        rows.append(coefficients)
        worst = max(worst, error)
    print(f"  {name}: [{lo}, {lo + PIECES * width}), degree {degree}, "
          f"worst relative error {worst:.2e}")
    by_power = ",\n".join(
        "      {" + ", ".join(f"{np.float32(rows[i][k])!r}f"
                          for i in range(PIECES)) + "}"
        for k in range(degree + 1))
    return (f"// g(x) = {what}, relative error {worst:.1e}.\n"
            f"inline constexpr neurite::simd::Piecewise<{degree}> {name}_table{{\n"
            f"    {lo}f, {width}f,\n    {{{{\n{by_power}}}}}}};\n")


def main():
    out_dir = sys.argv[1]
    only = sys.argv[2:]
    for header, (zero, tables) in HEADERS.items():
        if only and header not in only:
            continue
        print(header)
        body = "".join(table(*spec) for spec in tables)
        zero_text = ""
        if zero:
            zero_text = (f"// x0, the zero of f', as hi + lo.\n"
                         f"inline constexpr float zero_hi = {zero[0]!r}f, "
                         f"zero_lo = {zero[1]!r}f;\n\n")
        text = (f"// Generated by tests/reference/piecewise_fit.py; do not edit.\n"
                f"#pragma once\n#include <neurite/sdk/piecewise.hpp>\n\n"
                f"namespace neurite_tables::{header} {{\n\n{zero_text}{body}\n"
                f"}}  // namespace neurite_tables::{header}\n")
        with open(os.path.join(out_dir, f"{header}.hpp"), "w") as out:
            out.write(text)


if __name__ == "__main__":
    main()
