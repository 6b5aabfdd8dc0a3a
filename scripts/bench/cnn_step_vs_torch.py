"""One training step of the small CNN `cnn:32,64` on 28x28 one-channel images (MNIST's shape):
conv 3x3 (padding 1) -> ReLU -> 2x2 max pool, twice (32 then 64 channels), then a linear layer
to 10 classes; batch 128, softmax cross-entropy, AdamW. Descent against PyTorch on the CPU with
the same thread count, side by side in alternating rounds.

    $DESCENT_VENV/bin/python scripts/bench/cnn_step_vs_torch.py [--threads 2] [--rounds 5]

Each round times both (median of 5 x 20 steps after a warm-up). Printed: the medians over
rounds, every round, and the ratio Descent time / PyTorch time (below 1 means Descent is faster).
"""
import argparse
import json
import time

import torch

from common import median, release_binary, run_json, step_ms

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--rounds", type=int, default=5)
parser.add_argument("--batch", type=int, default=128)
args = parser.parse_args()
torch.set_num_threads(args.threads)


def torch_step_ms(steps=20, repeats=5):
    torch.manual_seed(0)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Linear(64 * 7 * 7, 10))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x, y = torch.randn(args.batch, 1, 28, 28), torch.randint(0, 10, (args.batch,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step_ms(step, steps, repeats, warmup=5)


binary = release_binary("DescentBenchmarks")
ours, theirs = [], []
for _ in range(args.rounds):
    time.sleep(0.5)  # lets PyTorch's threads go idle before Descent starts
    ours.append(run_json([binary, "cnn-step", "--threads", args.threads, "--steps", 20, "--batch", args.batch])["ms_per_step"])
    theirs.append(torch_step_ms())
print(json.dumps({
    "benchmark": "cnn_32_64_28x28_adamw_step", "threads": args.threads, "batch": args.batch, "torch": torch.__version__,
    "descent_ms": median(ours), "torch_ms": median(theirs), "ratio": median(ours) / median(theirs),
    "descent_rounds_ms": ours, "torch_rounds_ms": theirs,
}))
