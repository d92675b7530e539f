"""The reference training in PyTorch: 784-100-50-10, batch 100, SGD lr=0.1, tensors preloaded,
manual batching (no DataLoader). Prints one JSON line with the training seconds of each epoch
(shuffle, gather, forward, loss, backward, update, running metrics), as Neurite counts them."""
import argparse
import json
import time

import torch

import mnist

parser = argparse.ArgumentParser()
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--activation", default="relu", choices=["relu", "mish"])
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--threads", type=int, default=1)
args = parser.parse_args()

torch.set_num_threads(args.threads)
torch.manual_seed(10)
x_np, y_np = mnist.load(args.data)
x, y = torch.from_numpy(x_np), torch.from_numpy(y_np)
act = torch.nn.ReLU() if args.activation == "relu" else torch.nn.Mish()
model = torch.nn.Sequential(torch.nn.Linear(784, 100), act, torch.nn.Linear(100, 50), act,
                            torch.nn.Linear(50, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
loss_fn = torch.nn.CrossEntropyLoss()
seconds = []
for epoch in range(args.epochs):
    start = time.perf_counter()
    order = torch.randperm(x.shape[0])
    correct, loss_sum = 0, 0.0
    for first in range(0, x.shape[0], 100):
        index = order[first:first + 100]
        xb, yb = x[index], y[index]
        out = model(xb)
        loss = loss_fn(out, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        correct += (out.argmax(1) == yb).sum().item()
        loss_sum += loss.item() * len(index)
    seconds.append(time.perf_counter() - start)
print(json.dumps({"peer": "pytorch", "activation": args.activation, "threads": args.threads,
                  "seconds": seconds, "train_acc": correct / x.shape[0]}))
