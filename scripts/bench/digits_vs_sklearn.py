"""Digits, MLP 256-256, Adam(W), batch 64, 20 epochs: Descent's `descent train` (`make train`'s
recipe, with label smoothing 0.1, which scikit-learn does not offer) against
scikit-learn's MLPClassifier on the same split (scaled as `descent train` scales it), side by
side in one run.

    $DESCENT_VENV/bin/python scripts/bench/digits_vs_sklearn.py [--seeds 3] [--rounds 3] [--epochs 20] [--init pytorch]
        [--label-smoothing 0.1]

For each seed both are trained `--rounds` times, alternating (the machines are shared, and
a slow spell should hit both sides); printed: each side's test accuracy (mean over seeds;
both sides are deterministic per seed) and training time (median over all runs), and the
time ratio (scikit-learn over Descent). `--init xavier-uniform` gives Descent scikit-learn's
Glorot-uniform weights.
Descent's time is its training loop with per-epoch validation (`seconds` in its JSON);
scikit-learn's is `fit` (no validation).
"""
import argparse
import json
import time
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier
from threadpoolctl import threadpool_limits

from common import digits_recipe, export_split, median, run_json

parser = argparse.ArgumentParser()
parser.add_argument("--seeds", type=int, default=3)
parser.add_argument("--epochs", type=int, default=20)
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--init", default="pytorch")
parser.add_argument("--label-smoothing", type=float, default=0.1)
args = parser.parse_args()

split = export_split()
xtr, ytr = split["train_x"], split["train_y"].astype(int)
xte, yte = split["test_x"], split["test_y"].astype(int)

ours, theirs = [], []
for seed in range(args.seeds):
    for round in range(args.rounds):
        time.sleep(0.5)  # lets numpy's OpenBLAS threads stop spinning before Descent starts
        r = run_json(digits_recipe(seed, epochs=args.epochs, init=args.init, label_smoothing=args.label_smoothing,
                                   threads=args.threads))
        ours.append((seed, r["test_accuracy"], r["seconds"]))
        time.sleep(0.5)
        clf = MLPClassifier(hidden_layer_sizes=(256, 256), solver="adam", batch_size=64, learning_rate_init=1e-3,
                            max_iter=args.epochs, random_state=seed, shuffle=True, tol=0, n_iter_no_change=10**9)
        with warnings.catch_warnings(), threadpool_limits(args.threads):
            warnings.simplefilter("ignore", ConvergenceWarning)
            start = time.perf_counter()
            clf.fit(xtr, ytr)
            elapsed = time.perf_counter() - start
        theirs.append((seed, float((clf.predict(xte) == yte).mean()), elapsed))


def accuracy(runs):
    per_seed = {seed: a for seed, a, _ in runs}
    return float(np.mean(list(per_seed.values())))


result = {
    "benchmark": "digits_mlp_256_256_adam_20_epochs", "seeds": args.seeds, "rounds": args.rounds,
    "epochs": args.epochs, "init": args.init, "threads": args.threads, "label_smoothing": args.label_smoothing,
    "train_examples": int(len(ytr)), "test_examples": int(len(yte)),
    "descent_test_accuracy": accuracy(ours), "sklearn_test_accuracy": accuracy(theirs),
    "descent_seconds": median([t for _, _, t in ours]), "sklearn_seconds": median([t for _, _, t in theirs]),
    "descent_runs": ours, "sklearn_runs": theirs,
}
result["speedup"] = result["sklearn_seconds"] / result["descent_seconds"]
print(json.dumps(result))
