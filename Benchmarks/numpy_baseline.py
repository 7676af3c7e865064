#!/usr/bin/env python3
"""The script a researcher would write instead of ribbon: build the exact covariance E2
(THEORY.md §2) per grid point with vectorised numpy and call LAPACK's eigvalsh, then apply the
HR(rho, eps) criterion. Not a runtime dependency of ribbon; used by Benchmarks/compare_numpy.sh.

Usage: numpy_baseline.py SLOPES STEPS RATIO DIM OUT.csv
  SLOPES, STEPS: comma lists. Writes slope,steps,hyper_ribbon,k_epsilon rows and prints
  'numpy: N points in S s (R points/s)' on stderr.
"""
import sys, time
import numpy as np

def time_average(x, n):
    """S_T(x) = (1 - x^N) / (N (1 - x)), S_T(1) = 1 (the direct formula)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        s = (1.0 - x ** n) / (n * (1.0 - x))
    return np.where(x == 1.0, 1.0, s)

def verdict(slope, steps, ratio, d, eta=1.0, sigma0=1.0, rho=0.5, eps=1e-3):
    lam = np.exp(-slope * np.arange(d))
    q = 1.0 - eta * lam
    n = steps + 1.0
    b = -ratio * sigma0 * np.sqrt(lam)
    s_q = time_average(q, n)
    cov = np.outer(b, b) * (time_average(np.outer(q, q), n) - np.outer(s_q, s_q))
    cov[np.diag_indices(d)] += sigma0 ** 2 * lam * time_average(q * q, n)
    mu = np.linalg.eigvalsh(cov)[::-1]
    mu = np.where(np.abs(mu) < 1e-15 * mu[0], 0.0, np.maximum(mu, 0.0))
    tail = np.cumsum(mu[::-1])[::-1]          # tail[k] = sum_{j >= k} mu_j
    total = tail[0]
    k_eps = d
    while k_eps > 1 and tail[k_eps - 1] <= eps * total:
        k_eps -= 1
    ratios = mu[1:k_eps] / mu[:k_eps - 1]
    return bool(np.all(ratios <= rho)), k_eps

def main():
    slopes = [float(x) for x in sys.argv[1].split(",")]
    steps = [float(x) for x in sys.argv[2].split(",")]
    ratio, d, out = float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    start = time.perf_counter()
    rows = [(c, t) + verdict(c, t, ratio, d) for c in slopes for t in steps]
    elapsed = time.perf_counter() - start
    with open(out, "w") as f:
        f.write("slope,steps,hyper_ribbon,k_epsilon\n")
        for c, t, hr, k in rows:
            f.write(f"{c!r},{t!r},{str(hr).lower()},{k}\n")
    print(f"numpy: {len(rows)} points in {elapsed:.2f} s ({len(rows) / elapsed:.0f} points/s)", file=sys.stderr)

if __name__ == "__main__":
    main()
