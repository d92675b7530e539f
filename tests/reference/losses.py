#!/usr/bin/env python3
"""Reference values for the loss plugin tests, computed with mpmath at 50 digits.

Each case is a small batch (K x N, one column per sample) for one loss. The value E and the
gradient dE/dy follow the formulas of CATALOG.md, evaluated exactly from the input doubles; every
gradient is confirmed by a central difference of E at 80 digits wherever E is smooth there. The
float rows repeat the case with the inputs and parameters rounded to float32 first, as the float
plugin sees them.

Writes tests/reference/losses.txt (run from anywhere: python3 tests/reference/losses.py).
"""
import math
import os
import random
import struct

import mpmath as mp
from mpmath import mpf

mp.mp.dps = 50

BCE_EPS = mpf(struct.unpack("f", struct.pack("f", 1e-12))[0])  # torch's float32 1e-12


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def sign(x):
    return (x > 0) - (x < 0)


def log_softmax(col):
    # log1p of the sum without the maximum's 1: ln p of a confident class is -1e-435, not 0.
    top = first_argmax(col)
    rest = mp.fsum(mp.exp(z - col[top]) for i, z in enumerate(col) if i != top)
    return [z - col[top] - mp.log1p(rest) for z in col]


def first_argmax(col):
    return max(range(len(col)), key=lambda i: (col[i], -i))


# Each loss: E(y, t, params) and dE/dy(y, t, params) on columns of mpf; smooth(y, t, params, c, r)
# says whether E is differentiable in y[c][r] there, so the numerical confirmation applies.
def square(y, t, p):
    n = len(y)
    e = mp.fsum((a - b) ** 2 for yc, tc in zip(y, t) for a, b in zip(yc, tc)) / (2 * n)
    g = [[(a - b) / n for a, b in zip(yc, tc)] for yc, tc in zip(y, t)]
    return e, g


def elementwise(term, deriv):
    def loss(y, t, p):
        nk = len(y) * len(y[0])
        e = mp.fsum(term(a, b, p) for yc, tc in zip(y, t) for a, b in zip(yc, tc)) / nk
        g = [[deriv(a, b, p) / nk for a, b in zip(yc, tc)] for yc, tc in zip(y, t)]
        return e, g
    return loss


def bce_term(y, t, p):
    log_p = max(mp.log(y), -100) if y > 0 else mpf(-100)
    log_q = max(mp.log(1 - y), -100) if y < 1 else mpf(-100)
    return -(t * log_p + (1 - t) * log_q)


def bce_deriv(y, t, p):
    return (y - t) / max(y * (1 - y), BCE_EPS)


def bce_smooth(y, t, p, c, r):
    v = y[c][r]
    return 0 < v < 1 and v * (1 - v) > BCE_EPS and mp.log(v) > -100 and mp.log(1 - v) > -100


def cross_entropy(y, t, p):
    n = len(y)
    e = -mp.fsum(b * (mp.log(a) if a > 0 else -mp.inf)
                 for yc, tc in zip(y, t) for a, b in zip(yc, tc) if b > 0) / n
    g = [[(-b / (n * a) if a > 0 else -mp.inf) if b > 0 else mpf(0) for a, b in zip(yc, tc)]
         for yc, tc in zip(y, t)]
    return e, g


def softmax_cross_entropy(y, t, p):
    n, k = len(y), len(y[0])
    ls = p.get("label_smoothing", mpf(0))
    e, g = mpf(0), []
    for zc, tc in zip(y, t):
        ts = [(1 - ls) * b + ls / k for b in tc]
        lp = log_softmax(zc)
        e -= mp.fsum(a * b for a, b in zip(ts, lp)) / n
        s = mp.fsum(ts)
        g.append([(mp.exp(l) * s - b) / n for l, b in zip(lp, ts)])
    return e, g


