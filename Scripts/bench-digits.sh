#!/usr/bin/env bash
# make bench-digits: the best TEST accuracy found on the Swift digits MLP (Samples/swift-training,
# digits.yml's space and program) after 10, 20 and 30 trials, one trial at a time, by hporun's
# rbfopt, tpe and random and by Optuna's default TPESampler (no pruner: NopPruner, n_jobs 1,
# driven by Scripts/bench-pruning-optuna.py as hporun drives the program: config.json, SUBID,
# the trial's objective is its best TEST accuracy as hporun's default objective_strategy).
# Prints median [min, max] over the seeds per method, then each seed's values.
#
# SEEDS (default "1 2 3 4 5"), METHODS (default "rbfopt tpe random optuna-tpe"), JOBS (runs
# at once, default 2), OPTUNA_PYTHON (a python with optuna; default
# /tmp/hporun-peers-venv/bin/python; without one the optuna-tpe row is left out).
set -euo pipefail
cd "$(dirname "$0")/.."
seeds=${SEEDS:-1 2 3 4 5}
methods=${METHODS:-rbfopt tpe random optuna-tpe}
jobs=${JOBS:-2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sample=$PWD/Samples/swift-training
program=("$sample/.build/release/digits-mlp" --data "$sample/digits.csv")
[[ -x ${program[0]} ]] || { echo "build the digits sample first: make digits-sample" >&2; exit 1; }

python=""
for candidate in "${OPTUNA_PYTHON:-}" /tmp/hporun-peers-venv/bin/python; do
  if [[ -n $candidate ]] && "$candidate" -c "import optuna" 2> /dev/null; then python=$candidate; break; fi
done
if [[ -z $python && " $methods " == *" optuna-tpe "* ]]; then
  echo "no Optuna: its row is left out. Get it with: python3 -m venv /tmp/hporun-peers-venv &&" \
    "/tmp/hporun-peers-venv/bin/pip install optuna (or set OPTUNA_PYTHON)"
  methods=${methods//optuna-tpe/}
fi

# digits.yml's space in the driver's SPACE.json form (bench-pruning.py's digits space, with
# epochs 5..30 tuned here instead of fixed at 50).
cat > "$work/space.json" <<'JSON'
{"objective": "accuracy", "direction": "maximize", "strategy": "best",
 "parameters": {
  "learning_rate": {"type": "log", "low": 0.001, "high": 1.0},
  "hidden_units": {"type": "choice", "values": [16, 32, 64, 128]},
  "weight_decay": {"type": "log", "low": 1e-6, "high": 1e-2},
  "batch_size": {"type": "choice", "values": [16, 32, 64, 128]},
  "epochs": {"type": "int", "low": 5, "high": 30},
  "activation": {"type": "choice", "values": ["relu", "tanh"]}}}
JSON

# One run: its trials' objectives, one a line in trial order, into $work/METHOD-SEED.values.
run() {
  local method=$1 seed=$2 out=$work/$1-$2
  if [[ $method == optuna-tpe ]]; then
    "$python" Scripts/bench-pruning-optuna.py "$work/space.json" none "$seed" 30 1000000000 "$out" "$out.json" \
      -- "${program[@]}"
    python3 -c 'import json, sys
for r in json.load(open(sys.argv[1])): print("" if r["value"] is None else r["value"])' "$out.json" > "$out.values"
  else
    sed -e "s/name: rbfopt/name: $method/" -e "s/int_value: 1}/int_value: $seed}/" "$sample/digits.yml" > "$out.yml"
    .build/release/hporun --manifest "$out.yml" --experiment-dir "$out" -- "${program[@]}" > /dev/null
    .build/release/hporun export "$out" --format csv > "$out.csv"
    python3 -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])): print(r["objective"])' "$out.csv" > "$out.values"
  fi
}

started=$SECONDS
for method in $methods; do
  for seed in $seeds; do
    while (( $(jobs -rp | wc -l) >= jobs )); do wait -n; done
    run "$method" "$seed" &
  done
done
wait
# A failed run leaves no .values file: the summary below then stops with its name.
python3 - "$work" "$SECONDS" "$started" "$methods" "$seeds" <<'PY'
import statistics, sys
work, now, started, methods, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(), sys.argv[5].split()
budgets = (10, 20, 30)
print(f"best TEST accuracy after N trials ({len(seeds)} seeds {' '.join(seeds)}: median [min, max]); {now - started} s")
print(f"{'method':11} {'10':>26} {'20':>26} {'30':>26}")
per_seed = {}
for method in methods:
    cells = []
    for budget in budgets:
        bests = []
        for seed in seeds:
            values = [float(v) for v in open(f"{work}/{method}-{seed}.values").read().splitlines()[:budget] if v]
            bests.append(max(values))
            per_seed.setdefault(method, {}).setdefault(seed, []).append(max(values))
        cells.append(f"{statistics.median(bests):.4f} [{min(bests):.4f}, {max(bests):.4f}]")
    print(f"{method:11} {cells[0]:>26} {cells[1]:>26} {cells[2]:>26}")
print("per seed (best after 10/20/30 trials)")
for method in methods:
    print(f"{method:11} " + "  ".join(f"{seed}: " + "/".join(f"{v:.4f}" for v in per_seed[method][seed])
                                      for seed in seeds))
PY
