"""One training step of an MLP 784-512-512-10 (batch 128, softmax cross-entropy, AdamW):
Descent against PyTorch on the CPU with the same thread count, side by side in one run.

    $DESCENT_VENV/bin/python scripts/bench/mlp_step_vs_torch.py [--threads 2] [--rounds 5]

Each round times both (median of 5 x 50 steps after a warm-up); the ratio printed is
PyTorch's median time over Descent's (above 1 means Descent is faster).
"""
import argparse
import json

import torch

from common import median, release_binary, run_json, step_ms

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--rounds", type=int, default=5)
args = parser.parse_args()
torch.set_num_threads(args.threads)


def torch_step_ms(steps=50, repeats=5):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512),
                                torch.nn.ReLU(), torch.nn.Linear(512, 10))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x, y = torch.randn(128, 784), torch.randint(0, 10, (128,))
    loss_fn = torch.nn.CrossEntropyLoss()

    def step():
        opt.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        opt.step()

    return step_ms(step, steps, repeats, warmup=10)


binary = release_binary("DescentBenchmarks")
ours, theirs = [], []
for _ in range(args.rounds):
    ours.append(run_json([binary, "mlp-step", "--threads", args.threads])["ms_per_step"])
    theirs.append(torch_step_ms())
result = {"benchmark": "mlp_784_512_512_10_adamw_step", "threads": args.threads, "torch": torch.__version__,
          "descent_ms": median(ours), "torch_ms": median(theirs), "speedup": median(theirs) / median(ours),
          "descent_rounds_ms": ours, "torch_rounds_ms": theirs}
print(json.dumps(result))
