"""Digits test accuracy over many seeds (and splits): Descent's `descent train` against the
same recipe in PyTorch (and scikit-learn's MLPClassifier), on the same scaled splits.

    $DESCENT_VENV/bin/python scripts/bench/digits_accuracy_vs_peers.py [--seeds 40] [--init pytorch]
        [--split-seeds 0:1] [--scaling none|global|feature] [--label-smoothing 0.1]

`--split-seeds A:B` repeats the seeds on each split seed A..B-1 (the default, 0:1, is the
split `descent train` uses); `--scaling` is given to every side (default: the data's
default, which for digits is none, the raw pixel counts).

Recipe on every side: MLP 64-256-256-10 with ReLU, softmax cross-entropy with label smoothing
0.1 (`make train`'s recipe; scikit-learn has no label smoothing and always trains without),
AdamW (lr 1e-3, PyTorch's defaults otherwise; scikit-learn: Adam with its L2 1e-4), batch 64
reshuffled each epoch, 20 epochs. `--init pytorch` is PyTorch's default Linear initialisation;
`--init xavier-uniform` draws weights Glorot-uniform, as scikit-learn always does.

One 269-example test set moves by 0.37% per example and a seed's accuracy has a standard
deviation of about 0.5%, so a mean over three seeds says little about an implementation;
this script prints the mean and its standard error over many seeds per side, and the
mean of seeds 0-2 for reference.
"""
import argparse
import json
import statistics
import warnings

import numpy as np
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from common import digits_recipe, export_split, run_json

parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=40)
parser.add_argument("--init", default="pytorch", choices=["pytorch", "xavier-uniform"])
parser.add_argument("--split-seeds", default="0:1")
parser.add_argument("--scaling", choices=["none", "global", "feature"])
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--label-smoothing", type=float, default=0.1)
parser.add_argument("--no-sklearn", action="store_true")
args = parser.parse_args()
torch.set_num_threads(1)

first_split, end_split = (int(v) for v in args.split_seeds.split(":"))
split_seeds = range(first_split, end_split)
parts = {split_seed: export_split(split_seed, args.scaling) for split_seed in split_seeds}


def descent_run(split_seed, seed):
    r = run_json(digits_recipe(seed, epochs=args.epochs, init=args.init, label_smoothing=args.label_smoothing,
                               threads=1, split_seed=split_seed, scaling=args.scaling))
    return r["validation_accuracy"], r["test_accuracy"]


def torch_run(split_seed, seed):
    part = parts[split_seed]
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(64, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256),
                                torch.nn.ReLU(), torch.nn.Linear(256, 10))
    if args.init == "xavier-uniform":
        for layer in model:
            if isinstance(layer, torch.nn.Linear):
                torch.nn.init.xavier_uniform_(layer.weight)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x, y = torch.from_numpy(part["train_x"]), torch.from_numpy(part["train_y"]).long()
    generator = torch.Generator().manual_seed(seed)
    for _ in range(args.epochs):
        order = torch.randperm(len(y), generator=generator)
        for start in range(0, len(y), 64):
            rows = order[start:start + 64]
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(x[rows]), y[rows],
                                              label_smoothing=args.label_smoothing).backward()
            optimizer.step()
    with torch.no_grad():
        def accuracy(name):
            logits = model(torch.from_numpy(part[f"{name}_x"]))
            return float((logits.argmax(1) == torch.from_numpy(part[f"{name}_y"]).long()).float().mean())
        return accuracy("validation"), accuracy("test")


def sklearn_run(split_seed, seed):
    part = parts[split_seed]
    clf = MLPClassifier(hidden_layer_sizes=(256, 256), solver="adam", batch_size=64, learning_rate_init=1e-3,
                        max_iter=args.epochs, random_state=seed, shuffle=True, tol=0, n_iter_no_change=10**9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(part["train_x"], part["train_y"].astype(int))
    return tuple(float((clf.predict(part[f"{n}_x"]) == part[f"{n}_y"].astype(int)).mean())
                 for n in ["validation", "test"])


sides = {"descent": descent_run, "torch": torch_run}
if not args.no_sklearn:
    sides["sklearn"] = sklearn_run
result = {"benchmark": "digits_accuracy_over_seeds", "seeds": args.seeds, "init": args.init,
          "split_seeds": args.split_seeds, "scaling": args.scaling or "the data's default", "epochs": args.epochs,
          "label_smoothing": args.label_smoothing}
for name, run in sides.items():
    runs = [run(split_seed, seed) for split_seed in split_seeds for seed in range(args.seeds)]
    test = [t for _, t in runs]
    result[name] = {
        "test_mean": statistics.mean(test),
        "test_standard_error": statistics.stdev(test) / len(test) ** 0.5 if len(test) > 1 else None,
        "test_mean_seeds_0_2_first_split": statistics.mean(test[:3]),
        "validation_mean": statistics.mean(v for v, _ in runs),
    }
print(json.dumps(result))
