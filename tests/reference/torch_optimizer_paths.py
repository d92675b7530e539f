"""Cross-check (not run by ctest; needs python3-torch, which bench/peers/run installs): the
optimizers that CATALOG.md calls equal to torch.optim 1.13 follow torch's path in float64 on the
conformance quadratic. Usage: /usr/bin/python3 torch_optimizer_paths.py build/bin/neurite"""
import csv
import subprocess
import sys

import torch

torch.set_default_dtype(torch.float64)
neurite = sys.argv[1]
steps = 40
cases = {
    "SGD(lr=0.05)": lambda p: torch.optim.SGD(p, lr=0.05),
    "MSGD(lr=0.05,mu=0.8)": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8),
    "NAG(lr=0.05,mu=0.8)": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.8, nesterov=True),
    "AdaGrad(lr=0.1)": lambda p: torch.optim.Adagrad(p, lr=0.1, eps=1e-10),
    "RMSprop(lr=0.01)": lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8),
    "AdaDelta(lr=1,rho=0.9)": lambda p: torch.optim.Adadelta(p, lr=1, rho=0.9, eps=1e-6),
    "Adam(lr=0.05)": lambda p: torch.optim.Adam(p, lr=0.05),
    "AdaMax(lr=0.05)": lambda p: torch.optim.Adamax(p, lr=0.05),
    "AdamW(lr=0.05)": lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.01),
    "RAdam(lr=0.05)": lambda p: torch.optim.RAdam(p, lr=0.05),
    "Rprop(lr=0.01)": lambda p: torch.optim.Rprop(p, lr=0.01),
}
for spec, make in cases.items():
    out = subprocess.run([neurite, "optimize", "--optimizer", spec, "--function", "quadratic",
                          "--steps", str(steps)], capture_output=True, text=True, check=True)
    path = [[float(v) for v in row[2:4]] for row in csv.reader(out.stdout.splitlines()[1:])]
    x = torch.tensor([1.0, 1.0], requires_grad=True)
    optimizer = make([x])
    worst = 0.0
    for step in range(1, steps + 1):
        optimizer.zero_grad()
        (0.5 * (x[0] ** 2 + 10 * x[1] ** 2)).backward()
        optimizer.step()
        worst = max(worst, max(abs(path[step][i] - x[i].item()) for i in range(2)))
    print(f"{spec:24} largest |neurite - torch| over {steps} steps: {worst:.2e}")
