"""Cross-check (not run by ctest; needs python3-torch): every activation that CATALOG.md calls
equal to torch.nn.functional, through `neurite apply` in double, against torch in float64 on a
grid and the trap points. Differences above 1e-13 are where torch loses digits (GELU's negative
tails, ELU/CELU/SELU at -1e-8, tanh-shrink near 0, hard-sigmoid where torch rounds to a tiny
non-zero value at its corner): there the tests' mpmath values decide.
Usage: /usr/bin/python3 torch_activations.py build/bin/neurite"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
neurite = sys.argv[1]
xs = np.concatenate([np.linspace(-8, 8, 161), [-1000, -40, -20, -1e-8, 1e-8, 20, 40, 1000]])
cases = {
    "ReLU": F.relu, "ReLU6": F.relu6, "leaky-ReLU": lambda x: F.leaky_relu(x, 0.01),
    "ELU": F.elu, "SELU": F.selu, "CELU": F.celu, "sigmoid": torch.sigmoid,
    "log-sigmoid": F.logsigmoid, "tanh": torch.tanh, "hard-tanh": F.hardtanh,
    "hard-shrink": F.hardshrink, "soft-shrink": F.softshrink, "softsign": F.softsign,
    "GELU": F.gelu, "GELU(approximate=tanh)": lambda x: F.gelu(x, approximate="tanh"),
    "SiLU": F.silu, "Mish": F.mish, "h-swish": F.hardswish,
    "hard-sigmoid(slope=0.16666666666666666)": F.hardsigmoid,
    "threshold": lambda x: F.threshold(x, 0.0, 0.0), "tanh-shrink": F.tanhshrink,
}
with tempfile.TemporaryDirectory() as tmp:
    inputs = os.path.join(tmp, "x.csv")
    np.savetxt(inputs, xs.reshape(-1, 1), fmt="%.17g")
    for spec, f in cases.items():
        out = subprocess.run([neurite, "apply", spec, "--input", inputs, "--dtype", "double"],
                             capture_output=True, text=True, check=True).stdout
        y = np.array([float(v) for v in out.split()])
        t = f(torch.tensor(xs)).numpy()
        beyond = int((~np.isclose(y, t, rtol=1e-13, atol=0)).sum())
        print(f"{spec:40} points differing by more than 1e-13 relative: {beyond}")
