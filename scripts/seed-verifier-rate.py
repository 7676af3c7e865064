#!/usr/bin/env python3
"""Realised failure rate of the seed-averaged verifiers (`outliers --simulate`, `align`) over random points.

Their predictions are asymptotic (large D), so a failure is either sampling noise (controlled by the
Student-t Bonferroni rule at --false-alarm, default 1%) or a finite-size effect beyond the stated
allowances; this measures the sum. Points, all from --seed:
  mixture  k in {2,3,4,6}, d in {400, 800}, M = {2,4,8}·d test samples, λ ~ logU[2, 40], 5 seeds
  logit    C in {3,5,10}, N in {100,300}, D in {300,1000}, σ_c² = threshold × logU[0.3, 30], 5 seeds
  align    k in {2,3,4}, λ ~ logU[5, 40], d = 1000, t = 1,2,5, 5 runs
Prints, per family, the calls that exit 1 and their command lines.

Usage: scripts/seed-verifier-rate.py [--ribbon .build/release/ribbon] [--seed 7] [--points 200]
"""
import argparse, math, random, subprocess
from concurrent.futures import ThreadPoolExecutor

p = argparse.ArgumentParser()
p.add_argument("--ribbon", default=".build/release/ribbon")
p.add_argument("--seed", type=int, default=7)
p.add_argument("--points", type=int, default=200)
a = p.parse_args()
R, rng, jobs = a.ribbon, random.Random(a.seed), []
for i in range(a.points):
    k = rng.choice([2, 3, 4, 6]); d = rng.choice([400, 800]); m = rng.choice([2, 4, 8]) * d
    lam = math.exp(rng.uniform(math.log(2), math.log(40)))
    jobs.append(("mixture", [R, "outliers", "mixture", "--classes", str(k), "--dim", str(d), "--test-samples", str(m),
                 "--lambda", f"{lam:.4f}", "--simulate", "--runs", "5", "--seed", str(1 + 10 * i)]))
for i in range(a.points):
    c = rng.choice([3, 5, 10]); n = rng.choice([100, 300]); D = rng.choice([300, 1000])
    v = ((c - 1) / (n * D)) ** 0.5 * math.exp(rng.uniform(math.log(0.3), math.log(30)))
    jobs.append(("logit", [R, "outliers", "logit", "--classes", str(c), "--samples", str(n), "--parameters", str(D),
                 "--class-variance", f"{v:.6g}", "--simulate", "--runs", "5", "--seed", str(1 + 10 * i)]))
for i in range(a.points // 2):
    k = rng.choice([2, 3, 4]); lam = math.exp(rng.uniform(math.log(5), math.log(40)))
    jobs.append(("align", [R, "align", "--classes", str(k), "--lambda", f"{lam:.4f}", "--dims", "1000", "--times", "1,2,5",
                 "--runs", "5", "--seed", str(1 + 10 * i)]))


def run(job):
    out = subprocess.run(job[1], capture_output=True, text=True)
    return job[0], out.returncode, " ".join(job[1][1:])


with ThreadPoolExecutor(2) as pool:
    results = list(pool.map(run, jobs))
for kind in ["mixture", "logit", "align"]:
    r = [x for x in results if x[0] == kind]
    print(f"{kind}: {sum(x[1] == 1 for x in r)} of {len(r)} calls exit 1; other exits: {sum(x[1] not in (0, 1) for x in r)}")
    for x in r:
        if x[1] != 0:
            print(f"   exit {x[1]}: ribbon {x[2]}")
