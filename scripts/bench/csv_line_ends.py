#!/usr/bin/env python3
"""Two builds of the CSV reader side by side on one table written with \n, \r\n and bare \r line
ends: `DriftBenchmarks csv FILE` from each build, alternating rounds in one run, medians; the
tables read are checked equal. BEFORE may be a build without bare-CR support (its \r run is skipped).

    swift build -c release --product DriftBenchmarks   # for each build; copy the binaries aside
    python scripts/bench/csv_line_ends.py BEFORE/DriftBenchmarks AFTER/DriftBenchmarks ROUNDS
"""
import json, os, statistics, subprocess, sys, tempfile
import numpy as np, pandas as pd
before, after, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
tmp = tempfile.mkdtemp(prefix="csv-cr-")
rng = np.random.default_rng(0)
n = 1_000_000
df = pd.DataFrame({"x": rng.normal(0, 1, n), "y": np.round(rng.normal(10, 3, n), 4), "n": rng.integers(0, 1000, n), "p": rng.random(n)})
files = {}
for name, end in (("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")):
    files[name] = os.path.join(tmp, f"{name}.csv")
    df.to_csv(files[name], index=False, lineterminator=end)
def run(binary, path):
    return json.loads(subprocess.run([binary, "csv", path], check=True, capture_output=True, text=True).stdout)
times = {(f, b): [] for f in files for b in ("before", "after")}
sums = {}
for r in range(rounds):
    for f, path in files.items():
        order = ("before", "after") if r % 2 == 0 else ("after", "before")
        for b in order:
            if f == "cr" and b == "before":
                continue
            out = run(before if b == "before" else after, path)
            times[(f, b)].append(out["seconds"])
            sums[(f, b)] = (out["rows"], out["sums"])
for f in files:
    a = statistics.median(times[(f, "after")])
    line = f"{f:5s} after {a*1000:7.1f} ms (rows {sums[(f, 'after')][0]})"
    if times[(f, "before")]:
        b = statistics.median(times[(f, "before")])
        line += f"   before {b*1000:7.1f} ms   after/before {a/b:.3f}"
        assert sums[(f, "before")] == sums[(f, "after")]
    print(line)
assert sums[("cr", "after")] == sums[("lf", "after")]
print("bare-CR file reads the same table as the LF file")
