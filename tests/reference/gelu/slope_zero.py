"""The polynomial P with GELU'(x0 + d) = d P(d) on [a, b] around the zero x0 of the slope, for the float
forms in plugins/activations/gelu.cpp. Usage: slope_zero.py erf|tanh a b (the plugin: -1.6 -0.25)."""
from lawson import *
import sys
mp.mp.dps = 50
form = sys.argv[1]
k1 = 2*mp.sqrt(2/mp.pi); k3 = k1*mp.mpf('0.044715')
def fp(x):
    if form == 'erf':
        return mp.ncdf(x) + x*mp.npdf(x)
    v = k1*x + k3*x**3; s = 1/(1+mp.e**(-v)); c = 1 - s
    return s + x*s*c*(k1 + 3*k3*x*x)
x0 = mp.findroot(fp, -0.75)
x0hi = float(np.float32(float(x0))); x0lo = float(np.float32(float(x0 - x0hi)))
print("x0", x0, "hi", repr(np.float32(x0hi)), "lo", repr(np.float32(x0lo)))
a, b = float(sys.argv[2]), float(sys.argv[3])
for deg in range(4, 9):
    ds = np.linspace(a - float(x0), b - float(x0), 3000)
    ds = ds[np.abs(ds) > 1e-9]
    f = np.array([float(fp(x0 + d) / d) for d in ds])
    A = np.array([[d**i for i in range(deg + 1)] for d in ds])
    m, c = lawson(A, f, 1/np.abs(f), iters=300)
    print(deg, m, ', '.join(repr(np.float32(ci)) for ci in c))
