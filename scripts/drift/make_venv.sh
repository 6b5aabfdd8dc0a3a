#!/usr/bin/env bash
# Creates the Python dev-tool environment used by make_fixtures.py and bench.py.
# Python is only a development tool for Descent: the venv lives outside the repository.
set -euo pipefail
VENV="${DRIFT_VENV:-/work/venv-drift}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install --quiet --upgrade pip
"$VENV/bin/pip" install --quiet scipy numpy river scikit-learn
"$VENV/bin/python" -c "import scipy, numpy, river, sklearn; print('scipy', scipy.__version__, 'numpy', numpy.__version__, 'river', river.__version__, 'sklearn', sklearn.__version__)"
