#!/usr/bin/env bash
# make bench-digits: the best TEST accuracy found by rbfopt and by random search on the
# Swift digits sample after 10, 20 and 30 trials, for 3 seeds each. Prints a table.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=Samples/swift-training
for method in rbfopt random; do
  for seed in 1 2 3; do
    sed -e "s/name: rbfopt/name: $method/" -e "s/int_value: 1}/int_value: $seed}/" "$sample/digits.yml" > "$work/exp-$method-$seed.yml"
    .build/release/hporun --manifest "$work/exp-$method-$seed.yml" --experiment-dir "$work/$method-$seed" \
      -- "$PWD/$sample/.build/release/digits-mlp" --data "$PWD/$sample/digits.csv" > /dev/null
    .build/release/hporun export "$work/$method-$seed" --format csv > "$work/$method-$seed.csv"
  done
done
python3 - "$work" <<'PY'
import csv, statistics, sys
work = sys.argv[1]
print("best TEST accuracy after N trials (3 seeds: median [min, max]; per seed)")
print(f"{'method':8} {'10':>26} {'20':>26} {'30':>26}")
for method in ("rbfopt", "random"):
    cells = []
    for budget in (10, 20, 30):
        bests = []
        for seed in (1, 2, 3):
            rows = list(csv.DictReader(open(f"{work}/{method}-{seed}.csv")))[:budget]
            bests.append(max(float(r["objective"]) for r in rows if r["objective"]))
        cells.append(f"{statistics.median(bests):.4f} [{min(bests):.4f}, {max(bests):.4f}]")
    print(f"{method:8} {cells[0]:>26} {cells[1]:>26} {cells[2]:>26}")
PY
