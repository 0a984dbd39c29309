#!/usr/bin/env bash
# make bench-tee: --tee's throughput (issue 12, item 8). A one-trial experiment whose trial
# is `cat` of a file of MB megabytes in 100-byte lines, run by the release hporun with its
# output into a file: without --tee (the trial alone, hporun's fixed cost), and with --tee
# (every line echoed as `[0001] ...`), against a plain `cat` of the same file. Best of
# ROUNDS runs each (the machine may be busy), with the CPU seconds (user + system, the trial's
# own included) and peak memory of that run when /usr/bin/time is there (CPU time depends
# less on a busy machine than wall time); checks that every line came through.
# Prints numbers; asserts only that the output is complete.
set -euo pipefail
cd "$(dirname "$0")/.."
HPORUN=${HPORUN:-$PWD/.build/release/hporun}
MB=${MB:-200}
ROUNDS=${ROUNDS:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-tee.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat > "$work/exp.yml" <<'YAML'
hyper_parameters_optimization:
  method:
    name: random
    parameters:
    - {name: objective, string_value: accuracy}
    - {name: maximize_or_minimize, string_value: maximize}
    - {name: num_optimizer_steps, int_value: 1}
  hyper_parameters:
  - {name: x, double_range: {min_value: 0, max_value: 1}}
YAML
# The trial: its output, then its objective (a trial without one fails).
cat > "$work/trial.sh" <<SH
#!/bin/sh
cat "$work/big.txt"
echo '[{"steps": 1, "accuracy": 0.5}]' > val_dict_list.json
SH
chmod +x "$work/trial.sh"
(set +o pipefail; yes "$(printf '%099d' 7)" | head -c $((MB * 1000000)) > "$work/big.txt")
lines=$((MB * 10000))
cat "$work/big.txt" > /dev/null  # in the page cache for every contender

now() { date +%s.%N; }
best() { sort -n | head -1; }

# One run of "$@" with its stdout into $work/out: "wall cpu peak-RSS-MB" (cpu and memory "-"
# without /usr/bin/time).
timed() {
    local start end cpu=- rss=-
    start=$(now)
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" > "$work/out" 2> "$work/err"
    else
        "$@" > "$work/out" 2> "$work/err"
    fi
    end=$(now)
    if [ -x /usr/bin/time ]; then
        read -r user system kilobytes < "$work/time"
        cpu=$(printf "%.2f" "$(echo "$user + $system" | bc)")
        rss=$((kilobytes / 1024))
    fi
    echo "$(echo "$end - $start" | bc) $cpu $rss"
}

cat_times=() plain_times=() tee_times=()
for round in $(seq "$ROUNDS"); do
    cat_times+=("$(timed cat "$work/big.txt")")
    rm -rf "$work/exp"
    plain_times+=("$(timed "$HPORUN" --manifest "$work/exp.yml" --experiment-dir "$work/exp" -- "$work/trial.sh")")
    rm -rf "$work/exp"
    tee_times+=("$(timed "$HPORUN" --manifest "$work/exp.yml" --experiment-dir "$work/exp" --tee -- "$work/trial.sh")")
    shown=$(grep -c '^\[0001\] 0*7$' "$work/out" || true)
    if [ "$shown" -ne "$lines" ]; then
        echo "bench-tee: only $shown of $lines lines came through --tee" >&2
        tail -5 "$work/err" >&2
        exit 1
    fi
done
read -r cat_best cat_cpu cat_rss <<< "$(printf '%s\n' "${cat_times[@]}" | best)"
read -r plain_best plain_cpu plain_rss <<< "$(printf '%s\n' "${plain_times[@]}" | best)"
read -r tee_best tee_cpu tee_rss <<< "$(printf '%s\n' "${tee_times[@]}" | best)"
printf 'bench-tee: %d MB in %d lines, best of %d runs (wall; CPU user+sys; peak RSS)\n' "$MB" "$lines" "$ROUNDS"
printf '  cat                         %6.2f s  %5s s CPU  %4s MB\n' "$cat_best" "$cat_cpu" "$cat_rss"
printf '  hporun, trial cat, no --tee %6.2f s  %5s s CPU  %4s MB\n' "$plain_best" "$plain_cpu" "$plain_rss"
printf '  hporun --tee, trial cat     %6.2f s  %5s s CPU  %4s MB  (%.1f x cat, %.1f x hporun without --tee)\n' \
    "$tee_best" "$tee_cpu" "$tee_rss" "$(echo "$tee_best / $cat_best" | bc -l)" "$(echo "$tee_best / $plain_best" | bc -l)"
