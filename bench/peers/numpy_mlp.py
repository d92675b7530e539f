"""The reference training in plain numpy, as the seed documents write it by hand:
784-100-50-10, batch 100, SGD lr=0.1, softmax cross-entropy, He initialisation. Prints one JSON
line with the training seconds of each epoch."""
import argparse
import json
import time

import numpy as np

import mnist

parser = argparse.ArgumentParser()
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--activation", default="relu", choices=["relu", "tanhexp"])
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--dtype", default="float32", choices=["float32", "float64"])
args = parser.parse_args()

dtype = np.dtype(args.dtype).type
rng = np.random.default_rng(10)
x, y = mnist.load(args.data, dtype=dtype)
widths = [784, 100, 50, 10]
weights = [(rng.standard_normal((i, o)) * np.sqrt(2.0 / i)).astype(dtype)
           for i, o in zip(widths, widths[1:])]
biases = [np.zeros(o, dtype=dtype) for o in widths[1:]]


def activation(a):
    if args.activation == "relu":
        return np.maximum(a, 0), (a > 0).astype(dtype)
    t = np.tanh(np.exp(np.minimum(a, 20)))
    e = np.exp(np.minimum(a, 20))
    return a * t, t + a * e * (1 - t * t)


seconds = []
for epoch in range(args.epochs):
    start = time.perf_counter()
    order = rng.permutation(len(x))
    correct = 0
    for first in range(0, len(x), 100):
        index = order[first:first + 100]
        xb, yb = x[index], y[index]
        inputs, derivatives, h = [], [], xb
        for layer in range(2):
            inputs.append(h)
            h, d = activation(h @ weights[layer] + biases[layer])
            derivatives.append(d)
        inputs.append(h)
        z = h @ weights[2] + biases[2]
        z = z - z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        correct += int((p.argmax(axis=1) == yb).sum())
        dz = p
        dz[np.arange(len(yb)), yb] -= 1
        dz /= len(yb)
        for layer in (2, 1, 0):
            grad_w = inputs[layer].T @ dz
            grad_b = dz.sum(axis=0)
            if layer:
                dz = (dz @ weights[layer].T) * derivatives[layer - 1]
            weights[layer] -= dtype(0.1) * grad_w
            biases[layer] -= dtype(0.1) * grad_b
    seconds.append(time.perf_counter() - start)
print(json.dumps({"peer": "numpy", "activation": args.activation, "dtype": args.dtype,
                  "seconds": seconds, "train_acc": correct / len(x)}))
