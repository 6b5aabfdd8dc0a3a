"""descent eval against scikit-learn on 1 M predictions of 10 classes, side by side.

Run with the peer venv (scripts/python/make_venv.sh):
    $DESCENT_VENV/bin/python scripts/bench/eval_vs_sklearn.py [--rows 1000000] [--classes 10] [--rounds 5] [--threads 2]

Writes bench/eval_<rows>x<classes>.csv once (Dirichlet probabilities, labels drawn from them, 9
significant digits), then in alternating rounds times:
- metrics: descent's ClassificationMetrics (EvalBenchmarks, release build, data in memory) against
  the same metrics in scikit-learn 1.9 on numpy arrays in memory: accuracy_score,
  balanced_accuracy_score, precision_recall_fscore_support (macro, micro, weighted),
  roc_auc_score(multi_class="ovr"), average_precision_score(average="macro"), log_loss,
  brier_score_loss, confusion_matrix, and the ECE (15 equal-width bins, torchmetrics' rule) and
  equal-mass ECE in numpy (scikit-learn has neither);
- end to end: `descent eval --predictions FILE --label y --json` as a process (reading the CSV,
  the metrics, temperature scaling and the selective curve on a validation half, the JSON)
  against pandas.read_csv plus the same scikit-learn metrics in this process (interpreter start
  and imports not counted).
Prints the medians and the ratios (scikit-learn time / descent time), and checks that both
sides agree on every metric.
"""
import argparse
import json
import pathlib
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import sklearn.metrics as skm

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from common import ROOT, median, release_binary  # noqa: E402

BINS = 15


def make_file(path, rows, classes, seed=0):
    if path.exists():
        return
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.full(classes, 0.3), size=rows)
    # Labels: the top class 70% of the time, otherwise drawn from the probabilities.
    cum = p.cumsum(1)
    drawn = (rng.random((rows, 1)) > cum).sum(1).clip(0, classes - 1)
    y = np.where(rng.random(rows) < 0.7, p.argmax(1), drawn)
    frame = pd.DataFrame({"y": y})
    for c in range(classes):
        frame[f"p_{c}"] = p[:, c]
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, float_format="%.9g")


def ece(conf, correct):
    bounds = np.linspace(0, 1, BINS + 1)
    idx = np.searchsorted(bounds, conf, side="right") - 1
    n = len(conf)
    counts = np.bincount(idx, minlength=BINS + 1)
    conf_sum = np.bincount(idx, weights=conf, minlength=BINS + 1)
    acc_sum = np.bincount(idx, weights=correct, minlength=BINS + 1)
    nz = counts > 0
    return float(np.sum(np.abs(acc_sum[nz] - conf_sum[nz])) / n)


def ece_equal_mass(conf, correct):
    order = np.lexsort((correct, conf))
    n = len(conf)
    total = 0.0
    for part in np.array_split(order, BINS):
        total += abs(correct[part].mean() - conf[part].mean()) * len(part) / n
    return total


def sklearn_metrics(y, p):
    k = p.shape[1]
    pred = p.argmax(1)
    out = {"accuracy": skm.accuracy_score(y, pred), "balanced_accuracy": skm.balanced_accuracy_score(y, pred)}
    for avg in ("macro", "micro", "weighted"):
        prec, rec, f1, _ = skm.precision_recall_fscore_support(y, pred, average=avg, zero_division=0)
        out[f"precision_{avg}"], out[f"recall_{avg}"], out[f"f1_{avg}"] = prec, rec, f1
    out["roc_auc_ovr"] = skm.roc_auc_score(y, p, multi_class="ovr", average="macro")
    out["average_precision"] = skm.average_precision_score(y, p, average="macro")
    out["log_loss"] = skm.log_loss(y, p, labels=list(range(k)))
    out["brier"] = skm.brier_score_loss(y, p, labels=list(range(k)))
    out["confusion_matrix"] = skm.confusion_matrix(y, pred, labels=list(range(k)))
    conf = p.max(1)
    correct = (pred == y).astype(float)
    out["ece"] = ece(conf, correct)
    out["ece_equal_mass"] = ece_equal_mass(conf, correct)
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()

    path = ROOT / "bench" / f"eval_{args.rows}x{args.classes}.csv"
    make_file(path, args.rows, args.classes)
    descent = release_binary("descent")
    bench = release_binary("EvalBenchmarks")

    frame = pd.read_csv(path)
    y = frame["y"].to_numpy()
    p = frame[[f"p_{c}" for c in range(args.classes)]].to_numpy()
    del frame

    times = {"descent_metrics": [], "sklearn_metrics": [], "descent_eval": [], "pandas_sklearn": []}
    descent_json = None
    for round_ in range(args.rounds):
        out = subprocess.run([bench, "--input", path, "--label", "y", "--repeats", "1", "--threads", str(args.threads)],
                             check=True, capture_output=True, text=True)
        times["descent_metrics"].append(json.loads(out.stdout)["metrics_ms"][0] / 1000)

        start = time.perf_counter()
        reference = sklearn_metrics(y, p)
        times["sklearn_metrics"].append(time.perf_counter() - start)

        start = time.perf_counter()
        out = subprocess.run([descent, "eval", "--predictions", path, "--label", "y", "--json", "--threads", str(args.threads)],
                             check=True, capture_output=True, text=True)
        times["descent_eval"].append(time.perf_counter() - start)
        descent_json = json.loads(out.stdout)

        start = time.perf_counter()
        f = pd.read_csv(path)
        sklearn_metrics(f["y"].to_numpy(), f[[f"p_{c}" for c in range(args.classes)]].to_numpy())
        times["pandas_sklearn"].append(time.perf_counter() - start)
        del f
        print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1]:.3f} s" for k, v in times.items()), flush=True)

    worst = 0.0
    for key, value in descent_json["metrics"].items():
        worst = max(worst, abs(value - reference[key]) / max(1.0, abs(reference[key])))
    assert np.array_equal(np.array(descent_json["confusion_matrix"]), reference["confusion_matrix"])
    m = {k: median(v) for k, v in times.items()}
    print(f"{args.rows} rows x {args.classes} classes, {args.threads} threads, medians of {args.rounds} alternating rounds;"
          f" largest relative difference of the 13 metrics: {worst:.2e}, confusion matrices equal")
    print(f"metrics (data in memory): descent {m['descent_metrics']:.3f} s, scikit-learn {m['sklearn_metrics']:.3f} s,"
          f" ratio {m['sklearn_metrics'] / m['descent_metrics']:.1f}x")
    print(f"end to end (read the CSV, the metrics): descent eval {m['descent_eval']:.3f} s,"
          f" pandas + scikit-learn {m['pandas_sklearn']:.3f} s, ratio {m['pandas_sklearn'] / m['descent_eval']:.1f}x")


if __name__ == "__main__":
    main()
