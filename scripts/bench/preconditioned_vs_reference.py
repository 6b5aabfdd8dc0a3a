"""Step time of the reference implementations of Descent's preconditioned optimizers.

The Swift side: DESCENT_PRECOND_BENCH=1 swift test -c release --filter PreconditionedStepTimes
(same arena: a 1024 x 1024 matrix and a 1024 vector, defaults, median of five steps after
two warm-up steps). Run: $DESCENT_VENV/bin/python scripts/bench/preconditioned_vs_reference.py [threads]
"""
import sys
import time

import torch
import dadaptation
import dog
import prodigyopt
import pytorch_optimizer as po
import schedulefree

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
MAKERS = {
    "prodigy": lambda p: prodigyopt.Prodigy(p),
    "schedule_free_adamw": lambda p: schedulefree.AdamWScheduleFree(p),
    "schedule_free_sgd": lambda p: schedulefree.SGDScheduleFree(p),
    "dadapt_adam": lambda p: dadaptation.DAdaptAdam(p),
    "dog": lambda p: dog.DoG(p),
    "came": lambda p: po.CAME(p),
    "sm3": lambda p: po.SM3(p),
    "shampoo": lambda p: po.Shampoo(p),
    "soap": lambda p: po.SOAP(p),
    "sophia": lambda p: po.SophiaH(p),
}
for name, make in MAKERS.items():
    torch.manual_seed(1)
    params = [torch.nn.Parameter(torch.randn(1024, 1024)), torch.nn.Parameter(torch.randn(1024))]
    opt = make(params)
    if hasattr(opt, "train"):
        opt.train()
    grads = [torch.randn_like(p) for p in params]
    hessian = [g * g for g in grads]
    times = []
    for step in range(7):
        for p, g in zip(params, grads):
            p.grad = g.clone()
        start = time.perf_counter()
        if name == "sophia":
            opt.step(hessian=hessian if step % 10 == 0 else None)
        else:
            opt.step()
        if step >= 2:
            times.append((time.perf_counter() - start) * 1e3)
    print(f"{name}: {sorted(times)[len(times) // 2]:.3f} ms")
