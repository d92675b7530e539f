"""Fits the polynomial P with f'(x0 + d) = d P(d) for |d| <= w, x0 the zero of an activation's
slope, that sdk/kernels.hpp uses next to that zero, where a float evaluation of the usual formula
cancels: least squares in the relative error at Chebyshev nodes, with exact values from mpmath.
Prints x0 split into two floats, then P's float coefficients, lowest power first, and the worst
relative error of d P(d). Usage: slope_zero_fit.py silu|tanhexp|mish. Needs mpmath and numpy."""
import sys

import mpmath as mp
import numpy as np

mp.mp.dps = 50
NODES = 400


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


SLOPES = {
    # name: (f', a point near its zero, the half-width w of the band, the degree of P)
    "silu": (lambda x: sigmoid(x) * (1 + x * (1 - sigmoid(x))), -1.278, 0.3, 6),
    "tanhexp": (lambda x: mp.tanh(mp.exp(x)) + x * mp.exp(x) * mp.sech(mp.exp(x)) ** 2, -1.079, 0.3, 6),
    "mish": (lambda x: mp.diff(lambda t: t * mp.tanh(mp.log1p(mp.exp(t))), x), -1.192, 0.5, 8),
}

slope, guess, WIDTH, DEGREE = SLOPES[sys.argv[1]]
x0 = mp.findroot(slope, guess)
hi = np.float32(float(x0))
lo = np.float32(float(x0 - mp.mpf(float(hi))))
print("x0 =", mp.nstr(x0, 21), "= float", repr(hi), "+ float", repr(lo))

nodes = [WIDTH * mp.cos(mp.pi * (k + 0.5) / NODES) for k in range(NODES)]
ratio = np.array([float(slope(x0 + d) / d) for d in nodes])
powers = np.array([[float(d) ** j for j in range(DEGREE + 1)] for d in nodes])
weights = 1 / np.abs(ratio)
coefficients = np.linalg.lstsq(powers * weights[:, None], ratio * weights, rcond=None)[0]
floats = [np.float32(c) for c in coefficients]

worst = 0.0
for k in range(2001):
    d = -WIDTH + 2 * WIDTH * k / 2000
    if abs(d) < 1e-12:
        continue
    p = 0.0
    for c in reversed(floats):
        p = p * d + float(c)
    exact = slope(x0 + d)
    worst = max(worst, abs(float((d * p - exact) / exact)))
print("P:", ", ".join(repr(c) for c in floats))
print("worst relative error of d P(d):", worst)
