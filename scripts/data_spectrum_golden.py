#!/usr/bin/env python3
"""Fixtures for `ribbon spectrum --from-data`: .npy files written by numpy itself, and the eigenvalues of
X^T X / n from numpy.linalg.eigvalsh as an independent oracle (the script never reads the Swift code).

Run from the repository root:  python3 scripts/data_spectrum_golden.py
Writes Tests/Fixtures/data/
  c_order_3x4.npy (and _v2, _v3)  float64, C order, versions 1.0 / 2.0 / 3.0 of the format;
  fortran_3x4.npy, float32_3x4.npy, vector_5.npy, int64_3x4.npy   files the reader must refuse;
  samples_40x6.npy, samples_40x6.csv (same doubles, with a header line), wide_12x30.npy (n < d);
  data_spectrum_golden.json  the 3x4 values, and descending eigvalsh(X^T X / n) of the samples and the wide
                             matrix, with and without centring the columns.
"""
import json
import os

import numpy as np

out = "Tests/Fixtures/data"
os.makedirs(out, exist_ok=True)


def save(name, array, version=None):
    with open(os.path.join(out, name), "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


small = (np.arange(12, dtype=np.float64).reshape(3, 4) - 5.5) / 4
small[0, 2], small[1, 3] = 1e-300, -2.5e200  # extremes survive the byte copy unchanged
save("c_order_3x4.npy", small, (1, 0))
save("c_order_3x4_v2.npy", small, (2, 0))
save("c_order_3x4_v3.npy", small, (3, 0))
save("fortran_3x4.npy", np.asfortranarray(small))
save("float32_3x4.npy", np.arange(12, dtype=np.float32).reshape(3, 4))
save("int64_3x4.npy", np.arange(12, dtype=np.int64).reshape(3, 4))
save("vector_5.npy", np.arange(5, dtype=np.float64))

rng = np.random.default_rng(14)
# 40 samples of 6 features with a decaying covariance and a nonzero mean (so centring matters).
samples = rng.standard_normal((40, 6)) * np.exp(-0.7 * np.arange(6)) + np.linspace(2, -1, 6)
save("samples_40x6.npy", samples)
with open(os.path.join(out, "samples_40x6.csv"), "w") as f:
    f.write("f1,f2,f3,f4,f5,f6\n")
    for row in samples:
        f.write(",".join(repr(float(v)) for v in row) + "\n")
wide = rng.standard_normal((12, 30)) * np.exp(-0.1 * np.arange(30))
save("wide_12x30.npy", wide)


def eigenvalues(x, centred):
    if centred:
        x = x - x.mean(axis=0)
    return [float(v) for v in np.linalg.eigvalsh(x.T @ x / x.shape[0])[::-1]]


golden = {
    "generator": "scripts/data_spectrum_golden.py, numpy " + np.__version__,
    "c_order_3x4": [float(v) for v in small.ravel()],
    "samples_40x6": {"centred": eigenvalues(samples, True), "raw": eigenvalues(samples, False)},
    "wide_12x30": {"centred": eigenvalues(wide, True), "raw": eigenvalues(wide, False)},
}
with open(os.path.join(out, "data_spectrum_golden.json"), "w") as f:
    json.dump(golden, f, indent=1)
    f.write("\n")
print("wrote", out)
