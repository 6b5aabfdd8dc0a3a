"""`descent audit` on the digits with planted problems, and cleanlab beside it.

    swift build -c release --product descent
    $DESCENT_VENV/bin/python scripts/audit/digits_audit.py [--flip 0.1] [--seed 0] [--descent .build/release/descent]

Plants, in a seeded 80/20 split of the 1,797 digits: 10% of the training labels flipped to
another class at random; 20 training rows copied into the test split; 30 e-mail addresses,
30 phone numbers and 30 payment-card numbers (Luhn-valid) in a free-text `note` column.
Then runs `descent audit` (label issues from its own cross-validated MLP) and reports:
precision and recall of `label_issues` against the flipped rows; how many copied rows
`train_test_leakage` reports; the PII found by the audit and replaced by `descent audit redact`.
Beside it, cleanlab's find_label_issues on out-of-fold probabilities of scikit-learn's
LogisticRegression (5-fold cross_val_predict), and descent given those same probabilities
(--pred-probs), which must flag exactly the rows cleanlab flags.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from cleanlab.filter import find_label_issues


def luhn_card(rng):
    digits = [4] + list(rng.integers(0, 10, size=14))
    for check in range(10):
        candidate = digits + [check]
        total = 0
        for i, d in enumerate(reversed(candidate)):
            if i % 2 == 1:
                d = d * 2
                d = d - 9 if d > 9 else d
            total += d
        if total % 10 == 0:
            s = "".join(map(str, candidate))
            return f"{s[0:4]} {s[4:8]} {s[8:12]} {s[12:16]}"


def write_csv(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--flip", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copies", type=int, default=20)
    ap.add_argument("--pii", type=int, default=30)
    ap.add_argument("--descent", default=".build/release/descent")
    ap.add_argument("--keep", help="write the files into this folder instead of a temporary one")
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)

    x, y = load_digits(return_X_y=True)
    order = rng.permutation(len(y))
    cut = int(0.8 * len(y))
    train_idx, test_idx = order[:cut], order[cut:]
    xtr, ytr = x[train_idx], y[train_idx].copy()
    xte, yte = x[test_idx], y[test_idx]
    n = len(ytr)
    flipped = rng.choice(n, size=int(round(args.flip * n)), replace=False)
    for i in flipped:
        ytr[i] = rng.choice([c for c in range(10) if c != ytr[i]])
    copies = rng.choice(n, size=args.copies, replace=False)
    xte = np.vstack([xte, xtr[copies]])
    yte = np.concatenate([yte, y[train_idx][copies]])

    notes = [f"scan {i} reviewed by the night shift" for i in range(n)]
    planted = {"email": [], "phone": [], "payment_card": []}
    rows = rng.permutation(n)[: 3 * args.pii]
    for j, i in enumerate(rows):
        if j < args.pii:
            value = f"ann.{j}@clinic{j % 7}.example.org"
            planted["email"].append(value)
            notes[i] = f"sent to {value} for review"
        elif j < 2 * args.pii:
            value = f"+1 415-555-{1000 + j:04d}"
            planted["phone"].append(value)
            notes[i] = f"call {value} if unclear"
        else:
            value = luhn_card(rng)
            planted["payment_card"].append(value)
            notes[i] = f"paid with {value} at intake"

    folder = args.keep or tempfile.mkdtemp(prefix="descent-audit-")
    os.makedirs(folder, exist_ok=True)
    header = [f"px{i}" for i in range(64)] + ["note", "label"]
    train_csv, test_csv = os.path.join(folder, "train.csv"), os.path.join(folder, "test.csv")
    write_csv(train_csv, header, [list(map(int, xtr[i])) + [notes[i], int(ytr[i])] for i in range(n)])
    write_csv(test_csv, header, [list(map(int, xte[i])) + [f"test scan {i} reviewed", int(yte[i])] for i in range(len(yte))])

    def audit(extra):
        rows_out = os.path.join(folder, "rows.csv")
        started = time.perf_counter()
        run = subprocess.run([args.descent, "audit", "--train", train_csv, "--test", test_csv, "--label", "label",
                              "--json", "--rows-out", rows_out] + extra, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if run.returncode not in (0, 1):
            sys.exit(f"descent audit failed ({run.returncode}): {run.stderr}")
        report = json.loads(run.stdout)
        flagged = {}
        with open(rows_out) as f:
            for r in csv.DictReader(f):
                flagged.setdefault((r["check"], r["split"]), set()).add(int(r["row"]) - 1)
        return report, flagged, seconds

    def precision_recall(found):
        truth = set(int(i) for i in flipped)
        hits = len(found & truth)
        return hits / max(len(found), 1), hits / len(truth), hits

    print(f"digits: {n} train rows ({len(flipped)} labels flipped), {len(yte)} test rows ({args.copies} copied from train); files in {folder}")
    report, flagged, seconds = audit(["--html", os.path.join(folder, "report.html")])
    found = flagged.get(("label_issues", "train"), set())
    p, r, hits = precision_recall(found)
    print(f"descent audit (its own 5-fold cross-validated MLP, {seconds:.1f} s): label_issues flags {len(found)} rows, "
          f"{hits} of them flipped: precision {p:.3f}, recall {r:.3f}")
    leaked = flagged.get(("train_test_leakage", "test"), set())
    copied = set(range(len(yte) - args.copies, len(yte)))
    print(f"train_test_leakage: {len(leaked)} test rows reported; {len(leaked & copied)} of the {args.copies} copied rows")
    pii = next((f for f in report["findings"] if f["check"] == "pii"), None)
    print(f"pii: {pii['message'] if pii else 'none found'}")
    print("findings:", ", ".join(f"{f['check']} ({f['severity']}, {f['count']})" for f in report["findings"]))

    redacted = os.path.join(folder, "train-redacted.csv")
    run = subprocess.run([args.descent, "audit", "redact", "--input", train_csv, "--out", redacted, "--json"],
                         capture_output=True, text=True, check=True)
    replaced = json.loads(run.stdout)["replaced"]
    text = open(redacted).read()
    left = sum(text.count(v) for values in planted.values() for v in values)
    print(f"redact: replaced {replaced['email']} e-mails, {replaced['phone']} phone numbers, {replaced['payment_card']} card numbers "
          f"(planted {args.pii} of each); planted values left in the copy: {left}")

    # cleanlab beside it: out-of-fold probabilities of a logistic regression.
    probs = cross_val_predict(LogisticRegression(max_iter=2000), xtr / 16, ytr, cv=5, method="predict_proba")
    mask = find_label_issues(ytr, probs, filter_by="prune_by_noise_rate")
    cl = set(np.flatnonzero(mask).tolist())
    p, r, hits = precision_recall(cl)
    print(f"cleanlab find_label_issues on LogisticRegression out-of-fold probabilities: {len(cl)} rows, precision {p:.3f}, recall {r:.3f}")
    pp = os.path.join(folder, "pred_probs.csv")
    write_csv(pp, [f"p_{k}" for k in range(10)], [[repr(float(v)) for v in row] for row in probs])
    _, flagged, _ = audit(["--pred-probs", pp])
    same = flagged.get(("label_issues", "train"), set())
    print(f"descent audit --pred-probs (the same probabilities): {len(same)} rows; identical to cleanlab's: {same == cl}"
          + ("" if same == cl else f" (only descent: {sorted(same - cl)}, only cleanlab: {sorted(cl - same)})"))
    # cleanlab rounds the calibrated confident joint with np.argsort, whose default sort on x86
    # with AVX-512 is a SIMD sorting network that orders equal rounding residuals in no fixed
    # way; descent breaks such ties by column order, as a stable argsort does.
    import cleanlab.internal.util as util
    default_argsort = util.np.argsort
    util.np.argsort = lambda a, *k, **kw: default_argsort(a, kind="stable")
    try:
        stable = set(np.flatnonzero(find_label_issues(ytr, probs, filter_by="prune_by_noise_rate")).tolist())
    finally:
        util.np.argsort = default_argsort
    print(f"cleanlab with a stable sort in its rounding: {len(stable)} rows; identical to descent's: {same == stable}")


if __name__ == "__main__":
    main()
