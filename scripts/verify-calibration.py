#!/usr/bin/env python3
"""Measures `ribbon verify`'s realised false-fail rate at correct theory, and its power against wrong predictions.

Size: at N random points (c ~ U[0.3, 2.5], T ~ logU[3, 3000] rounded, r ~ logU[0.1, 50], d = 30, one seed
per point), `ribbon verify` compares the simulation with E2, which is right by construction; every exit 1
is a false alarm. The rate should be <= the family-wise level (default 1%).
Power (--power): the predictions are E2's variances with mu_1..mu_3 multiplied by (1 + --shift), given
through --against, with --detect 0.1; every exit 1 is a detection.

--model picks the verifier: gd (default), flow (--flow), kernel (kernel machines: --spectrum kernel:K with
K in rbf/laplace/arccos1, n = d = 30 samples, length scale ~ logU[0.5, 2], eta 0.5) or sgd (--batch B, B in {1, 4, 16}, eta 0.2,
bootstrap + Bonferroni, approximate; points where ribbon declines to judge count as passes and are reported).

Usage: scripts/verify-calibration.py [--points 500] [--runs 40] [--model gd|flow|kernel|sgd] [--power] [--shift 0.15] [--ribbon .build/release/ribbon]
Prints one summary line (rate and a 95% Clopper-Pearson interval) and the command it used.
"""
import argparse, json, math, os, random, subprocess, sys, tempfile
from concurrent.futures import ThreadPoolExecutor

from scipy.stats import beta

p = argparse.ArgumentParser()
p.add_argument("--points", type=int, default=500)
p.add_argument("--runs", type=int, default=40)
p.add_argument("--seed", type=int, default=2026)
p.add_argument("--power", action="store_true")
p.add_argument("--shift", type=float, default=0.15)
p.add_argument("--detect", type=float, default=0.1)
p.add_argument("--jobs", type=int, default=2)
p.add_argument("--ribbon", default=".build/release/ribbon")
p.add_argument("--model", choices=["gd", "flow", "kernel", "sgd"], default="gd")
a = p.parse_args()

rng = random.Random(a.seed)
points = []
for i in range(a.points):
    c = rng.uniform(0.3, 2.5)
    t = round(math.exp(rng.uniform(math.log(3), math.log(3000))))
    r = math.exp(rng.uniform(math.log(0.1), math.log(50)))
    extra = []
    if a.model == "flow":
        extra = ["--flow"]
    elif a.model == "kernel":
        extra = ["--spectrum", "kernel:" + rng.choice(["rbf", "laplace", "arccos1"]), "--kernel-samples", "30",
                 "--length-scale", str(round(math.exp(rng.uniform(math.log(0.5), math.log(2))), 3)), "--kernel-seed", str(i + 1), "--eta", "0.5"]
    elif a.model == "sgd":
        extra = ["--batch", str(rng.choice([1, 4, 16])), "--eta", "0.2"]
    points.append((i, round(c, 4), t, round(r, 4), extra))

tmp = tempfile.mkdtemp()

def run(point):
    i, c, t, r, extra = point
    shape = [] if a.model == "kernel" else ["--slope", str(c)]
    base = shape + ["--steps", str(t), "--ratio", str(r), "--dim", "30"] + extra
    cmd = [a.ribbon, "verify"] + base + ["--seed", str(i + 1), "--format", "json"]
    if a.power:
        w = subprocess.run([a.ribbon, "widths"] + base + ["--format", "json"], capture_output=True, text=True, check=True)
        variances = json.loads(w.stdout)["exact"]["variances"]
        wrong = [v * (1 + a.shift) if k < 3 else v for k, v in enumerate(variances)]
        path = os.path.join(tmp, f"theory{i}.json")
        with open(path, "w") as f:
            json.dump({"variances": wrong}, f)
        cmd += ["--against", path, "--detect", str(a.detect), "--max-runs", "20000"]
    else:
        cmd += ["--runs", str(a.runs)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        return (point, None, out.stderr.strip()[:200])
    report = json.loads(out.stdout)
    declined = any(row["verdict"] == "not_judged" and row["quantity"] != "hyper_ribbon" for row in report["checks"])
    return (point, out.returncode == 1, report["summary"]["detectable"], declined)

with ThreadPoolExecutor(max_workers=a.jobs) as pool:
    results = list(pool.map(run, points))

errors = [r for r in results if r[1] is None]
judged = [r for r in results if r[1] is not None]
fails = sum(1 for r in judged if r[1])
n = len(judged)
lo = beta.ppf(0.025, fails, n - fails + 1) if fails > 0 else 0.0
hi = beta.ppf(0.975, fails + 1, n - fails) if fails < n else 1.0
what = f"power vs mu_1..3 x {1 + a.shift:g} with --detect {a.detect:g}" if a.power else f"false-fail rate at correct theory ({a.model}), R = {a.runs}"
print(f"{what}: {fails}/{n} calls exit 1 = {100 * fails / max(n, 1):.2f}% (95% CI {100 * lo:.2f}-{100 * hi:.2f}%); errors: {len(errors)}")
declined = sum(1 for r in judged if r[3])
if declined:
    print(f"{declined} of {n} calls declined to judge the variance rows (e.g. SGD with diverging second moments)")
if errors:
    print("first error:", errors[0])
print("command:", " ".join(sys.argv))
