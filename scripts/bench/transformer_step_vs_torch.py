"""One training step of the small GPT-style language model (2 layers, 4 heads, width 128,
context 64, batch 32, the bundled corpus's 64 characters, AdamW): Descent's `descent train`
against the same model in PyTorch on the CPU with the same thread count.

    $DESCENT_VENV/bin/python scripts/bench/transformer_step_vs_torch.py [--threads 2] [--rounds 3]

Descent's time is `ms_per_step` of a 60-step run (training steps only); PyTorch's is the
median of 5 x 20 steps after a warm-up. Both models have 421,440 parameters (pre-norm
blocks, exact GELU, untied output layer with bias). The ratio printed is PyTorch's time
over Descent's (above 1 means Descent is faster).
"""
import argparse
import json
import time

import torch

from common import median, release_binary, run_json, step_ms

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--rounds", type=int, default=3)
args = parser.parse_args()
torch.set_num_threads(args.threads)
VOCABULARY, CONTEXT, LAYERS, HEADS, WIDTH, BATCH = 64, 64, 2, 4, 128, 32


class Block(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.ln_1, self.ln_2 = torch.nn.LayerNorm(WIDTH), torch.nn.LayerNorm(WIDTH)
        self.qkv, self.proj = torch.nn.Linear(WIDTH, 3 * WIDTH), torch.nn.Linear(WIDTH, WIDTH)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(WIDTH, 4 * WIDTH), torch.nn.GELU(),
                                       torch.nn.Linear(4 * WIDTH, WIDTH))

    def forward(self, x):
        b, t, d = x.shape
        q, k, v = (z.view(b, t, HEADS, d // HEADS).transpose(1, 2) for z in self.qkv(self.ln_1(x)).split(d, dim=2))
        scores = (q @ k.transpose(-2, -1)) / (d // HEADS) ** 0.5
        scores = scores.masked_fill(torch.triu(torch.ones(t, t, dtype=torch.bool), 1), float("-inf"))
        x = x + self.proj((scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d))
        return x + self.mlp(self.ln_2(x))


class LanguageModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.wte, self.wpe = torch.nn.Embedding(VOCABULARY, WIDTH), torch.nn.Embedding(CONTEXT, WIDTH)
        self.h = torch.nn.ModuleList(Block() for _ in range(LAYERS))
        self.ln_f, self.head = torch.nn.LayerNorm(WIDTH), torch.nn.Linear(WIDTH, VOCABULARY)

    def forward(self, tokens):
        x = self.wte(tokens) + self.wpe(torch.arange(tokens.shape[1]))
        for block in self.h:
            x = block(x)
        return self.head(self.ln_f(x))


def torch_step_ms(steps=20, repeats=5):
    torch.manual_seed(0)
    model = LanguageModel()
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x, y = torch.randint(0, VOCABULARY, (BATCH, CONTEXT)), torch.randint(0, VOCABULARY, (BATCH, CONTEXT))

    def step():
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x).view(-1, VOCABULARY), y.view(-1)).backward()
        optimizer.step()

    return step_ms(step, steps, repeats, warmup=5), sum(p.numel() for p in model.parameters())


descent = release_binary("descent")
ours, theirs = [], []
for _ in range(args.rounds):
    time.sleep(0.5)  # lets PyTorch's threads go idle before Descent starts
    r = run_json([descent, "train", "--data", "text", "--model",
                  f"transformer:layers={LAYERS},heads={HEADS},width={WIDTH},context={CONTEXT}",
                  "--steps", 60, "--batch-size", BATCH, "--threads", args.threads, "--json"])
    ours.append(r["ms_per_step"])
    ms, parameters = torch_step_ms()
    assert parameters == r["parameters"], f"models differ: torch {parameters}, Descent {r['parameters']} parameters"
    theirs.append(ms)
print(json.dumps({
    "benchmark": "transformer_lm_step", "threads": args.threads, "torch": torch.__version__,
    "parameters": parameters, "descent_ms": median(ours), "torch_ms": median(theirs),
    "speedup": median(theirs) / median(ours), "descent_rounds_ms": ours, "torch_rounds_ms": theirs,
}))
