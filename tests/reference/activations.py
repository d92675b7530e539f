#!/usr/bin/env python3
"""Exact values of the activations of CATALOG.md, for tests/plugins/activations.

Every function is written here from the catalog's formulas in mpmath, independently of the
plugins, and evaluated at the exact binary value of each input. Each value is computed at two
precisions (60 and 120 digits, then doubling) until both agree to 30 digits, so cancellation in
a formula shows up as disagreement instead of a wrong reference; forms that would lose everything
at any precision (log(1 + 1e-435) is 0 at 50 digits) are written with log1p, sech and sums that
never subtract from 1.

Output (default tests/reference/activations.csv): one line per case,
    name,params,x,dy,f,dx,flags
where params is "key=value ..." (empty: the defaults), x, dy, f and dx are space-separated vectors
(one entry for elementwise functions, whose dy is 1 and dx is f'(x)), "nan" marks a derivative
the catalog leaves undefined (exactly at a kink), and flags holds, for elementwise rows, two
characters for f and f': 'z' where a zero of the quantity lies within 1e-3 of x (the catalog's
absolute-error rule applies there), '-' elsewhere. Numbers carry 20 significant digits.

Usage: python3 tests/reference/activations.py [OUT.csv]
"""
import os
import random
import struct
import sys

from mpmath import mp, mpf, nstr

mp.dps = 60


def f32(v):
    """v rounded to the nearest float32, as a Python float (inf beyond the float range)."""
    try:
        return struct.unpack("f", struct.pack("f", v))[0]
    except OverflowError:
        return float("inf") if v > 0 else float("-inf")


def sig(z):
    return 1 / (1 + mp.exp(-z))


def log1pexp(z):
    """log(1 + e^z), without the 1 + e^z that swallows e^z << 1."""
    return mp.log1p(mp.exp(z))


# mpmath cannot form tanh or sech of e^1e30; beyond u = 1e6, 1 - tanh u and sech^2 u are below
# 10^-800000, far beyond any precision used here.
def tanh_of_huge(u):
    return mpf(1) if u > 1e6 else mp.tanh(u)


def sech2_of_huge(u):
    return mpf(0) if u > 1e6 else mp.sech(u) ** 2


def clip(v, lo, hi):
    return lo if v < lo else hi if v > hi else v


def gelu_c():
    return mpf("0.044715")

