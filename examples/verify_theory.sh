#!/usr/bin/env bash
# Theory against simulated training, two ways:
#  1. the asymptotic widths (A4 top variance × the A1 sech law for the ratios) checked with
#     `verify --against` at three points: where they hold and where they fail;
#  2. a boundary scan verified on both sides of every boundary with `verify --from-scan`.
# Each verify call is a calibrated joint test (family-wise false-fail ≤ 1% when the prediction is
# right) and says which deviation it could have detected; a FAIL names the failing quantity.
#
# Usage: examples/verify_theory.sh [OUTDIR]   (default: a temporary folder)
set -uo pipefail
cd "$(dirname "$0")/.."
ribbon="${RIBBON:-env RIBBON_TUNED=1 swift run -c release ribbon}"
out="${1:-$(mktemp -d)}"
mkdir -p "$out"

# 1. Asymptotic widths as a theory file: μ₁ = A4, μ_{k+1} = A4 · sech(π²k/ln κ) (A1).
asymptotic() {  # slope steps ratio → FILE
    $ribbon widths --slope "$1" --steps "$2" --ratio "$3" --dim 30 --format json | python3 -c '
import json, sys
a = json.load(sys.stdin)["asymptotic"]
top = a["top_variance"]["value"]
sech = [a[f"sech_law[{k}]"]["value"] for k in range(1, 4)]
json.dump({"variances": [top] + [top * s for s in sech]}, sys.stdout)' > "$4"
}
echo "A4 × sech law vs simulation (R = 400, d = 30): predicted, simulated, z, detectable deviation, result"
for point in "1 1000 10" "1 1000 100" "2 100 5"; do
    set -- $point
    theory="$out/asymptotic-c$1-T$2-r$3.json"
    asymptotic "$1" "$2" "$3" "$theory"
    $ribbon verify --slope "$1" --steps "$2" --ratio "$3" --dim 30 --samples 100 --runs 400 --top 4 \
        --against "$theory" --format csv > "$out/asymptotic-c$1-T$2-r$3.csv"
    echo "c=$1 T=$2 r=$3: verify exit $? (1 = some row fails)"
    python3 - "$out/asymptotic-c$1-T$2-r$3.csv" <<'PY'
import csv, sys
for row in csv.DictReader(open(sys.argv[1])):
    if row["quantity"] in ("variance", "variance_ratio") and row["predicted"] and row["verdict"] != "not_judged":
        print(f'  {row["quantity"]:>14} {row["k"]}  {float(row["predicted"]):.4g}  {float(row["measured"]):.4g}  '
              f'z {float(row["z"]):+8.2f}  {100 * float(row["detectable"]):5.1f}%  {"pass" if row["verdict"] == "pass" else "FAIL"}')
PY
done

# 2. Both sides of the ratio boundaries of a small boundary scan.
$ribbon scan --boundaries ratio --slope 1,2 --steps 100,1000 --dim 30 --output "$out/boundaries.csv" --force 2>/dev/null
$ribbon verify --from-scan "$out/boundaries.csv" --samples 100 --runs 200 --format csv > "$out/verified.csv"
echo "from-scan verification ($?: 0 = every point passed): $out/verified.csv"
