#!/usr/bin/env bash
# Side-by-side in one run: the numpy baseline and `ribbon scan` on the same dense verdict grid
# (d = 200, geometric spectrum, ηλ₁ = 1, σ₀ = 1, r = 10, HR(0.5, 1e-3); 64 slopes × the distinct
# integers of 64 log-spaced steps in 1..1e6), then the throughput ratio and every verdict compared.
# Usage: Benchmarks/compare_numpy.sh [SIDE]   (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
side="${1:-64}"
ribbon="${RIBBON:-.build/release/ribbon}"
[ -x "$ribbon" ] || RIBBON_TUNED=1 swift build -c release >/dev/null
work="$(mktemp -d)"
read -r slopes steps < <(python3 -c "
import numpy as np
s = np.exp(np.linspace(np.log(0.1), np.log(4), $side))
t = np.unique(np.round(np.logspace(0, 6, $side)))
print(','.join(repr(float(x)) for x in s), ','.join(repr(float(x)) for x in t))")
python3 Benchmarks/numpy_baseline.py "$slopes" "$steps" 10 200 "$work/numpy.csv" 2> "$work/numpy.log"
"$ribbon" scan --slope "$slopes" --steps "$steps" --ratio 10 --dim 200 --output "$work/ribbon.csv" 2> "$work/ribbon.log"
cat "$work/numpy.log" "$work/ribbon.log"
python3 - "$work" <<'PY'
import csv, json, re, sys
work = sys.argv[1]
numpy_rows = {(float(r["slope"]), float(r["steps"])): r["hyper_ribbon"] for r in csv.DictReader(open(f"{work}/numpy.csv"))}
ribbon_rows = {(float(r["slope"]), float(r["steps"])): r["hyper_ribbon"] for r in csv.DictReader(open(f"{work}/ribbon.csv"))}
differ = [k for k in numpy_rows if numpy_rows[k] != ribbon_rows[k]]
numpy_rate = float(re.search(r"\(([\d.]+) points/s\)", open(f"{work}/numpy.log").read()).group(1))
meta = json.load(open(f"{work}/ribbon.csv.meta.json"))
ribbon_rate = meta["points"]["computed"] / meta["elapsed_seconds"]
print(f"points: {len(numpy_rows)}; verdicts differ at {len(differ)}" + (f" (first: c={differ[0][0]:.4g}, T={differ[0][1]:g})" if differ else ""))
print(f"ribbon {ribbon_rate:.0f} points/s vs numpy {numpy_rate:.0f} points/s: {ribbon_rate / numpy_rate:.1f}x")
PY
