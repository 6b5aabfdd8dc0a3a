"""One optimizer update on 16,777,216 parameters: Descent against PyTorch and Optax on the
CPU with the same thread count, side by side in one run.

    $DESCENT_VENV/bin/python scripts/bench/optimizers_vs_peers.py [--threads 2] [--params 16777216] [--rounds 3]

Cases (Descent's side is `descent optim bench --json`, release build):
  adamw         Descent's fused AdamW      vs torch.optim.AdamW(fused=True)
  adamw_recipe  Descent's fused AdamW with --schedule cosine:t_max=1000 --clip-grad-norm 1 vs
                torch.nn.utils.clip_grad_norm_ + AdamW(fused=True) + LambdaLR(cosine), per step all three
  sgd_momentum  Descent's fused SGD (momentum 0.9) vs torch.optim.SGD(momentum=0.9, foreach=True)
  nadam, rmsprop, adagrad  Descent's fused kernels vs torch.optim's foreach implementations
  adafactor     Descent's Adafactor (a 4096 x 4096 matrix, factored) vs optax.adafactor, jitted, donated buffers
  lion          Descent's Lion             vs optax.lion, jitted, donated buffers
Each side: median step time over `repeats` timed steps after a warm-up, per round; the
table shows the median over rounds and the ratio peer / Descent (above 1: Descent faster),
and the same for each side's fastest round (less sensitive to other load on the machine).
Optax runs on XLA's CPU backend, which uses every core (2 on the reference machine).
"""
import argparse
import functools
import json
import os
import statistics
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--params", type=int, default=16_777_216)
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--repeats", type=int, default=20)
parser.add_argument("--cases", default="adamw,adamw_recipe,sgd_momentum,nadam,rmsprop,adagrad,adafactor,lion")
args = parser.parse_args()
os.environ.setdefault("XLA_FLAGS", "--xla_force_host_platform_device_count=1")

import jax  # noqa: E402

jax.config.update("jax_platforms", "cpu")
import jax.numpy as jnp  # noqa: E402
import optax  # noqa: E402
import torch  # noqa: E402

from common import release_binary, run_json  # noqa: E402

torch.set_num_threads(args.threads)
cases = args.cases.split(",")


def matrix_shape(n):
    rows = int(n ** 0.5)
    while n % rows:
        rows -= 1
    return (rows, n // rows)


def timed(step, repeats, warmup=5):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def torch_ms(case):
    g = torch.Generator().manual_seed(1)
    p = torch.nn.Parameter(0.02 * torch.randn(args.params, generator=g))
    p.grad = 0.01 * torch.randn(args.params, generator=g)
    if case == "adamw_recipe":
        import math
        opt = torch.optim.AdamW([p], lr=1e-3, fused=True)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.5 * (1 + math.cos(math.pi * min(k, 1000) / 1000)))

        def step():
            torch.nn.utils.clip_grad_norm_([p], 1.0)
            opt.step()
            sched.step()

        return timed(step, args.repeats)
    opt = {
        "adamw": lambda: torch.optim.AdamW([p], lr=1e-3, fused=True),
        "sgd_momentum": lambda: torch.optim.SGD([p], lr=1e-2, momentum=0.9, foreach=True),
        "nadam": lambda: torch.optim.NAdam([p], foreach=True),
        "rmsprop": lambda: torch.optim.RMSprop([p], foreach=True),
        "adagrad": lambda: torch.optim.Adagrad([p], foreach=True),
    }[case]()
    return timed(opt.step, args.repeats)


def optax_ms(case):
    key = jax.random.PRNGKey(1)
    shape = matrix_shape(args.params) if case == "adafactor" else (args.params,)
    params = 0.02 * jax.random.normal(key, shape, jnp.float32)
    grads = 0.01 * jax.random.normal(jax.random.PRNGKey(2), shape, jnp.float32)
    tx = optax.adafactor(learning_rate=1e-2) if case == "adafactor" else optax.lion(learning_rate=1e-4, weight_decay=0.0)
    state = tx.init(params)

    @functools.partial(jax.jit, donate_argnums=(0, 1))
    def update(params, state, grads):
        updates, state = tx.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    box = {"p": params, "s": state}

    def step():
        box["p"], box["s"] = update(box["p"], box["s"], grads)
        jax.block_until_ready(box["p"])

    return timed(step, args.repeats)


PEERS = {
    "adamw": ("torch AdamW(fused=True)", torch_ms),
    "adamw_recipe": ("torch clip + AdamW(fused) + LambdaLR", torch_ms),
    "sgd_momentum": ("torch SGD(momentum, foreach)", torch_ms),
    "nadam": ("torch NAdam(foreach)", torch_ms),
    "rmsprop": ("torch RMSprop(foreach)", torch_ms),
    "adagrad": ("torch Adagrad(foreach)", torch_ms),
    "adafactor": ("optax adafactor (jit, donated)", optax_ms),
    "lion": ("optax lion (jit, donated)", optax_ms),
}

# Descent's side: the optimizer, its settings, and whether the parameter is a matrix.
DESCENT = {
    "adamw": ("adamw", [], "vector"),
    "adamw_recipe": ("adamw", [], "vector", ["--schedule", "cosine:t_max=1000", "--clip-grad-norm", "1"]),
    "sgd_momentum": ("sgd", ["lr=1e-2", "momentum=0.9"], "vector"),
    "nadam": ("nadam", [], "vector"),
    "rmsprop": ("rmsprop", [], "vector"),
    "adagrad": ("adagrad", [], "vector"),
    "adafactor": ("adafactor", [], "matrix"),
    "lion": ("lion", [], "vector"),
}
descent_binary = release_binary("descent")
descent, peers = {c: [] for c in cases}, {c: [] for c in cases}
for r in range(args.rounds):
    for c in cases:
        name, settings, shape, *extra = DESCENT[c]
        command = [descent_binary, "optim", "bench", "--optimizer", name, "--params", args.params,
                   "--threads", args.threads, "--repeats", args.repeats, "--shape", shape, "--json"] + (extra[0] if extra else [])
        for setting in settings:
            command += ["--hp", setting]
        descent[c].append(run_json(command)["ms_per_step"])
    for c in cases:
        peers[c].append(PEERS[c][1](c))
    print(f"round {r + 1}/{args.rounds} done", file=sys.stderr)

print(f"One optimizer step on {args.params:,} float32 parameters, {args.threads} threads, "
      f"median of {args.repeats} steps per round, median over {args.rounds} rounds")
print(f"{'case':<14} {'Descent ms':>11} {'peer':<32} {'peer ms':>9} {'peer/Descent':>13}   {'best rounds: Descent, peer, ratio':>34}")
results = {}
for c in cases:
    d, p = statistics.median(descent[c]), statistics.median(peers[c])
    bd, bp = min(descent[c]), min(peers[c])
    results[c] = {"descent_ms": d, "peer": PEERS[c][0], "peer_ms": p, "ratio": p / d,
                  "best_descent_ms": bd, "best_peer_ms": bp, "best_ratio": bp / bd}
    print(f"{c:<14} {d:11.2f} {PEERS[c][0]:<32} {p:9.2f} {p / d:13.2f}   {bd:14.2f} {bp:9.2f} {bp / bd:9.2f}")
print(json.dumps({"threads": args.threads, "params": args.params, "results": results}))
