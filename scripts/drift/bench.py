#!/usr/bin/env python3
"""Side-by-side speed of Descent's drift code against scipy and River, in one run.

Builds nothing: run after
    swift build -c release --scratch-path .build-drift-release --product DriftBenchmarks
with the dev venv (scripts/python/make_venv.sh):
    $DESCENT_VENV/bin/python scripts/drift/bench.py [--quick]

Prints each measurement and the ratio (Swift speed / Python speed). Data are written to a
temporary folder and removed afterwards; both sides read the same values.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy import stats

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, ".build-drift-release", "release", "DriftBenchmarks")


def best(repeats, fn):
    times = []
    for _ in range(repeats):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return min(times)


def swift(*args):
    out = subprocess.run([BINARY, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller detector stream and report")
    opts = ap.parse_args()
    if not os.path.exists(BINARY):
        sys.exit(f"missing {BINARY}; build it first (see the docstring)")
    from river import drift
    from river.drift import binary

    rng = np.random.default_rng(0)
    tmp = tempfile.mkdtemp(prefix="drift-bench-")
    rows = []
    try:
        # Two-sample KS, 1M against 1M.
        a = rng.normal(0, 1, 1_000_000); b = rng.normal(0.002, 1, 1_000_000)
        a.astype("<f8").tofile(os.path.join(tmp, "a.f64")); b.astype("<f8").tofile(os.path.join(tmp, "b.f64"))
        res = stats.ks_2samp(a, b)
        t_py = best(3, lambda: stats.ks_2samp(a, b))
        s = swift("ks", os.path.join(tmp, "a.f64"), os.path.join(tmp, "b.f64"))
        assert abs(s["statistic"] - res.statistic) < 1e-12, (s, res)
        assert abs(s["p_value"] - res.pvalue) <= 1e-4 * res.pvalue, (s, res)
        rows.append(("KS 1M vs 1M (s)", t_py, s["seconds"], t_py / s["seconds"], "scipy.stats.ks_2samp"))

        # Streaming detectors.
        n = 300_000 if opts.quick else 2_000_000
        real = np.concatenate([rng.normal(0, 1, n // 2), rng.normal(0.5, 1, n - n // 2)])
        errs = (np.concatenate([rng.random(n // 2) < 0.1, rng.random(n - n // 2) < 0.3])).astype(float)
        real.astype("<f8").tofile(os.path.join(tmp, "real.f64")); errs.astype("<f8").tofile(os.path.join(tmp, "bin.f64"))
        real_list = real.tolist(); err_list = errs.tolist()

        def river_rate(make, stream):
            def go():
                d = make()
                for x in stream:
                    d.update(x)
            return len(stream) / best(1, go)

        s = swift("detectors", os.path.join(tmp, "real.f64"), os.path.join(tmp, "bin.f64"))
        for name, make, stream in [("adwin", drift.ADWIN, real_list), ("page_hinkley", drift.PageHinkley, real_list),
                                   ("ddm", binary.DDM, err_list)]:
            r = river_rate(make, stream)
            rows.append((f"{name} updates/s", r, s[name]["per_second"], s[name]["per_second"] / r, f"river {name}"))

        # 100 columns x 100k rows report (CSV reading included).
        nrows = 20_000 if opts.quick else 100_000
        cols = 100
        ref = rng.normal(0, 1, (nrows, cols)); cur = rng.normal(0, 1, (nrows, cols)); cur[:, :10] += 0.3
        header = ",".join(f"c{i}" for i in range(cols))
        np.savetxt(os.path.join(tmp, "ref.csv"), ref, delimiter=",", header=header, comments="", fmt="%.6g")
        np.savetxt(os.path.join(tmp, "cur.csv"), cur, delimiter=",", header=header, comments="", fmt="%.6g")
        s = swift("report", os.path.join(tmp, "ref.csv"), os.path.join(tmp, "cur.csv"))
        assert s["drifted"] == 10, s
        rows.append((f"report {cols} cols x {nrows} rows (s)", float("nan"), s["seconds"], float("nan"),
                     f"read {s['read_seconds']:.2f} s + tests {s['test_seconds']:.2f} s, {s['drifted']} drifted"))
        # The report's reading alone, against pandas on the same two files (more rounds and the
        # stream command: scripts/bench/csv_vs_pandas.py).
        import pandas as pd
        t_py = best(3, lambda: (pd.read_csv(os.path.join(tmp, "ref.csv")), pd.read_csv(os.path.join(tmp, "cur.csv"))))
        rows.append(("read both CSVs (s)", t_py, s["read_seconds"], t_py / s["read_seconds"], "pandas.read_csv, best of 3"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"{'measure':34} {'python':>14} {'swift':>14} {'ratio':>8}  reference")
    for name, py, sw, ratio, ref in rows:
        def f(x):
            return "-" if x != x else (f"{x:,.0f}" if x > 1000 else f"{x:.3f}")
        print(f"{name:34} {f(py):>14} {f(sw):>14} {('-' if ratio != ratio else f'{ratio:.1f}x'):>8}  {ref}")


if __name__ == "__main__":
    main()
