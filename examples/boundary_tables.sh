#!/usr/bin/env bash
# Phase-boundary tables traced with `ribbon scan --boundaries`, each a tidy CSV (+ .meta.json)
# and a boundary map (Markdown) in the THEORY.md §5 layout:
#  - the smallest ratio r with HR over slope × steps (wider than THEORY.md's table), with P3/P3′;
#  - the steps boundary T* at r = 1000 over slope, with P2.
# Usage: examples/boundary_tables.sh [OUTDIR]   (default: a new temporary folder; `ribbon reproduce` owns output/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
ribbon="${RIBBON:-env RIBBON_TUNED=1 swift run -c release ribbon}"
$ribbon scan --boundaries ratio --slope 0.25,0.5,0.75,1,1.5,2,3,4 --steps 1,10,100,1000,10000,100000 \
    --from 0.01 --to 1e5 --map --force --output "$out/ratio_boundary.csv" > "$out/ratio_boundary.md"
$ribbon scan --boundaries steps --slope 0.25,0.5,0.75,1,1.5,2,3,4 --ratio 10,1000 --to 1e9 \
    --map --force --output "$out/steps_boundary.csv" > "$out/steps_boundary.md"
echo "wrote $out/ratio_boundary.{csv,md} and $out/steps_boundary.{csv,md}"
