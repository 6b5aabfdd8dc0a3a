"""Shared helpers for the side-by-side benchmark scripts (run with the peer venv)."""
import functools
import json
import os
import pathlib
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]


@functools.cache
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


def export_split(split_seed=0, scaling=None):
    """The digits split `descent train` uses (scaled as it scales them unless `scaling` is given), as arrays."""
    import numpy as np  # here, so the scripts that do not need it set their thread counts first

    folder = tempfile.mkdtemp()
    command = [release_binary("DescentBenchmarks"), "export-split", "--out", folder, "--split-seed", split_seed]
    subprocess.run([str(c) for c in command + (["--scaling", scaling] if scaling else [])], check=True)
    return {f"{part}_{axis}": np.load(f"{folder}/{part}_{axis}.npy")
            for part in ["train", "validation", "test"] for axis in "xy"}


def digits_recipe(seed, *, epochs, init, label_smoothing, threads, split_seed=0, scaling=None):
    """`make train`'s `descent train` command (MLP 256-256, AdamW lr 1e-3, batch 64) with `--json`."""
    return ([release_binary("descent"), "train", "--data", "digits", "--model", "mlp:256,256", "--optimizer", "adamw",
             "--hp", "lr=1e-3", "--epochs", epochs, "--batch-size", 64, "--seed", seed, "--split-seed", split_seed,
             "--init", init, "--label-smoothing", label_smoothing, "--threads", threads, "--json"]
            + (["--scaling", scaling] if scaling else []))
