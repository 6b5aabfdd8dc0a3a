"""Step time of Descent's fused torch-family optimizers on 16 M parameters, side by side
with PyTorch (foreach, and fused where PyTorch has a CPU fused kernel) and, for Adafactor,
Optax's jitted `adafactor` with donated buffers.

    $DESCENT_VENV/bin/python scripts/bench/torch_family_step.py [--params N] [--threads T]

Descent's side is the C kernels of DescentOptim (Sources/CDescentKernels/TorchKernels.c),
built with clang -O2 and split over the same threads as the Swift optimizers split the
arena (scripts/bench/torch_family_step.c). Prints median milliseconds per step and ratios.
"""
import argparse
import json
import os
import pathlib
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--params", type=int, default=16 * 1024 * 1024)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
os.environ["XLA_FLAGS"] = f"--xla_cpu_multi_thread_eigen=true intra_op_parallelism_threads={args.threads}"
os.environ["OMP_NUM_THREADS"] = str(args.threads)
root = pathlib.Path(__file__).resolve().parents[2]


def descent():
    with tempfile.TemporaryDirectory() as tmp:
        exe = pathlib.Path(tmp) / "torch_family_step"
        subprocess.run(["clang", "-O2", "-pthread", "-I", str(root / "Sources/CDescentKernels/include"),
                        str(root / "scripts/bench/torch_family_step.c"), str(root / "Sources/CDescentKernels/TorchKernels.c"),
                        "-lm", "-o", str(exe)], check=True)
        out = subprocess.run([str(exe), str(args.params), str(args.threads)], check=True, capture_output=True, text=True)
        return json.loads(out.stdout)


def median_ms(step, warmup=3, runs=21):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[runs // 2]


def torch_times():
    import torch
    torch.set_num_threads(args.threads)
    side = int(args.params ** 0.5)

    def time_opt(make, shape=(args.params,)):
        p = torch.nn.Parameter(torch.ones(*shape))
        p.grad = torch.full(shape, 0.5)
        opt = make([p])
        return median_ms(opt.step)

    o = torch.optim
    return {
        "sgd_momentum": {"foreach": time_opt(lambda ps: o.SGD(ps, lr=1e-3, momentum=0.9, weight_decay=1e-4, foreach=True)),
                         "fused": time_opt(lambda ps: o.SGD(ps, lr=1e-3, momentum=0.9, weight_decay=1e-4, fused=True))},
        "nadam": {"foreach": time_opt(lambda ps: o.NAdam(ps, lr=1e-3, foreach=True))},
        "rmsprop": {"foreach": time_opt(lambda ps: o.RMSprop(ps, lr=1e-3, foreach=True))},
        "rmsprop_centered_momentum": {"foreach": time_opt(lambda ps: o.RMSprop(ps, lr=1e-3, centered=True, momentum=0.9, foreach=True))},
        "adagrad": {"foreach": time_opt(lambda ps: o.Adagrad(ps, lr=1e-3, foreach=True)),
                    "fused": time_opt(lambda ps: o.Adagrad(ps, lr=1e-3, fused=True))},
        "adafactor": {"foreach": time_opt(lambda ps: o.Adafactor(ps, lr=1e-3, foreach=True), (side, side))},
    }


def optax_adafactor():
    import jax
    import jax.numpy as jnp
    import optax
    side = int(args.params ** 0.5)
    opt = optax.adafactor(1e-3)
    params = jnp.ones((side, side), jnp.float32)
    grads = jnp.full((side, side), 0.5, jnp.float32)
    state = opt.init(params)

    def update(params, state, grads):
        updates, state = opt.update(grads, state, params)
        return optax.apply_updates(params, updates), state

    update = jax.jit(update, donate_argnums=(0, 1))
    box = {"p": params, "s": state}

    def step():
        box["p"], box["s"] = update(box["p"], box["s"], grads)
        box["p"].block_until_ready()
    return median_ms(step)


d = descent()
t = torch_times()
t["adafactor"]["optax_jit"] = optax_adafactor()
print(f"params {args.params}, threads {args.threads} (median ms per step)")
for name, ms in d.items():
    others = "   ".join(f"{k} {v:7.2f} ({v / ms:4.2f}x)" for k, v in t[name].items())
    print(f"{name:27s} descent {ms:7.2f}   {others}")