def huber_term(y, t, p):
    d, delta = abs(y - t), p.get("delta", mpf(1))
    return d * d / 2 if d <= delta else delta * (d - delta / 2)


def huber_deriv(y, t, p):
    delta = p.get("delta", mpf(1))
    return min(max(y - t, -delta), delta)


def smooth_l1_term(y, t, p):
    d, beta = abs(y - t), p.get("beta", mpf(1))
    return d * d / (2 * beta) if d < beta else d - beta / 2


def smooth_l1_deriv(y, t, p):
    beta = p.get("beta", mpf(1))
    return min(max((y - t) / beta, mpf(-1)), mpf(1))


def bce_with_logits_term(z, t, p):
    return max(z, 0) - z * t + mp.log1p(mp.exp(-abs(z)))


def nll(y, t, p):
    n = len(y)
    e = -mp.fsum(a * b for yc, tc in zip(y, t) for a, b in zip(yc, tc) if b != 0) / n
    return e, [[-b / n for b in tc] for tc in t]


def kl_divergence(y, t, p):
    n = len(y)
    e = mp.fsum(b * (mp.log(b) - a) for yc, tc in zip(y, t) for a, b in zip(yc, tc) if b > 0) / n
    return e, [[-b / n for b in tc] for tc in t]


def hinge(y, t, p):
    n, k = len(y), len(y[0])
    margin = p.get("margin", mpf(1))
    e, g = mpf(0), []
    for zc, tc in zip(y, t):
        c = first_argmax(tc)
        col = [mpf(0)] * k
        for j in range(k):
            term = margin - zc[c] + zc[j]
            if j != c and term > 0:
                e += term / (n * k)
                col[j] = mpf(1) / (n * k)
                col[c] -= mpf(1) / (n * k)
        g.append(col)
    return e, g


def hinge_smooth(y, t, p, c, r):
    margin = p.get("margin", mpf(1))
    tc, zc = t[c], y[c]
    top = first_argmax(tc)
    return all(margin - zc[top] + zc[j] != 0 for j in range(len(zc)) if j != top)


def focal(y, t, p):
    n = len(y)
    gamma = p.get("gamma", mpf(2))
    e, g = mpf(0), []
    for zc, tc in zip(y, t):
        lp = log_softmax(zc)
        pr = [mp.exp(l) for l in lp]
        q = [-mp.expm1(l) for l in lp]  # 1 - p, to all digits where p is within 1e-50 of 1
        e -= mp.fsum(b * qq ** gamma * l for b, qq, l in zip(tc, q, lp)) / n
        rho = [x * (-l) / qq if qq != 0 else mpf(1) for x, l, qq in zip(pr, lp, q)]
        a = [-b * qq ** gamma * (1 + gamma * r) for b, qq, r in zip(tc, q, rho)]
        sa = mp.fsum(a)
        g.append([(ai - x * sa) / n for ai, x in zip(a, pr)])
    return e, g


LOSSES = {
    "square": (square, None),
    "binary_cross_entropy": (elementwise(bce_term, bce_deriv), bce_smooth),
    "cross_entropy": (cross_entropy, lambda y, t, p, c, r: y[c][r] > 0),
    "softmax_cross_entropy": (softmax_cross_entropy, None),
    "mse": (elementwise(lambda a, b, p: (a - b) ** 2, lambda a, b, p: 2 * (a - b)), None),
    "l1": (elementwise(lambda a, b, p: abs(a - b), lambda a, b, p: mpf(sign(a - b))), None),
    "huber": (elementwise(huber_term, huber_deriv), None),
    "smooth_l1": (elementwise(smooth_l1_term, smooth_l1_deriv), None),
    "log_cosh": (elementwise(lambda a, b, p: mp.log(mp.cosh(a - b)),
                             lambda a, b, p: mp.tanh(a - b)), None),
    "bce_with_logits": (elementwise(bce_with_logits_term,
                                    lambda z, b, p: 1 / (1 + mp.exp(-z)) - b), None),
    "nll": (nll, None),
    "kl_divergence": (kl_divergence, None),
    "hinge": (hinge, hinge_smooth),
    "focal": (focal, None),
}


