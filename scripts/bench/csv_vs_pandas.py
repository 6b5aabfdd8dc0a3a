#!/usr/bin/env python3
"""Descent's CSV reader against pandas.read_csv, and `descent drift stream --detector adwin`
against pandas + River's ADWIN, side by side in one run, alternating rounds, medians.

Build first (release):
    swift build -c release --product DriftBenchmarks && swift build -c release --product descent
then, with the dev venv (scripts/python/make_venv.sh):
    $DESCENT_VENV/bin/python scripts/bench/csv_vs_pandas.py [--rounds 5] [--quick]

Files (written to a temporary folder, removed afterwards):
  numeric 1M x 4   1,000,000 rows: a normal and a uniform column as pandas writes floats
                   (shortest round trip, up to 17 digits), a 4-decimal column, an integer column
  wide 100 x 100k  100 columns x 100,000 rows of normals, "%.6g" (the drift report's benchmark)
  stream 1M        one column of 1,000,000 normals with a mean shift half way, as pandas writes them

Reading: Descent's time is CSVReader().read(path:) inside `DriftBenchmarks csv FILE` (type
inference, all cores), pandas' is pd.read_csv(FILE) in this process; both read every column
as float64/int64 and the column sums are checked equal. Drift stream: Descent's time is the
whole `descent drift stream` process (start, read, checks, detector, output); Python's is
pd.read_csv plus River's ADWIN over the column in this process (interpreter start and
imports not counted, which favours Python). The drift indices are checked equal.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def swift_read(binary, path):
    out = subprocess.run([binary, "csv", path], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def pandas_read(path):
    t = time.perf_counter()
    df = pd.read_csv(path)
    return time.perf_counter() - t, df


def swift_stream(descent, path):
    t = time.perf_counter()
    run = subprocess.run([descent, "drift", "stream", "--detector", "adwin", "--input", path, "--json"],
                         capture_output=True, text=True)
    elapsed = time.perf_counter() - t
    if run.returncode not in (0, 1):
        sys.exit(f"descent drift stream failed ({run.returncode}): {run.stderr.strip()}")
    return elapsed, json.loads(run.stdout)["drifts"]


def river_stream(path):
    from river import drift
    t = time.perf_counter()
    values = pd.read_csv(path)["value"].tolist()
    detector = drift.ADWIN()
    drifts = []
    for i, x in enumerate(values):
        detector.update(x)
        if detector.drift_detected:
            drifts.append(i)
    return time.perf_counter() - t, drifts


def write_files(tmp, quick):
    rng = np.random.default_rng(0)
    n = 200_000 if quick else 1_000_000
    files = {}
    numeric = pd.DataFrame({
        "x": rng.normal(0, 1, n),
        "y": np.round(rng.normal(10, 3, n), 4),
        "n": rng.integers(0, 1000, n),
        "p": rng.random(n),
    })
    files["numeric"] = os.path.join(tmp, "numeric.csv")
    numeric.to_csv(files["numeric"], index=False)
    rows, cols = (20_000 if quick else 100_000), 100
    wide = rng.normal(0, 1, (rows, cols))
    files["wide"] = os.path.join(tmp, "wide.csv")
    np.savetxt(files["wide"], wide, delimiter=",", header=",".join(f"c{i}" for i in range(cols)), comments="", fmt="%.6g")
    stream = np.concatenate([rng.normal(0, 1, n // 2), rng.normal(0.5, 1, n - n // 2)])
    files["stream"] = os.path.join(tmp, "stream.csv")
    pd.DataFrame({"value": stream}).to_csv(files["stream"], index=False)
    labels = {
        "numeric": f"read numeric {n:,} x 4",
        "wide": f"read wide {cols} x {rows:,}",
        "stream": f"drift stream adwin {n:,} rows",
    }
    return files, labels


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="smaller files (200k rows, 100 x 20k)")
    ap.add_argument("--bin", default=os.path.join(ROOT, ".build", "release"), help="folder with DriftBenchmarks and descent")
    opts = ap.parse_args()
    reader, descent = os.path.join(opts.bin, "DriftBenchmarks"), os.path.join(opts.bin, "descent")
    for b in (reader, descent):
        if not os.path.exists(b):
            sys.exit(f"missing {b}; build it first (see the docstring)")

    tmp = tempfile.mkdtemp(prefix="csv-bench-")
    times = {k: {"descent": [], "python": []} for k in ("numeric", "wide", "stream")}
    try:
        files, labels = write_files(tmp, opts.quick)
        for r in range(opts.rounds):
            for key in ("numeric", "wide"):
                order = ("descent", "python") if r % 2 == 0 else ("python", "descent")
                for side in order:
                    if side == "descent":
                        s = swift_read(reader, files[key])
                        times[key]["descent"].append(s["seconds"])
                        sums = s["sums"]
                    else:
                        t, df = pandas_read(files[key])
                        times[key]["python"].append(t)
                        expected = {c: float(df[c].sum()) for c in df.columns}
                assert set(sums) == set(expected), (sums.keys(), expected.keys())
                for c, v in expected.items():
                    assert sums[c] is not None and abs(sums[c] - v) <= 1e-9 * max(1.0, abs(v)), (key, c, sums[c], v)
            order = ("descent", "python") if r % 2 == 0 else ("python", "descent")
            for side in order:
                if side == "descent":
                    t, ours = swift_stream(descent, files["stream"])
                else:
                    t, theirs = river_stream(files["stream"])
                times["stream"][side].append(t)
            assert ours == theirs, (ours, theirs)
            print(f"round {r + 1}/{opts.rounds}: " + ", ".join(
                f"{k} {times[k]['descent'][-1]:.3f} s vs {times[k]['python'][-1]:.3f} s" for k in times), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'measure':34} {'python (s)':>11} {'descent (s)':>12} {'speed-up':>9}  python side")
    peers = {"numeric": "pandas.read_csv", "wide": "pandas.read_csv", "stream": "pandas.read_csv + river.drift.ADWIN"}
    for key in ("numeric", "wide", "stream"):
        py, ds = statistics.median(times[key]["python"]), statistics.median(times[key]["descent"])
        print(f"{labels[key]:34} {py:11.3f} {ds:12.3f} {py / ds:8.2f}x  {peers[key]}")
    print(f"(medians of {opts.rounds} alternating rounds; {os.cpu_count()} cores; drift indices and column sums checked equal)")


if __name__ == "__main__":
    main()
