#!/usr/bin/env bash
# The second family (OUTLIERS.md) scripted:
#  - the BBP threshold of the logit-gradient model along σ_c²/σ_E² for C = 2…50 at three sample sizes
#    (`ribbon scan bbp --boundaries`), closed form beside the Brent root;
#  - the mixture's outlier margin over (k, γ) at λ = 20 (`ribbon scan bbp`);
#  - online SGD at three dimensions against the effective-dynamics ODE (`ribbon align`, exit 1 on a failed row).
# Usage: examples/outlier_scans.sh [OUTDIR]   (default: a new temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d)}"
mkdir -p "$out"
ribbon="${RIBBON:-env RIBBON_TUNED=1 swift run -c release ribbon}"
$ribbon scan bbp --model logit --boundaries variance-ratio --classes 2,3,5,10,20,50 --samples 100,300,1000 --parameters 1000 \
    --force --output "$out/logit_threshold.csv"
$ribbon scan bbp --model mixture --classes 2,4,8 --lambda 20 --dim 600 --test-samples log:60:6000:5 \
    --format markdown --force --output "$out/mixture_margin.md"
$ribbon align --dims 250,1000,4000 --times 1,2,5 --runs 4 --format csv --output "$out/align.csv"
echo "wrote $out/logit_threshold.csv, $out/mixture_margin.md and $out/align.csv"
