#!/usr/bin/env bash
# make bench-runner: hporun's overhead per trial against a plain shell loop doing the same
# work (a directory, a config.json, the command run there), and the emetrics reader's
# throughput on a generated 1-million-line file. Prints numbers; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-500}
LINES=${LINES:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/exp.yml" <<YAML
hyper_parameters_optimization:
  method:
    name: random
    parameters:
    - {name: objective, string_value: accuracy}
    - {name: maximize_or_minimize, string_value: maximize}
    - {name: num_optimizer_steps, int_value: $TRIALS}
    - {name: random_seed, int_value: 1}
  hyper_parameters:
  - {name: learning_rate, double_range: {min_value: -4, max_value: -1, power: 10}}
  - {name: batch_size, int_values: [16, 32, 64]}
YAML

now() { python3 -c 'import time; print(time.time())'; }

# The trial: a program that writes the objective and exits, as cheap as a trial can be. A
# trial that writes nothing (`true`) fails, and hporun stops a run whose first trials all
# fail the same way, so each trial writes a one-line val_dict_list.json from the shell.
cat > "$work/trial.sh" <<'SH'
#!/bin/sh
echo '[{"steps": 1, "accuracy": 0.5}]' > val_dict_list.json
SH
chmod +x "$work/trial.sh"

# The same work as hporun's trials, in a plain shell loop: a directory, a config.json, the
# command run there with SUBID set and its output in two files.
shell_loop() {
  mkdir -p "$1"
  for i in $(seq -f "%04g" 1 "$TRIALS"); do
    mkdir "$1/$i"
    printf '{\n  "learning_rate": 0.001,\n  "batch_size": 32\n}\n' > "$1/$i/config.json"
    (cd "$1/$i" && SUBID=$i "$work/trial.sh" > stdout.log 2> stderr.log)
  done
}

# Each round runs both in fresh directories and deletes nothing: on ext4, creating files
# right after many were deleted is slower (the inode allocator skips recently deleted
# inodes), which made single runs swing by 2x. The order alternates between rounds.
ROUNDS=${ROUNDS:-5}
echo "runner: $TRIALS trials of a shell script writing val_dict_list.json, one at a time, $ROUNDS rounds"
ratios=()
for round in $(seq 1 "$ROUNDS"); do
  for which in $( ((round % 2)) && echo "hporun loop" || echo "loop hporun"); do
    start=$(now)
    if [[ $which == hporun ]]; then
      .build/release/hporun --manifest "$work/exp.yml" --experiment-dir "$work/hporun$round" -- "$work/trial.sh" > /dev/null || true
      hporun_seconds=$(python3 -c "print($(now) - $start)")
    else
      shell_loop "$work/loop$round"
      loop_seconds=$(python3 -c "print($(now) - $start)")
    fi
  done
  ratio=$(python3 - "$hporun_seconds" "$loop_seconds" "$TRIALS" "$round" <<'PY'
import sys
hporun, loop, trials, round = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
print(f"runner: round {round}: hporun {hporun / trials * 1000:.2f} ms/trial, shell loop {loop / trials * 1000:.2f} ms/trial, "
      f"ratio {hporun / loop:.2f}", file=sys.stderr)
print(f"{hporun / loop:.3f}")
PY
  )
  ratios+=("$ratio")
  trials_made=$(ls "$work/hporun$round/trials" | wc -l)
  [[ $trials_made == "$TRIALS" ]] || echo "runner: round $round: hporun made $trials_made trial directories, not $TRIALS"
done
python3 -c "import statistics, sys; r = sorted(map(float, sys.argv[1:])); print(f'runner: ratio median {statistics.median(r):.2f} (min {r[0]:.2f}, max {r[-1]:.2f}) (target <= 1.5)')" "${ratios[@]}"

echo "reader: generating $LINES emetrics lines"
python3 - "$work/metrics.txt" "$LINES" <<'PY'
import json, sys
path, lines = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for i in range(lines):
        group = "test" if i % 10 == 9 else "train"
        record = {"meta": {"training_id": "bench", "time": 1700000000000 + i, "rindex": i + 1, "subid": "0001"},
                  "grouplabel": group,
                  "etimes": {"iteration": {"type": 2, "value": str(i // 10)}, "time_stamp": {"value": "2026-11-23T00:00:00.000Z"}},
                  "values": {"accuracy": {"type": 3, "value": str((i % 1000) / 1000)}, "loss": {"type": 3, "value": "0.5"}}}
        out.write(json.dumps(record) + "\n")
PY
ls -l "$work/metrics.txt" | awk '{printf "reader: file of %.0f MB\n", $5 / 1e6}'
.build/release/MetricsBench "$work/metrics.txt" accuracy
echo "reader: target under 2 s and 50 MB"