# name -> (defaults, f(x, p), f'(x, p) or None where undefined, kinks(p), extra points(p)).
# p holds the parameters as exact mpf values of their doubles.
ELEMENTWISE = {
    "step": ({}, lambda x, p: mpf(1) if x > 0 else mpf(0), lambda x, p: mpf(0),
             lambda p: [0.0], lambda p: []),
    "identity": ({}, lambda x, p: x, lambda x, p: mpf(1), lambda p: [], lambda p: []),
    "bent-identity": ({}, lambda x, p: x + (mp.sqrt(x * x + 1) - 1) / 2,
                      lambda x, p: 1 + x / (2 * mp.sqrt(x * x + 1)), lambda p: [], lambda p: []),
    "hard-shrink": ({"lambda": 0.5}, lambda x, p: x if abs(x) > p["lambda"] else mpf(0),
                    lambda x, p: mpf(1) if abs(x) > p["lambda"] else mpf(0),
                    lambda p: [-p["lambda"], p["lambda"]], lambda p: []),
    "soft-shrink": ({"lambda": 0.5},
                    lambda x, p: x - p["lambda"] if x > p["lambda"]
                    else x + p["lambda"] if x < -p["lambda"] else mpf(0),
                    lambda x, p: mpf(1) if abs(x) > p["lambda"] else mpf(0),
                    lambda p: [-p["lambda"], p["lambda"]], lambda p: []),
    "threshold": ({"threshold": 0.0, "value": 0.0},
                  lambda x, p: x if x > p["threshold"] else p["value"],
                  lambda x, p: mpf(1) if x > p["threshold"] else mpf(0),
                  lambda p: [p["threshold"]], lambda p: []),
    "sigmoid": ({}, lambda x, p: sig(x), lambda x, p: sig(x) * sig(-x), lambda p: [],
                lambda p: []),
    "hard-sigmoid": ({"slope": 0.2, "offset": 0.5},
                     lambda x, p: clip(p["slope"] * x + p["offset"], 0, 1),
                     lambda x, p: p["slope"] if 0 < p["slope"] * x + p["offset"] < 1 else mpf(0),
                     lambda p: [-p["offset"] / p["slope"], (1 - p["offset"]) / p["slope"]],
                     lambda p: []),
    "log-sigmoid": ({}, lambda x, p: -log1pexp(-x), lambda x, p: sig(-x), lambda p: [],
                    lambda p: []),
    "tanh": ({}, lambda x, p: mp.tanh(x), lambda x, p: mp.sech(x) ** 2, lambda p: [],
             lambda p: []),
    "tanh-shrink": ({}, lambda x, p: x - mp.tanh(x), lambda x, p: mp.tanh(x) ** 2, lambda p: [],
                    lambda p: [0.11, 0.13, 0.14, 0.35, 0.45, 0.499, 0.501, 0.55]),
    "hard-tanh": ({"min": -1.0, "max": 1.0}, lambda x, p: clip(x, p["min"], p["max"]),
                  lambda x, p: mpf(1) if p["min"] < x < p["max"] else mpf(0),
                  lambda p: [p["min"], p["max"]], lambda p: []),
    "ReLU": ({}, lambda x, p: max(x, mpf(0)), lambda x, p: mpf(1) if x > 0 else mpf(0),
             lambda p: [0.0], lambda p: []),
    "ReLU6": ({}, lambda x, p: clip(x, 0, 6), lambda x, p: mpf(1) if 0 < x < 6 else mpf(0),
              lambda p: [0.0, 6.0], lambda p: []),
    "leaky-ReLU": ({"alpha": 0.01}, lambda x, p: x if x >= 0 else p["alpha"] * x,
                   lambda x, p: mpf(1) if x > 0 else p["alpha"] if x < 0 else None,
                   lambda p: [0.0], lambda p: []),
    "ELU": ({"alpha": 1.0}, lambda x, p: x if x > 0 else p["alpha"] * mp.expm1(x),
            lambda x, p: mpf(1) if x > 0 else p["alpha"] * mp.exp(x)
            if x < 0 or p["alpha"] == 1 else None,
            lambda p: [0.0], lambda p: [-745.0]),
    "SELU": ({"lambda": 1.0507009873554805, "alpha": 1.6732632423543772},
             lambda x, p: p["lambda"] * x if x > 0 else p["lambda"] * p["alpha"] * mp.expm1(x),
             lambda x, p: p["lambda"] if x > 0 else p["lambda"] * p["alpha"] * mp.exp(x)
             if x < 0 or p["alpha"] == 1 else None,
             lambda p: [0.0], lambda p: []),
    "CELU": ({"alpha": 1.0}, lambda x, p: x if x > 0 else p["alpha"] * mp.expm1(x / p["alpha"]),
             lambda x, p: mpf(1) if x > 0 else mp.exp(x / p["alpha"]),
             lambda p: [0.0], lambda p: [-700 * float(p["alpha"]), -0.3, -7.77]),
    "softplus": ({"beta": 1.0}, lambda x, p: log1pexp(p["beta"] * x) / p["beta"],
                 lambda x, p: sig(p["beta"] * x), lambda p: [],
                 lambda p: [v / float(p["beta"]) for v in (-740.0, -700.0, -36.7, 19.9, 20.1, 37.0)]),
    "softsign": ({}, lambda x, p: x / (1 + abs(x)), lambda x, p: 1 / (1 + abs(x)) ** 2,
                 lambda p: [], lambda p: [1e20, -1e20]),
    "Swish": ({"beta": 1.0}, lambda x, p: x * sig(p["beta"] * x),
              lambda x, p: sig(p["beta"] * x) * (1 + p["beta"] * x * sig(-p["beta"] * x)),
              lambda p: [],
              lambda p: [] if p["beta"] == 0 else
              [v / float(p["beta"]) for v in (-1.2785, -1.2805, -1.2765, -700.0, -740.0, -37.0)]),
    "Mish": ({}, lambda x, p: x * mp.tanh(log1pexp(x)),
             lambda x, p: mp.tanh(log1pexp(x)) + x * sig(x) * mp.sech(log1pexp(x)) ** 2,
             lambda p: [], lambda p: [-1.19, -1.2, -0.3, 0.3, 36.0, -700.0]),
    "tanhExp": ({}, lambda x, p: x * tanh_of_huge(mp.exp(x)),
                lambda x, p: tanh_of_huge(mp.exp(x)) + x * mp.exp(x) * sech2_of_huge(mp.exp(x)),
                lambda p: [], lambda p: [3.9, 3.99, 4.01, 4.1, 88.0, 89.0, 709.0, -90.0, -1.0]),
    "h-swish": ({"n": 6.0},
                lambda x, p: x if x > p["n"] / 2 else x * (x + p["n"] / 2) / p["n"]
                if x > -p["n"] / 2 else mpf(0),
                lambda x, p: mpf(1) if x > p["n"] / 2 else (2 * x + p["n"] / 2) / p["n"]
                if x > -p["n"] / 2 else mpf(0),
                lambda p: [-p["n"] / 2, p["n"] / 2], lambda p: [-float(p["n"]) / 4]),
    "GELU": ({"approximate": "none"},
             lambda x, p: x * mp.erfc(-x / mp.sqrt(2)) / 2 if p["approximate"] == "none"
             else x * sig(2 * mp.sqrt(2 / mp.pi) * (x + gelu_c() * x ** 3)),
             lambda x, p: mp.erfc(-x / mp.sqrt(2)) / 2 + x * mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)
             if p["approximate"] == "none" else gelu_tanh_slope(x),
             lambda p: [],
             lambda p: [-0.75, -0.7518, 2.7, -2.7, 2.70, -2.705, -8.0, -13.0, -21.0, -26.0, -37.5,
                        -38.0, 1e4, -1e4, 1.0001e4, -1.0001e4, 7e12, 2e19]),
    "SiLU": ({}, lambda x, p: x * sig(x), lambda x, p: sig(x) * (1 + x * sig(-x)),
             lambda p: [], lambda p: [-1.2785, -1.2795, -1.2775, -37.0, -740.0]),
    "PReLU": ({"init": 0.25}, lambda x, p: x if x >= 0 else p["init"] * x,
              lambda x, p: mpf(1) if x > 0 else p["init"] if x < 0 else None,
              lambda p: [0.0], lambda p: []),
    "RReLU": ({"lower": 0.125, "upper": 0.3333333333333333},
              lambda x, p: x if x >= 0 else (p["lower"] + p["upper"]) / 2 * x,
              lambda x, p: mpf(1) if x > 0 else (p["lower"] + p["upper"]) / 2 if x < 0 else None,
              lambda p: [0.0], lambda p: []),
    "squareplus": ({"b": 4.0}, lambda x, p: (x + mp.sqrt(x * x + p["b"])) / 2,
                   lambda x, p: (1 + x / mp.sqrt(x * x + p["b"])) / 2,
                   lambda p: [], lambda p: [1e160, -1e160, 1e300, -1e300]),
}


