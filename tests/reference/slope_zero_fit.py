"""Fits the polynomial P with SiLU'(x0 + d) = d P(d) for |d| <= 0.3, x0 the zero of SiLU' (about
-1.2785), that sdk/kernels.hpp's float silu_slope uses next to the zero: least squares in the
relative error at Chebyshev nodes, with the exact values from mpmath. Prints x0 split into two
floats, then the float coefficients and their worst relative error. Needs mpmath and numpy."""
import mpmath as mp
import numpy as np

mp.mp.dps = 50
WIDTH, DEGREE, NODES = 0.3, 6, 400


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def slope(x):
    return sigmoid(x) * (1 + x * (1 - sigmoid(x)))


x0 = mp.findroot(slope, -1.278)
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
print("P, lowest power first:", ", ".join(repr(c) for c in floats))
print("worst relative error of d P(d):", worst)
