#!/usr/bin/env python3
"""Regenerates Tests/DescentDataTests/Fixtures: small .npy files written by NumPy itself and
a tiny MNIST-style IDX directory (training files gzip-compressed, t10k files plain), so the
Swift readers are tested against the reference writers.

Usage: $DESCENT_VENV/bin/python scripts/python/make_data_fixtures.py
"""
import gzip
import struct
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests/DescentDataTests/Fixtures"


def save(name, array, version=None):
    path = OUT / name
    with open(path, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


def idx_bytes(array, type_code):
    header = struct.pack(">BBBB", 0, 0, type_code, array.ndim) + b"".join(struct.pack(">I", d) for d in array.shape)
    dtype = {0x08: ">u1", 0x0D: ">f4"}[type_code]
    return header + array.astype(dtype).tobytes(order="C")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    base = np.array([[-1.0, -0.5, 0.0], [0.5, 1.0, 1.5]])
    save("f4_2x3.npy", base.astype("<f4"))
    save("f8_2x3.npy", (base * 3 + 0.25).astype("<f8"))
    save("i4_4.npy", np.array([3, -7, 0, 2147483647 // 65536], dtype="<i4"))
    save("i8_2x2.npy", np.array([[1, 2], [-3, 40000]], dtype="<i8"))
    save("u1_3.npy", np.array([0, 128, 255], dtype="|u1"))
    save("i1_3.npy", np.array([-128, 0, 127], dtype="|i1"))
    save("scalar_f4.npy", np.array(2.5, dtype="<f4"))
    save("v2_f4_2x3.npy", base.astype("<f4"), version=(2, 0))
    save("fortran_f4_2x3.npy", np.asfortranarray(base.astype("<f4")))
    save("big_endian_f4.npy", base.astype(">f4"))
    save("bool_3.npy", np.array([True, False, True]))
    save("nan_f4_2x3.npy", np.array([[0.0, 1.0, 2.0], [3.0, np.nan, 5.0]], dtype="<f4"))
    # A classification pair and a regression pair.
    save("features_4x2.npy", np.array([[0, 1], [2, 3], [4, 5], [6, 7]], dtype="<f4"))
    save("labels_4.npy", np.array([2, 0, 1, 2], dtype="<i8"))
    save("values_4x2.npy", np.array([[0.5, 1], [1.5, 2], [2.5, 3], [3.5, 4]], dtype="<f8"))

    # MNIST-style directory: 5 training images 3x2 (gzip), 2 test images (plain).
    mnist = OUT / "idx-mini"
    mnist.mkdir(exist_ok=True)
    train_images = np.arange(5 * 3 * 2, dtype=np.uint8).reshape(5, 3, 2) * 8
    train_labels = np.array([1, 0, 2, 1, 0], dtype=np.uint8)
    test_images = (255 - np.arange(2 * 3 * 2, dtype=np.uint8)).reshape(2, 3, 2)
    test_labels = np.array([2, 1], dtype=np.uint8)
    for name, data in [("train-images-idx3-ubyte.gz", idx_bytes(train_images, 0x08)),
                       ("train-labels-idx1-ubyte.gz", idx_bytes(train_labels, 0x08))]:
        with gzip.GzipFile(mnist / name, "wb", mtime=0) as f:
            f.write(data)
    (mnist / "t10k-images-idx3-ubyte").write_bytes(idx_bytes(test_images, 0x08))
    (mnist / "t10k-labels-idx1-ubyte").write_bytes(idx_bytes(test_labels, 0x08))
    # A float IDX file.
    (OUT / "float_2x2.idx").write_bytes(idx_bytes(np.array([[1.5, -2.0], [0.25, 1e6]]), 0x0D))
    print("wrote", sorted(p.name for p in OUT.iterdir()))


if __name__ == "__main__":
    main()