def gelu_tanh_slope(x):
    k = mp.sqrt(2 / mp.pi)
    u = k * (x + gelu_c() * x ** 3)
    du = k * (1 + 3 * gelu_c() * x * x)
    return sig(2 * u) + 2 * x * sig(2 * u) * sig(-2 * u) * du


# The non-default parameter set of each parameterised function (exact in float where it can be).
OTHER_PARAMS = {
    "hard-shrink": {"lambda": 1.25},
    "soft-shrink": {"lambda": 1.25},
    "threshold": {"threshold": 0.5, "value": -2.0},
    "hard-sigmoid": {"slope": 0.16666666666666666, "offset": 0.5},
    "hard-tanh": {"min": -2.0, "max": 0.5},
    "leaky-ReLU": {"alpha": 0.2},
    "ELU": {"alpha": 0.5},
    "SELU": {"lambda": 1.5, "alpha": 0.75},
    "CELU": {"alpha": 0.3},
    "softplus": {"beta": 0.3},
    "Swish": {"beta": 0.3},
    "h-swish": {"n": 4.0},
    "GELU": {"approximate": "tanh"},
    "PReLU": {"init": 0.1},
    "RReLU": {"lower": 0.25, "upper": 0.5},
    "squareplus": {"b": 2.0},
}

# Points every elementwise function is checked at: the catalog's trap points and the places where
# formulas switch branch, overflow or cancel, as doubles and as floats, plus random points.
COMMON = [0.0, 1e-30, 1e-8, 1e-3, 0.01, 0.1, 0.12, 0.15, 0.25, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0,
          2.7, 3.0, 4.0, 4.5, 5.0, 6.0, 8.0, 10.0, 15.0, 20.0, 30.0, 37.0, 40.0, 50.0, 100.0,
          300.0, 700.0, 710.0, 1000.0, 1e4, 1e30]


