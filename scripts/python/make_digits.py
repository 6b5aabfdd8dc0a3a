#!/usr/bin/env python3
"""Regenerates Sources/DescentData/Resources/digits.bin from scikit-learn's copy of the UCI
optical digits (sklearn.datasets.load_digits): 1,797 records of 65 unsigned bytes, the 64
pixel counts (0..16, row-major 8x8) followed by the label (0..9), in scikit-learn's order.

Usage: $DESCENT_VENV/bin/python scripts/python/make_digits.py [OUTPUT]
(the venv comes from scripts/python/make_venv.sh). Prints the numbers the Swift tests check.
"""
import sys
from pathlib import Path

import numpy as np
from sklearn.datasets import load_digits


def main() -> None:
    root = Path(__file__).resolve().parents[2]
    output = Path(sys.argv[1]) if len(sys.argv) > 1 else root / "Sources/DescentData/Resources/digits.bin"
    digits = load_digits()
    data, target = digits.data, digits.target
    assert data.shape == (1797, 64) and data.min() == 0 and data.max() == 16
    assert np.array_equal(data, np.round(data))
    records = np.concatenate([data, target[:, None]], axis=1).astype(np.uint8)
    output.write_bytes(records.tobytes(order="C"))
    pixel_sums = data.sum(axis=1).astype(np.int64)
    weights = np.arange(1, len(pixel_sums) + 1, dtype=np.int64)
    print(f"wrote {output}: {records.nbytes} bytes")
    print("class counts:", np.bincount(target).tolist())
    print("total of all pixels:", int(data.sum()))
    print("sum over rows of (row number from 1) * (pixel sum of the row):", int((weights * pixel_sums).sum()))
    print("per-feature mean of pixel 20 (row 2, column 4):", float(data[:, 20].mean()))
    print("first image:", data[0].astype(int).tolist(), "label", int(target[0]))


if __name__ == "__main__":
    main()
