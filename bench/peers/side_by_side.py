"""Runs Neurite, PyTorch and numpy on the same reference training, interleaved, several times
each, and prints the median seconds per epoch (training steps only, the first epoch of each run
left out as warm-up) and their ratios. Neurite also runs with NEURITE_GEMM=armadillo, the
fallback without oneDNN."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser()
parser.add_argument("--neurite", default=os.path.join(here, "..", "..", "build", "bin", "neurite"))
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="Neurite's thread count (default: every core, its best here)")
parser.add_argument("--json", help="write the medians to this file")
args = parser.parse_args()


def warm_median(seconds):
    return statistics.median(seconds[1:])


def neurite(activation, gemm):
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, "history.json")
        env = dict(os.environ, NEURITE_GEMM=gemm)
        subprocess.run([args.neurite, "train", "--activation", activation, "--epochs",
                        str(args.epochs), "--threads", str(args.threads), "--data", args.data,
                        "--history", history], check=True, env=env, stdout=subprocess.DEVNULL)
        with open(history) as f:
            return warm_median([row["seconds"] for row in json.load(f)])


def peer(script, *extra):
    out = subprocess.run([sys.executable, os.path.join(here, script), "--epochs", str(args.epochs),
                          "--data", args.data, *extra], check=True, capture_output=True, text=True)
    return warm_median(json.loads(out.stdout)["seconds"])


rows = {}
for name, neurite_act, torch_act, numpy_act in (("ReLU", "ReLU", "relu", "relu"),
                                                ("tanhExp", "tanhExp", "mish", "tanhexp")):
    times = {"neurite": [], "neurite (fallback)": [], "pytorch": [], "numpy": []}
    for repeat in range(args.repeats):
        times["neurite"].append(neurite(neurite_act, "onednn"))
        times["pytorch"].append(peer("torch_mlp.py", "--activation", torch_act))
        times["neurite (fallback)"].append(neurite(neurite_act, "armadillo"))
        times["numpy"].append(peer("numpy_mlp.py", "--activation", numpy_act))
        print(f"{name}: run {repeat + 1}/{args.repeats} done", file=sys.stderr)
    rows[name] = {k: statistics.median(v) for k, v in times.items()}

print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}, "
      f"Neurite --threads {args.threads}, PyTorch 1 thread, medians of {args.repeats} interleaved "
      f"runs, seconds per epoch (training steps only)")
print(f"{'activation':10} {'neurite':>9} {'fallback':>9} {'pytorch':>9} {'numpy':>9} "
      f"{'neurite/pytorch':>16} {'fallback/pytorch':>17} {'neurite/numpy':>14}")
for name, r in rows.items():
    print(f"{name:10} {r['neurite']:9.3f} {r['neurite (fallback)']:9.3f} {r['pytorch']:9.3f} "
          f"{r['numpy']:9.3f} {r['neurite'] / r['pytorch']:16.2f} "
          f"{r['neurite (fallback)'] / r['pytorch']:17.2f} {r['neurite'] / r['numpy']:14.2f}")
print("(pytorch runs Mish where Neurite and numpy run tanhExp: its nearest built-in)")
if args.json:
    with open(args.json, "w") as f:
        json.dump(rows, f, indent=2)
