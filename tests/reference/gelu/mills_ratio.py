"""The rational R = P/Q with the Mills ratio M(a) = 1/(a + R(a)) on [0, 14], for the float erf form
in plugins/activations/gelu.cpp."""
from lawson import *
mp.mp.dps = 30
def fit_rat(xs, f, a, b, iters=40):
    Q = np.ones(len(xs)); best=None
    V = np.array([[x**i for i in range(max(a,b)+1)] for x in xs])
    for k in range(iters):
        A = np.hstack([V[:, :a+1], -(f[:,None]*V[:, 1:b+1])])
        w = 1/(np.abs(f)*np.abs(Q))
        m, c = lawson(A, f, w, iters=100)
        p = c[:a+1]; q = np.concatenate([[1.0], c[a+1:]])
        Q = V[:, :b+1] @ q
        err = np.max(np.abs((V[:, :a+1] @ p)/Q/f - 1))
        if best is None or err < best[0]: best=(err,p,q)
    return best
M = lambda a: float(mp.sqrt(2*mp.pi)*mp.e**(a*a/2)*mp.ncdf(-a))
for top in [14.0]:
    xs = np.unique(np.concatenate([np.linspace(0, top, 3000), top*np.sin(np.linspace(0, np.pi/2, 2000))**2]))
    f = np.array([M(x) for x in xs])
    for n in [(3,4),(4,5),(5,6),(6,7)]:
        e,p,q = fit_rat(xs, f, *n)
        print(top, n, e, list(map(float,p)), list(map(float,q)))
