#!/usr/bin/env bash
# Creates (or completes) the Python peer environment used by Descent's reference scripts:
# PyTorch (CPU), NumPy, SciPy, scikit-learn, River, safetensors, the optimizers' reference
# packages, Optax and JAX. Python is a development
# tool only: the venv lives outside the repository, at ${DESCENT_VENV:-/work/venv}.
# Idempotent: a second run with everything installed only checks the imports.
set -euo pipefail
VENV="${DESCENT_VENV:-/work/venv}"
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "make_venv.sh: $PYTHON not found; installing python3 and python3-venv with apt-get" >&2
  apt-get update && apt-get install -y python3 python3-venv
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "make_venv.sh: creating $VENV"
  if ! "$PYTHON" -m venv "$VENV"; then
    echo "make_venv.sh: the venv module is missing; installing python3-venv with apt-get" >&2
    rm -rf "$VENV"
    apt-get update && apt-get install -y python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi
check='import torch, numpy, scipy, sklearn, safetensors, river, lion_pytorch, pytorch_optimizer, adabelief_pytorch, schedulefree, prodigyopt, dadaptation, dog, optax, jax, cleanlab, datasets, pandas, torchmetrics; print("torch", torch.__version__, "numpy", numpy.__version__, "scipy", scipy.__version__, "sklearn", sklearn.__version__, "safetensors", safetensors.__version__)'
if "$VENV/bin/python" -c "$check" 2>/dev/null; then
  exit 0
fi
"$VENV/bin/pip" install --quiet --upgrade pip
# The small packages first, so scripts that do not need torch can run while it downloads.
"$VENV/bin/pip" install --quiet numpy scipy scikit-learn safetensors river==0.26.1 pandas==3.1.1
# PyTorch from PyPI (the Linux wheel from PyPI is large: this takes minutes).
"$VENV/bin/pip" install --quiet torch lion-pytorch==0.2.5 pytorch-optimizer==4.1.0 adabelief-pytorch==0.2.1 schedulefree==1.4.1 prodigyopt==1.1.2 dadaptation==3.2 dog-optimizer==1.0.3
# Optax and JAX (CPU) for the schedule and transformation fixtures and the side-by-side benchmarks.
"$VENV/bin/pip" install --quiet "jax[cpu]" optax
# cleanlab with Datalab (needs Hugging Face datasets) for the audit fixtures (scripts/fixtures/audit.py).
"$VENV/bin/pip" install --quiet "cleanlab[datalab]==2.9.0" pandas
# torchmetrics for descent eval's calibration-error fixtures (scripts/fixtures/eval_metrics.py).
"$VENV/bin/pip" install --quiet torchmetrics==1.9.0
"$VENV/bin/python" -c "$check"