def points_for(name, p, kinks, extra):
    rng = random.Random(name)
    pts = set()
    for v in COMMON + [float(e) for e in extra]:
        pts.update({v, -v, f32(v), -f32(v)})
    for k in kinks:
        k = float(k)
        for d in (0.0, 1e-3, -1e-3, 1e-9 * max(1.0, abs(k)), -1e-9 * max(1.0, abs(k))):
            pts.update({k + d, f32(k + d)})
    for _ in range(12):
        pts.add(f32(rng.uniform(-8, 8)))
        pts.add(rng.uniform(-8, 8))
    return sorted(v for v in pts if abs(v) != float("inf"))


def exact(fn, *args):
    """fn(*args) to 30 digits at least: recomputed at doubled precision until two agree.

    The first precision grows with the inputs' decimal exponents, so that x + sqrt(x^2 + b) at
    x = -1e160 or x - tanh x at 1e-30 cannot cancel to the same wrong 0 at both precisions."""
    def at(dps):
        with mp.workdps(dps):
            v = fn(*[mpf(a) if isinstance(a, float) else a for a in args])
            return None if v is None else +v
    spread = max([abs(mp.log10(abs(a))) for a in args if isinstance(a, float) and a != 0] + [0])
    dps = 60 + 2 * int(spread)
    last = at(dps)
    while True:
        dps *= 2
        now = at(dps)
        if last is None or now is None:
            return now
        if now == last or abs(now - last) <= mpf(10) ** -30 * abs(now):
            return now
        if dps > 4000:
            raise RuntimeError("no agreement for %r at %r" % (fn, args))
        last = now


def number(v):
    return "nan" if v is None else nstr(v, 20)


def near_zero(fn, x, p):
    """Whether fn has a zero within 1e-3 of x (sampled: a sign change or a 0 among 9 points)."""
    vals = [exact(lambda t, q: fn(mpf(x) + t, q), i / 4000, p) for i in range(-4, 5)]
    vals = [v for v in vals if v is not None]
    return any(v == 0 for v in vals) or any(a * b < 0 for a, b in zip(vals, vals[1:]))


def mp_params(defaults, given):
    p = dict(defaults)
    p.update(given)
    return {k: (v if isinstance(v, str) else mpf(v)) for k, v in p.items()}


def params_text(given):
    return " ".join("%s=%s" % (k, v if isinstance(v, str) else repr(v)) for k, v in given.items())


def elementwise_rows(name):
    defaults, f, df, kinks, extra = ELEMENTWISE[name]
    rows = []
    for given in [{}] + ([OTHER_PARAMS[name]] if name in OTHER_PARAMS else []):
        p = mp_params(defaults, given)
        for x in points_for(name, p, kinks(p), extra(p)):
            fx = exact(f, x, p)
            dfx = exact(df, x, p)
            flags = ("z" if near_zero(f, x, p) else "-") + ("z" if near_zero(df, x, p) else "-")
            rows.append([name, params_text(given), repr(x), "1", number(fx), number(dfx), flags])
    return rows


# Column-wise and shape-changing functions: f of a column and the vector-Jacobian product J^T dy,
# both from the catalog's definitions, written without subtracting from 1 so that no precision
# can be lost in them (y_i (dy_i - <dy, y>) = y_i sum_j y_j (dy_i - dy_j) as the y sum to 1).
def softmax_col(x):
    return [1 / mp.fsum(mp.exp(xj - xi) for xj in x) for xi in x]


def softmax_vjp(x, dy):
    y = softmax_col(x)
    return y, [y[i] * mp.fsum(y[j] * (dy[i] - dy[j]) for j in range(len(x))) for i in range(len(x))]


def softmin_vjp(x, dy):
    y, dx = softmax_vjp([-v for v in x], dy)
    return y, [-v for v in dx]


def log_softmax_vjp(x, dy):
    n = len(x)
    y = [-mp.log1p(mp.fsum(mp.exp(x[j] - x[i]) for j in range(n) if j != i)) for i in range(n)]
    p = softmax_col(x)
    dx = [mp.fsum(dy[i] * p[j] - p[i] * dy[j] for j in range(n) if j != i) for i in range(n)]
    return y, dx


