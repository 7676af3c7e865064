#!/usr/bin/env bash
# The default phase diagram (slope × steps at r = 1, 10, 100; d = 200, ηλ₁ = 1, σ₀ = 1) as a tidy
# CSV with its .meta.json sidecar, and the phase map (Markdown) that a person reads.
# Usage: examples/phase_diagram.sh [OUTDIR]   (default: a new temporary folder; `ribbon reproduce` owns output/)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
ribbon="${RIBBON:-env RIBBON_TUNED=1 swift run -c release ribbon}"
$ribbon scan --map --force --output "$out/phase_diagram.csv" > "$out/phase_map.md"
echo "wrote $out/phase_diagram.csv (+ .meta.json) and $out/phase_map.md"
