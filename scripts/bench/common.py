"""Shared helpers for the side-by-side benchmark scripts (run with the peer venv)."""
import json
import os
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


def release_binary(product):
    """Builds `product` in release mode (once) and returns its path."""
    subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    return ROOT / ".build" / "release" / product


def run_json(command, env=None):
    """Runs a command that prints one JSON object (the last line) and returns it."""
    out = subprocess.run([str(c) for c in command], cwd=ROOT, check=True, capture_output=True, text=True,
                         env={**os.environ, **(env or {})})
    return json.loads(out.stdout.strip().splitlines()[-1])


def median(xs):
    return statistics.median(xs)


def step_ms(step, steps, repeats, warmup):
    """Median milliseconds per call of `step` over `repeats` timings of `steps` calls, after `warmup` calls."""
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - start) * 1000 / steps)
    return median(times)