def maxout_vjp(x, dy, k):
    y, dx = [], [mpf(0)] * len(x)
    for g in range(len(x) // k):
        group = x[g * k:(g + 1) * k]
        first = group.index(max(group))
        y.append(group[first])
        dx[g * k + first] = dy[g]
    return y, dx


def glu_vjp(x, dy):
    h = len(x) // 2
    a, b = x[:h], x[h:]
    y = [a[i] * sig(b[i]) for i in range(h)]
    da = [dy[i] * sig(b[i]) for i in range(h)]
    db = [dy[i] * a[i] * sig(b[i]) * sig(-b[i]) for i in range(h)]
    return y, da + db


def column_cases(rng, rows, count, scale):
    cases = []
    for _ in range(count):
        x = [f32(rng.gauss(0, scale)) for _ in range(rows)]
        dy = [f32(rng.uniform(-1, 1)) for _ in range(rows)]
        cases.append((x, dy))
    return cases


def column_rows():
    rng = random.Random(20240601)
    fixed = [
        ([1000.0, 0.0], [1.0, 0.0]), ([1000.0, 0.0], [0.0, 1.0]), ([1000.0, 0.0], [1.0, 1.0]),
        ([0.0, 1000.0], [0.25, -0.5]), ([-1000.0, 1000.0, 0.0], [1.0, 2.0, 3.0]),
        ([40.0, 0.0], [1.0, 0.0]), ([20.0, 0.0], [1.0, -1.0]), ([10.0, 0.0], [1.0, 0.0]),
        ([50.0, 0.3], [0.5, 0.25]), ([0.1, 0.2, 0.3], [0.3, -0.2, 0.1]),
        ([1e-8, -1e-8, 0.0, 1e-3], [1.0, 0.5, -0.25, 0.125]),
        ([3.0, 3.0, -1.0, 2.0], [1.0, -1.0, 0.5, 0.0]), ([-700.0, 0.0, 5.0], [0.5, 1.0, -1.0]),
        ([7.0], [1.0]), ([1e30, -1e30], [1.0, 1.0]), ([-30.0, -30.5, -29.75], [0.1, 0.2, 0.4]),
    ]
    cases = fixed + column_cases(rng, 5, 6, 1.0) + column_cases(rng, 6, 6, 10.0)
    rows = []
    for name, vjp in (("softmax", softmax_vjp), ("softmin", softmin_vjp),
                      ("log-softmax", log_softmax_vjp)):
        for x, dy in cases:
            y, dx = exact_vector(vjp, x, dy)
            rows.append(vector_row(name, "", x, dy, y, dx))
    maxout_cases = [
        ([1.0, 2.0, 3.0, 3.0], [1.0, -1.0]), ([2.0, 2.0, 2.0, -1.0, 5.0, -1.0], [0.5, 0.25, 4.0]),
        ([-1e30, 1e30, 0.1, 0.2], [1.0, 2.0]), ([0.0, -0.0, 7.0, 7.5], [3.0, 1.0]),
    ] + column_cases(rng, 6, 4, 3.0)
    for k in (2, 3):
        for x, dy in maxout_cases:
            if len(x) % k:
                continue
            dy = (dy + dy)[:len(x) // k]
            y, dx = exact_vector(lambda a, b: maxout_vjp(a, b, k), x, dy)
            rows.append(vector_row("maxout", "" if k == 2 else "k=3", x, dy, y, dx))
    glu_cases = [
        ([1.0, -2.0, 0.0, 40.0], [1.0, 1.0]), ([1000.0, -1000.0, -1000.0, 1000.0], [1.0, 0.5]),
        ([0.3, 0.1], [1.0]), ([-5.0, 2.0, 37.5, -37.5], [0.25, -4.0]),
        ([1e30, 2.0, -50.0, 3.0], [1.0, 1.0]),
    ] + column_cases(rng, 6, 4, 3.0)
    for x, dy in glu_cases:
        dy = (dy + dy)[:len(x) // 2]
        y, dx = exact_vector(glu_vjp, x, dy)
        rows.append(vector_row("GLU", "", x, dy, y, dx))
    return rows


def exact_vector(vjp, x, dy):
    def flat(*args):
        y, dx = vjp(*args)
        return y + dx
    n_y = len(vjp([mpf(v) for v in x], [mpf(v) for v in dy])[0])
    values = []
    for i in range(n_y + len(x)):
        values.append(exact(lambda *a: flat(list(a[:len(x)]), list(a[len(x):]))[i], *(x + dy)))
    return values[:n_y], values[n_y:]


def vector_row(name, params, x, dy, y, dx):
    return [name, params, " ".join(repr(v) for v in x), " ".join(repr(v) for v in dy),
            " ".join(number(v) for v in y), " ".join(number(v) for v in dx), ""]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__),
                                                             "activations.csv")
    rows = []
    for name in ELEMENTWISE:
        rows += elementwise_rows(name)
    rows += column_rows()
    with open(out, "w") as f:
        f.write("name,params,x,dy,f,dx,flags\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    print("%d cases written to %s" % (len(rows), out))


if __name__ == "__main__":
    main()
