"""Minimax (Lawson) weighted least squares, shared by the GELU fits."""
import numpy as np, mpmath as mp
mp.mp.dps = 40
def lawson(A, f, w, iters=300):
    lw = np.ones(len(f)) / len(f)
    best = None
    for it in range(iters):
        sw = np.sqrt(lw)
        c, *_ = np.linalg.lstsq(A * (sw * w)[:, None], f * sw * w, rcond=None)
        err = np.abs((A @ c - f) * w)
        m = err.max()
        if best is None or m < best[0]: best = (m, c)
        lw = lw * (err + 1e-300); lw /= lw.sum()
    return best