PROBABILITY_INPUTS = ("binary_cross_entropy", "cross_entropy")


def confirm(name, y, t, params, grad):
    """Central differences of E at 80 digits must agree with the stated gradient."""
    loss, smooth = LOSSES[name]
    if not mp.isfinite(loss(y, t, params)[0]):
        return
    with mp.workdps(80):
        for c in range(len(y)):
            for r in range(len(y[0])):
                if smooth and not smooth(y, t, params, c, r):
                    continue
                v = y[c][r]
                h = mpf(10) ** -25 * max(abs(v), 1)
                if name in PROBABILITY_INPUTS:  # stay inside (0, 1)
                    h = min(h, v * mpf(10) ** -10, (1 - v) * mpf(10) ** -10 if v < 1 else h)
                up = [col[:] for col in y]
                down = [col[:] for col in y]
                up[c][r], down[c][r] = v + h, v - h
                numeric = (loss(up, t, params)[0] - loss(down, t, params)[0]) / (2 * h)
                if abs(numeric - grad[c][r]) > mpf(10) ** -20 * (1 + abs(numeric)):
                    raise SystemExit(f"{name}: gradient ({r},{c}) {grad[c][r]} but central "
                                     f"difference {numeric}")


def evaluate(name, y, t, params):
    yy = [[mpf(v) for v in col] for col in y]
    tt = [[mpf(v) for v in col] for col in t]
    pp = {k: mpf(v) for k, v in params.items()}
    e, g = LOSSES[name][0](yy, tt, pp)
    confirm(name, yy, tt, pp, g)
    return e, g


def text(x):
    if isinstance(x, float):
        return repr(x)
    if mp.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(float(x))  # the nearest double, printed so that it reads back exactly


def flat(cols):
    return " ".join(text(v) for col in cols for v in col)


CASES = []


def case(name, note, y, t, **params):
    """y and t as lists of columns."""
    CASES.append((name, note, y, t, params))


def one_hot(k, classes):
    return [[1.0 if r == c else 0.0 for r in range(k)] for c in classes]


def rand_cols(rng, k, n, lo, hi):
    return [[rng.uniform(lo, hi) for _ in range(k)] for _ in range(n)]


def softmax_cols(rng, k, n, scale=1.0):
    out = []
    for _ in range(n):
        z = [rng.gauss(0, scale) for _ in range(k)]
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        out.append([v / s for v in e])
    return out


