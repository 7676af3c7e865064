#!/usr/bin/env bash
# From a data set to its phase diagram in two ribbon commands:
#  1. `ribbon spectrum --from-data X.npy`: the eigenvalues of Σ = XᵀX/n (columns centred) as a spectrum file;
#  2. `ribbon scan --spectrum spectrum.txt --lambda1 1`: HR verdicts over steps × ratio at ηλ₁ = 1.
# The data set is generated with numpy (no download, the same bytes everywhere): 1797 samples × 64 features,
# the shape of scikit-learn's digits, with a decaying covariance (variances 64 e^{−0.15 i}) in random axes and a
# nonzero mean. Set DATA=file.npy (n × d float64, C order) or a CSV to run the same two commands on your data.
# Usage: examples/data_to_diagram.sh [OUTDIR]   (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
ribbon="${RIBBON:-env RIBBON_TUNED=1 swift run -c release ribbon}"
data="${DATA:-$out/X.npy}"
if [ -z "${DATA:-}" ]; then
    python3 - "$data" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(14)
n, d = 1797, 64
rotation, _ = np.linalg.qr(rng.standard_normal((d, d)))
X = (8 * rng.standard_normal((n, d)) * np.exp(-0.075 * np.arange(d))) @ rotation.T + rng.uniform(0, 16, d)
np.save(sys.argv[1], X)
PY
fi
$ribbon spectrum --from-data "$data" --output "$out/spectrum.txt" --top 5
$ribbon scan --spectrum "$out/spectrum.txt" --lambda1 1 --steps log:1:1e5:11 --ratio log:0.1:1000:9 \
    --force --output "$out/diagram.csv"
$ribbon plot "$out/diagram.csv" --out "$out/diagram.svg" >/dev/null
echo "wrote $out/spectrum.txt, $out/diagram.csv (+ .meta.json) and $out/diagram.svg"
