"""Peak resident memory of the issue's three training runs: `descent train --json`'s
`peak_rss_bytes` against PyTorch training the same model at the same batch size on data of
the same size, each in its own process (PyTorch's from `resource.getrusage` in a subprocess).

    $DESCENT_VENV/bin/python scripts/bench/peak_memory_vs_torch.py [--threads 2] [--steps 30]

- MLP 784-512-512-10, batch 128, AdamW, 4,096 random examples of 784 features;
- CNN cnn:32,64 on 1x28x28, batch 128, AdamW, the same examples as images;
- transformer layers=2,heads=4,width=128,context=64, batch 32, AdamW, on the bundled text.
Descent's runs hold out nothing (--validation 0 --test 0; 1% for the text, which needs a
validation part), so neither side evaluates. PyTorch's figure includes its import (printed
apart as torch_import_bytes); the ratio is Descent's peak over PyTorch's.
"""
import argparse
import json
import subprocess
import sys

from common import release_binary, run_json

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--steps", type=int, default=30)
args = parser.parse_args()

RUNS = {
    "mlp": (["--data", "gaussian:n=4096,features=784,classes=10", "--model", "mlp:512,512", "--batch-size", "128",
             "--validation", "0", "--test", "0"]),
    "cnn": (["--data", "gaussian:n=4096,features=784,classes=10", "--model", "cnn:32,64", "--batch-size", "128",
             "--validation", "0", "--test", "0"]),
    "transformer": (["--data", "text", "--model", "transformer:layers=2,heads=4,width=128,context=64", "--batch-size", "32",
                     "--validation", "0.01"]),
}

TORCH = r'''
import resource, sys, torch
kind, steps, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
torch.manual_seed(0)
import_bytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
nn = torch.nn
if kind == "transformer":
    class Block(nn.Module):
        def __init__(s, d, h):
            super().__init__()
            s.ln_1, s.ln_2 = nn.LayerNorm(d), nn.LayerNorm(d)
            s.qkv, s.proj, s.h = nn.Linear(d, 3 * d), nn.Linear(d, d), h
            s.mlp = nn.Sequential(nn.Linear(d, 4 * d), nn.GELU(), nn.Linear(4 * d, d))
        def forward(s, x):
            B, T, D = x.shape
            q, k, v = s.qkv(s.ln_1(x)).view(B, T, 3, s.h, D // s.h).permute(2, 0, 3, 1, 4)
            a = (q @ k.transpose(-1, -2)) / (D // s.h) ** 0.5
            a = a.masked_fill(torch.triu(torch.ones(T, T, dtype=torch.bool), 1), float("-inf")).softmax(-1)
            x = x + s.proj((a @ v).transpose(1, 2).reshape(B, T, D))
            return x + s.mlp(s.ln_2(x))
    class GPT(nn.Module):
        def __init__(s, V, T=64, d=128, h=4, L=2):
            super().__init__()
            s.wte, s.wpe = nn.Embedding(V, d), nn.Embedding(T, d)
            s.h = nn.ModuleList([Block(d, h) for _ in range(L)])
            s.ln_f, s.lm_head = nn.LayerNorm(d), nn.Linear(d, V)
        def forward(s, idx):
            x = s.wte(idx) + s.wpe(torch.arange(idx.shape[1]))
            for b in s.h: x = b(x)
            return s.lm_head(s.ln_f(x))
    V = 80
    model = GPT(V)
    data = torch.randint(0, V, (200_000,))
    def batch(i):
        starts = torch.randint(0, data.numel() - 65, (32,))
        w = torch.stack([data[s:s + 65] for s in starts])
        return w[:, :-1], w[:, 1:]
    loss_of = lambda out, y: nn.functional.cross_entropy(out.reshape(-1, V), y.reshape(-1))
else:
    if kind == "mlp":
        model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))
        x = torch.randn(4096, 784)
    else:
        model = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1),
                              nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 7 * 7, 10))
        x = torch.randn(4096, 1, 28, 28)
    y = torch.randint(0, 10, (4096,))
    def batch(i):
        rows = torch.randint(0, 4096, (128,))
        return x[rows], y[rows]
    loss_of = nn.functional.cross_entropy
opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
for i in range(steps):
    xb, yb = batch(i)
    opt.zero_grad(set_to_none=True)
    loss_of(model(xb), yb).backward()
    opt.step()
print(import_bytes, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
'''

binary = release_binary("descent")
print("run          descent_MB   torch_MB  (torch import MB, training above it)  descent/torch")
for name, flags in RUNS.items():
    ours = run_json([binary, "train", *flags, "--steps", args.steps, "--threads", args.threads, "--json"])
    out = subprocess.run([sys.executable, "-c", TORCH, name, str(args.steps), str(args.threads)], check=True,
                         capture_output=True, text=True).stdout.split()
    torch_import, torch_peak = int(out[0]), int(out[1])
    result = {"run": name, "threads": args.threads, "steps": args.steps, "descent_peak_rss_bytes": ours["peak_rss_bytes"],
              "torch_peak_rss_bytes": torch_peak, "torch_import_bytes": torch_import,
              "ratio": ours["peak_rss_bytes"] / torch_peak}
    print(json.dumps(result), file=sys.stderr)
    print(f"{name:12} {ours['peak_rss_bytes'] / 1e6:10.1f} {torch_peak / 1e6:10.1f} {torch_import / 1e6:18.1f} {(torch_peak - torch_import) / 1e6:18.1f} {result['ratio']:14.2f}")