def build_cases():
    rng = random.Random(1729)
    soft3 = softmax_cols(rng, 3, 2)
    soft4 = softmax_cols(rng, 4, 3)

    case("square", "random", rand_cols(rng, 3, 2, -2, 2), one_hot(3, [0, 2]))
    case("square", "large_soft", [[1000.0, -1000.0, 0.25], [3.5, -1e-3, 7.0]], soft3)

    probs = [[0.7, 0.2, 0.1], [0.05, 0.9, 0.05], [0.3, 0.3, 0.4]]
    case("binary_cross_entropy", "random", rand_cols(rng, 4, 2, 0.01, 0.99),
         one_hot(4, [1, 3]))
    case("binary_cross_entropy", "soft", probs, [[0.2, 0.5, 0.3], [0.0, 1.0, 0.5],
                                                   [1.0, 0.25, 0.0]])
    case("binary_cross_entropy", "exact_0_and_1", [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]],
         [[0.0, 1.0, 1.0], [0.3, 0.6, 0.0]])
    case("binary_cross_entropy", "clamped", [[1e-13, 1e-50, 1e-6], [0.9999999, 1e-45, 0.5]],
         [[0.0, 1.0, 0.5], [1.0, 0.0, 0.5]])

    case("binary_cross_entropy", "small_y_zero_targets", [[0.002, 0.011, 0.002], [0.011, 0.002, 0.0125]],
         [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])

    case("cross_entropy", "one_hot", probs, one_hot(3, [0, 1, 2]))
    case("cross_entropy", "soft_with_exact_0_and_1", [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0],
                                                       [0.2, 0.3, 0.5]],
         [[1.0, 0.0, 0.0], [0.25, 0.75, 0.0], [0.1, 0.2, 0.7]])
    case("cross_entropy", "zero_probability_under_target", [[0.0, 0.6, 0.4]],
         [[1.0, 0.0, 0.0]])

    logits = [[2.0, -1.0, 0.5, 0.0], [-3.0, 1.5, 0.25, 2.0], [0.1, 0.2, -0.3, 4.0]]
    case("softmax_cross_entropy", "one_hot", logits, one_hot(4, [0, 3, 2]))
    case("softmax_cross_entropy", "logits_1000", [[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]],
         one_hot(3, [0, 0]))
    case("softmax_cross_entropy", "smoothing_soft", logits, soft4, label_smoothing=0.1)
    case("softmax_cross_entropy", "smoothing_one_hot_1000",
         [[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]], one_hot(3, [0, 0]),
         label_smoothing=0.3)
    case("softmax_cross_entropy", "confident", [[6.5, 0.0, 0.0], [40.0, 0.0, 0.0],
                                                 [0.0, 12.0, 0.0]], one_hot(3, [0, 0, 1]))

    vals = rand_cols(rng, 3, 3, -2, 2)
    case("mse", "random", vals, one_hot(3, [0, 1, 2]))
    case("mse", "large_soft", [[1000.0, -1000.0, 0.25], [3.5, -1e-3, 7.0]], soft3)

    case("l1", "random_and_zero", [[1.0, 0.5, -0.25], [0.0, 1.0, 2.0]], one_hot(3, [0, 1]))
    case("l1", "large_soft", [[1000.0, -1000.0, 0.25], [3.5, -1e-3, 7.0]], soft3)

    boundary = [[2.0, -1.0, 0.5], [0.0, 1.0 + 1e-9, -0.999], [3.0, -7.0, 0.25]]
    case("huber", "default", boundary, one_hot(3, [0, 1, 2]))
    case("huber", "delta_half", boundary, one_hot(3, [0, 1, 2]), delta=0.5)
    case("huber", "large_soft", [[1000.0, -1000.0, 0.25], [3.5, -1e-3, 7.0]], soft3, delta=2.5)

    case("smooth_l1", "default", boundary, one_hot(3, [0, 1, 2]))
    case("smooth_l1", "beta_half", boundary, one_hot(3, [0, 1, 2]), beta=0.5)
    case("smooth_l1", "large_soft", [[1000.0, -1000.0, 0.25], [3.5, -1e-3, 7.0]], soft3, beta=3.0)

    case("log_cosh", "branches", [[1e-5, 0.5, 1.0], [2.0, 1.0000001, -0.3], [30.0, -800.0, 1000.0]],
         one_hot(3, [1, 0, 2]))
    case("log_cosh", "small_errors", [[0.05, 0.08, -0.06], [0.03, -0.04, 0.07]],
         [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    case("log_cosh", "random_soft", rand_cols(rng, 3, 2, -3, 3), soft3)

    case("bce_with_logits", "random", rand_cols(rng, 4, 2, -4, 4), one_hot(4, [0, 2]))
    case("bce_with_logits", "logits_1000_soft", [[1000.0, -1000.0, 0.0], [30.0, -30.0, 1e-3]],
         [[1.0, 0.0, 0.5], [0.25, 0.75, 0.0]])
    case("bce_with_logits", "logits_1000_wrong", [[-1000.0, 1000.0, 0.0], [1000.0, -1000.0, 20.0]],
         [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])

    def log_cols(cols):
        return [[math.log(v) if v > 0 else -1000.0 for v in col] for col in cols]

    case("nll", "one_hot", log_cols(probs), one_hot(3, [0, 1, 2]))
    case("nll", "soft", log_cols(probs), [[0.2, 0.5, 0.3], [0.0, 1.0, 0.0], [0.5, 0.25, 0.25]])
    case("nll", "extreme", [[0.0, -1000.0, -1e30], [-1000.0, -1e-300, 0.0]], one_hot(3, [0, 1]))

    case("kl_divergence", "soft", log_cols(probs), [[0.6, 0.3, 0.1], [0.0, 0.8, 0.2],
                                                      [0.3, 0.3, 0.4]])
    case("kl_divergence", "one_hot", log_cols(probs), one_hot(3, [0, 1, 2]))
    case("kl_divergence", "extreme", [[0.0, -1000.0, -1e30], [-1000.0, -1e-300, 0.0]],
         [[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]])

    hinge_logits = [[2.0, 1.0, 0.5, -3.0], [0.0, 0.0, 0.0, 0.0], [1.0, 3.0, 0.2, 2.5]]
    case("hinge", "default", hinge_logits, one_hot(4, [0, 1, 3]))
    case("hinge", "margin_half", hinge_logits, one_hot(4, [0, 1, 3]), margin=0.5)
    case("hinge", "margin_zero_ties", hinge_logits, one_hot(4, [0, 1, 3]), margin=0.0)
    case("hinge", "soft_targets", hinge_logits, [[0.1, 0.6, 0.2, 0.1], [0.4, 0.4, 0.1, 0.1],
                                                 [0.1, 0.2, 0.3, 0.4]])
    case("hinge", "logits_1000", [[1000.0, -1000.0, 999.0], [-1000.0, 1000.0, 0.0]],
         one_hot(3, [0, 0]))

    case("focal", "default", logits, one_hot(4, [0, 3, 2]))
    case("focal", "gamma_zero", logits, one_hot(4, [0, 3, 2]), gamma=0.0)
    case("focal", "gamma_half_soft", logits, soft4, gamma=0.5)
    case("focal", "logits_1000", [[1000.0, 0.0, -1000.0], [-1000.0, 1000.0, 0.0]],
         one_hot(3, [0, 0]))
    case("focal", "confident", [[6.5, 0.0, 0.0], [40.0, 0.0, 0.0], [0.0, 12.0, 0.0]],
         one_hot(3, [0, 0, 1]), gamma=1.0)


def main():
    build_cases()
    out = [
        "# Loss reference values: tests/reference/losses.py (mpmath, 50 digits). Do not edit.",
        "# case <plugin file> <params or -> <K> <N> <note>; then y64, t64, E64, g64 (exact from",
        "# the doubles) and y32, t32, E32, g32 (from inputs and parameters rounded to float32).",
        "# Matrices are column-major, one column per sample.",
    ]
    for name, note, y, t, params in CASES:
        k, n = len(y[0]), len(y)
        assert all(len(c) == k for c in y + t) and len(t) == n
        ptext = ",".join(f"{key}={value!r}" for key, value in params.items()) or "-"
        out.append(f"case {name} {ptext} {k} {n} {note}")
        e, g = evaluate(name, y, t, params)
        out += [f"y64 {flat(y)}", f"t64 {flat(t)}", f"E64 {text(e)}", f"g64 {flat(g)}"]
        y32 = [[f32(v) for v in col] for col in y]
        t32 = [[f32(v) for v in col] for col in t]
        e, g = evaluate(name, y32, t32, {key: f32(v) for key, v in params.items()})
        out += [f"y32 {flat(y32)}", f"t32 {flat(t32)}", f"E32 {text(e)}", f"g32 {flat(g)}"]
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "losses.txt")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"{len(CASES)} cases written to {path}")


if __name__ == "__main__":
    main()
