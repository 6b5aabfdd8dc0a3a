"""Inference (one forward pass) of the MLP 784-512-512-10 and the CNN `cnn:32,64` on 28x28
images, at batch 1 and batch 256: Descent's tape-free predict path (`Predictor`, what
`descent predict` runs) against PyTorch in `torch.inference_mode()`, same thread count,
side by side in one run.

    $DESCENT_VENV/bin/python scripts/bench/inference_vs_torch.py [--threads 2,1] [--rounds 5] [--peak]

Each round times Descent (`DescentBenchmarks predict`, median of --repeats timings of N calls) then
PyTorch (the same), alternating, so load from elsewhere falls on both. Printed per case: the
medians over the rounds and the ratio Descent time / PyTorch time (below 1: Descent is
faster; the issue's target is 0.8 or less).

Each case also prints both sides' GFLOP/s (multiply-adds of the matrix products and
convolutions, 2 flops each). `--peak` compiles and runs `fma_peak.c` (the machine's float32 FMA
peak, measured before the rounds of each thread count, best of 5) and adds each side's share of it and the
smallest ratio any float32 implementation could reach: PyTorch's time against the peak's.
"""
import argparse
import json
import pathlib
import subprocess
import tempfile
import time

import torch

from common import median, release_binary, run_json

parser = argparse.ArgumentParser()
parser.add_argument("--threads", default="2,1", help="comma-separated thread counts")
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--repeats", type=int, default=5, help="timings of N calls per side and round (median taken)")
parser.add_argument("--models", default="mlp,cnn")
parser.add_argument("--batches", default="1,256")
parser.add_argument("--peak", action="store_true", help="also measure the FMA peak (needs clang) and print shares of it")
args = parser.parse_args()

# Flops of one example's forward pass (a multiply-add is 2).
FLOPS = {"mlp": 2 * (784 * 512 + 512 * 512 + 512 * 10),
         "cnn": 2 * (28 * 28 * 32 * 9 + 14 * 14 * 64 * 32 * 9 + 64 * 7 * 7 * 10)}


def peak_gflops(threads):
    """The best of 5 rounds of fma_peak on `threads` threads."""
    here = pathlib.Path(__file__).resolve().parent
    program = pathlib.Path(tempfile.gettempdir()) / "descent_fma_peak"
    subprocess.run(["clang", "-O2", "-mavx512f", str(here / "fma_peak.c"), "-o", str(program), "-lpthread"], check=True)
    return run_json([program, threads, 5])["gflops"]


def torch_model(name):
    torch.manual_seed(0)
    if name == "mlp":
        return torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(),
                                   torch.nn.Linear(512, 10)).eval(), (784,)
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64 * 7 * 7, 10)).eval(), (1, 28, 28)


def calls_for(name, batch):
    """Calls per timing: about 0.1-0.5 s of work on either side."""
    return max(1, (2000 if name == "mlp" else 200) // batch)


def torch_us(name, batch, repeats):
    model, shape = torch_model(name)
    x = torch.randn(batch, *shape)
    calls = calls_for(name, batch)
    with torch.inference_mode():
        for _ in range(max(3, calls // 4)):
            model(x)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            for _ in range(calls):
                model(x)
            times.append((time.perf_counter() - start) * 1e6 / calls)
    return median(times)


binary = release_binary("DescentBenchmarks")
results = []
for threads in [int(t) for t in args.threads.split(",")]:
    torch.set_num_threads(threads)
    peak = peak_gflops(threads) if args.peak else None
    for name in args.models.split(","):
        for batch in [int(b) for b in args.batches.split(",")]:
            ours, theirs = [], []
            for _ in range(args.rounds):
                ours.append(run_json([binary, "predict", "--model", name, "--batch", batch, "--threads", threads,
                                      "--calls", calls_for(name, batch), "--repeats", args.repeats])["microseconds"])
                theirs.append(torch_us(name, batch, args.repeats))
            gflop = FLOPS[name] * batch / 1e9
            result = {"model": name, "batch": batch, "threads": threads, "torch": torch.__version__, "descent_us": median(ours), "torch_us": median(theirs),
                      "ratio": median(ours) / median(theirs),
                      "descent_gflops": gflop / (median(ours) * 1e-6), "torch_gflops": gflop / (median(theirs) * 1e-6),
                      "descent_rounds_us": [round(x, 1) for x in ours], "torch_rounds_us": [round(x, 1) for x in theirs]}
            if peak:
                result.update({"peak_gflops": peak, "descent_share_of_peak": result["descent_gflops"] / peak,
                               "torch_share_of_peak": result["torch_gflops"] / peak,
                               "ratio_at_peak": result["torch_gflops"] / peak})
            results.append(result)
            print(json.dumps(result), flush=True)
print("model batch threads  descent_us   torch_us  descent/torch  descent_GFLOP/s  torch_GFLOP/s" +
      ("  peak_GFLOP/s  ratio_at_peak" if args.peak else ""))
for r in results:
    line = (f"{r['model']:5} {r['batch']:5} {r['threads']:7} {r['descent_us']:10.1f} {r['torch_us']:10.1f} {r['ratio']:14.2f}"
            f" {r['descent_gflops']:16.1f} {r['torch_gflops']:14.1f}")
    if "peak_gflops" in r:
        line += f" {r['peak_gflops']:13.1f} {r['ratio_at_peak']:14.2f}"
    print(line)
