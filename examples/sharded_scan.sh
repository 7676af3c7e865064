#!/usr/bin/env bash
# A scan split into shards, as a cluster job array runs it, then merged; the merged table is
# checked to be byte-identical to one unsharded run.
#
# On Slurm the same thing is one array job (one shard per task) and one merge afterwards:
#   #SBATCH --array=0-63
#   ribbon scan $GRID --shard $SLURM_ARRAY_TASK_ID/64 --output part-$SLURM_ARRAY_TASK_ID.csv --resume
#   # when all tasks are done:
#   ribbon merge --output scan.csv part-*.csv
# --resume makes a re-queued or timed-out task continue its own file instead of starting over.
#
# Usage: examples/sharded_scan.sh [SHARDS]   (default 4; runs in a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
shards="${1:-4}"
ribbon="${RIBBON:-env RIBBON_TUNED=1 swift run -c release ribbon}"
grid=(--slope log:0.25:4:12 --steps log:1:1e5:6 --ratio 1,10,100 --dim 100)
work="$(mktemp -d)"
for ((k = 0; k < shards; k++)); do
    $ribbon scan "${grid[@]}" --jobs 1 --shard "$k/$shards" --output "$work/part-$k.csv" --resume &
done
wait
$ribbon merge --output "$work/merged.csv" "$work"/part-*.csv
$ribbon scan "${grid[@]}" --output "$work/single.csv"
cmp "$work/merged.csv" "$work/single.csv"
echo "sharded_scan: $shards shards merged == one run ($(($(wc -l < "$work/single.csv") - 1)) points) in $work"
