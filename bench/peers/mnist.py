"""Reads the MNIST-format IDX files (plain or .gz) the way `neurite train --data DIR` does."""
import gzip
import os
import struct

import numpy as np


def _read(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return f.read()


def _find(directory, name):
    for candidate in (os.path.join(directory, name), os.path.join(directory, name + ".gz")):
        if os.path.exists(candidate):
            return candidate
    raise SystemExit(f"{directory} has no {name}")


def load(directory, prefix="train", dtype=np.float32):
    """Images as an (n, 784) array scaled into [0, 1], labels as an int64 vector."""
    images = _read(_find(directory, f"{prefix}-images-idx3-ubyte"))
    labels = _read(_find(directory, f"{prefix}-labels-idx1-ubyte"))
    n, rows, cols = struct.unpack(">III", images[4:16])
    x = np.frombuffer(images, dtype=np.uint8, offset=16).reshape(n, rows * cols)
    y = np.frombuffer(labels, dtype=np.uint8, offset=8).astype(np.int64)
    return (x.astype(dtype) / dtype(255)), y
