"""Lion step time on 16 M parameters, side by side: Descent's fused kernel (the C kernel of
DescentOptim's `Lion`, built with clang -O2 and split over the same threads), Optax's jitted
`lion` with donated buffers, and lion-pytorch's `Lion` (PyTorch's eager ops).

    $DESCENT_VENV/bin/python scripts/bench/lion_step.py [--params N] [--threads T]
Prints the median milliseconds per step of each and the ratios. JAX runs on all cores of the
machine (2 here), PyTorch and the kernel on --threads.
"""
import argparse
import os
import pathlib
import subprocess
import tempfile
import time

parser = argparse.ArgumentParser()
parser.add_argument("--params", type=int, default=16 * 1024 * 1024)
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
os.environ["OMP_NUM_THREADS"] = str(args.threads)

root = pathlib.Path(__file__).resolve().parents[2]


def descent_ms():
    with tempfile.TemporaryDirectory() as tmp:
        exe = pathlib.Path(tmp) / "lion_step"
        subprocess.run(["clang", "-O2", "-pthread", "-I", str(root / "Sources/CDescentKernels/include"),
                        str(root / "scripts/bench/lion_step.c"), str(root / "Sources/CDescentKernels/Lion.c"),
                        "-o", str(exe)], check=True)
        return float(subprocess.run([str(exe), str(args.params), str(args.threads)], check=True,
                                    capture_output=True, text=True).stdout)


def median_ms(step, warmup=3, runs=21):
    for _ in range(warmup):
        step()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[runs // 2]


def optax_ms():
    import jax
    import jax.numpy as jnp
    import optax
    opt = optax.lion(1e-4, b1=0.9, b2=0.99, weight_decay=0.01)
    params = jnp.ones(args.params, jnp.float32)
    grads = jnp.full(args.params, 0.5, jnp.float32)
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


def torch_ms():
    import torch
    from lion_pytorch import Lion
    torch.set_num_threads(args.threads)
    p = torch.nn.Parameter(torch.ones(args.params))
    p.grad = torch.full((args.params,), 0.5)
    opt = Lion([p], lr=1e-4, weight_decay=0.01)
    return median_ms(opt.step)


d, o, t = descent_ms(), optax_ms(), torch_ms()
print(f"params {args.params}, threads {args.threads}")
print(f"descent fused lion   {d:8.2f} ms")
print(f"optax lion (jit)     {o:8.2f} ms   ({o / d:.2f}x descent)")
print(f"lion-pytorch         {t:8.2f} ms   ({t / d:.2f}x descent)")
