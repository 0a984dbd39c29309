#!/usr/bin/env bash
# Hostile metrics files (issue 12, items 4-8): the release hporun against trials that leave
# under evaluation-metrics.txt, val_dict_list.json or stdout.log (with --tee) anything but a
# well-behaved file: links to /dev/urandom and /dev/zero, a FIFO, a socket, a directory,
# huge lines, deep nesting, a million records, truncation and replacement loops, binary
# garbage, invalid UTF-8, a writer that never stops. Each case is bounded in time; each
# run's peak RSS is measured (it includes the trial's own processes, kept small here).
# Prints "cases: N, hung: 0, crashed: 0, max RSS: X MB" and exits non-zero on any failure:
# a hang, a crash, an RSS over 100 MB, a wrong outcome, a `status` over 1 s.
# CASES=regex runs only the cases so named; KEEP=1 keeps the scratch directory.
set -uo pipefail
HPORUN=${HPORUN:?set HPORUN to the release hporun}
LIMIT=${CASE_SECONDS:-120}
RSS_LIMIT_MB=100
work=$(mktemp -d "${TMPDIR:-/tmp}/hostile-metrics.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
cases=0 hung=0 crashed=0 wrong=0 max_rss=0

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
GOOD='{"grouplabel": "test", "etimes": {"iteration": 1}, "values": {"accuracy": 0.5}}'

# Peak RSS (KB) and exit status of a command, in a file: /usr/bin/time when installed,
# else Python's getrusage (the same figure: the largest of the process and its waited children).
measure() {
    local out=$1; shift
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$out" "$@"
    else
        python3 -c 'import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write("%d\n" % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(rc)' "$out" "$@"
    fi
}

# check DIR EXPECT: EXPECT is "failed:TEXT" (the reason contains TEXT), "completed:VALUE"
# (the objective), or "finished" (completed or failed, whatever the reason).
check() {
    python3 - "$1/trials/0001/trial.json" "$2" <<'PY'
import json, sys
record = json.load(open(sys.argv[1]))
kind, _, want = sys.argv[2].partition(":")
state, reason, objective = record.get("state"), record.get("failureReason") or "", record.get("objective")
if kind == "failed" and state == "failed" and want in reason: sys.exit(0)
if kind == "completed" and state == "completed" and objective == float(want): sys.exit(0)
if kind == "finished" and state in ("completed", "failed"): sys.exit(0)
print(f"    got state {state}, objective {objective}, reason {reason!r}")
sys.exit(1)
PY
}

# run_case NAME EXPECT 'trial shell code' [hporun flags...]
run_case() {
    local name=$1 expect=$2 body=$3; shift 3
    [[ -n "${CASES:-}" && ! $name =~ $CASES ]] && return 0  # CASES=regex runs some cases only
    local dir="$work/$name"
    mkdir -p "$dir"
    printf '#!/bin/bash\n%s\n' "$body" > "$dir/trial.sh"
    chmod +x "$dir/trial.sh"
    cases=$((cases + 1))
    local start rc seconds rss
    start=$(date +%s.%N)
    measure "$dir/rss" timeout -s KILL "$LIMIT" "$HPORUN" --manifest "$work/exp.yml" --experiment-dir "$dir/exp" "$@" \
        -- "$dir/trial.sh" > "$dir/out" 2> "$dir/err"
    rc=$?
    seconds=$(python3 -c "import time; print(f'{time.time() - $start:.1f}')")
    rss=$(( $(tail -1 "$dir/rss" 2>/dev/null | tr -dc 0-9 || echo 0) / 1024 ))
    [ "$rss" -gt "$max_rss" ] && max_rss=$rss
    local verdict=ok
    if [ $rc -eq 137 ] || [ $rc -eq 124 ]; then hung=$((hung + 1)); verdict=HUNG
    elif [ $rc -ge 128 ]; then crashed=$((crashed + 1)); verdict="CRASHED (status $rc)"
    elif [ $rc -gt 1 ]; then wrong=$((wrong + 1)); verdict="FAILED (status $rc): $(tail -2 "$dir/err")"
    elif ! check "$dir/exp" "$expect"; then wrong=$((wrong + 1)); verdict="WRONG (expected $expect)"
    elif [ "$rss" -gt "$RSS_LIMIT_MB" ]; then wrong=$((wrong + 1)); verdict="RSS OVER ${RSS_LIMIT_MB} MB"
    fi
    printf '  %-34s %6s s %5s MB  %s\n' "$name" "$seconds" "$rss" "$verdict"
    # A case's trial may leave a process (the endless writer): its pid is in its directory.
    [ -f "$dir/exp/trials/0001/writer.pid" ] && kill "$(cat "$dir/exp/trials/0001/writer.pid")" 2>/dev/null
    [ "$verdict" = ok ] && [ -z "${KEEP:-}" ] && rm -rf "$dir/exp/trials/0001/"{evaluation-metrics.txt,val_dict_list.json,stdout.log}
    return 0
}

M=evaluation-metrics.txt V=val_dict_list.json
NOT_REGULAR="is not a regular file"
echo "hostile metrics: each case one trial, at most $LIMIT s"
run_case urandom-link "failed:$M $NOT_REGULAR (a character device)" "ln -s /dev/urandom $M; sleep 1"
run_case zero-link "failed:$M $NOT_REGULAR (a character device)" "ln -s /dev/zero $M; sleep 1"
run_case fifo "failed:$M $NOT_REGULAR (a FIFO)" "mkfifo $M; sleep 1"
run_case fifo-with-writer "failed:$M $NOT_REGULAR (a FIFO)" "mkfifo $M; (yes '$GOOD' > $M 2>/dev/null &); sleep 1"
run_case socket "failed:$M $NOT_REGULAR (a socket)" \
    "python3 -c \"import socket; socket.socket(socket.AF_UNIX).bind('$M')\""
run_case directory "failed:$M $NOT_REGULAR (a directory)" "mkdir $M"
run_case link-loop "failed:$M cannot be read" "ln -s loop $M; ln -s $M loop"
run_case valdict-urandom "failed:$V $NOT_REGULAR (a character device)" "ln -s /dev/urandom $V"
run_case valdict-zero "failed:$V $NOT_REGULAR (a character device)" "ln -s /dev/zero $V"
run_case valdict-fifo "failed:$V $NOT_REGULAR (a FIFO)" "mkfifo $V"
run_case valdict-sparse-300MB "failed:$V is larger than 256 MiB" "truncate -s 300M $V"
run_case tee-stdout-urandom "completed:0.5" "echo '$GOOD' > $M; rm stdout.log; ln -s /dev/urandom stdout.log; sleep 1" --tee
run_case tee-stdout-fifo "completed:0.5" "echo '$GOOD' > $M; rm stdout.log; mkfifo stdout.log; sleep 1" --tee
run_case line-50MB "completed:0.5" "{ head -c 50000000 /dev/zero | tr '\\0' x; echo; echo '$GOOD'; } > $M"
run_case line-200MB-no-newline "completed:0.5" "{ echo '$GOOD'; head -c 200000000 /dev/zero | tr '\\0' x; } > $M"
run_case line-50MB-valdict "completed:0.5" \
    "{ printf '[{\"steps\": 1, \"x\": \"'; head -c 50000000 /dev/zero | tr '\\0' x; printf '\"}, {\"steps\": 2, \"accuracy\": 0.5}]'; } > $V"
run_case tee-line-50MB "completed:0.5" "echo '$GOOD' > $M; head -c 50000000 /dev/zero | tr '\\0' x; echo" --tee
run_case deep-300k "completed:0.5" \
    "python3 -c \"print('{\\\"grouplabel\\\": \\\"test\\\", \\\"values\\\": ' + '[' * 300000)\" > $M; echo '$GOOD' >> $M"
run_case deep-300k-escaped "completed:0.5" \
    "python3 -c \"print('{\\\"grouplabel\\\": \\\"t\\\\\\\\u0065st\\\", \\\"values\\\": {\\\"a\\\": ' + '[' * 300000 + ']' * 300000 + '}}')\" > $M; echo '$GOOD' >> $M"
run_case deep-300k-objects "completed:0.5" \
    "python3 -c \"print('{\\\"a\\\": ' * 300000 + '1' + '}' * 300000)\" > $M; echo '$GOOD' >> $M"
run_case deep-valdict "completed:0.5" \
    "python3 -c \"print('[{\\\"accuracy\\\": ' + '[' * 300000 + ']' * 300000 + '}, {\\\"accuracy\\\": 0.5}]')\" > $V"
run_case records-1M "completed:0.999" "python3 -c \"
import sys
out = open('$M', 'w')
for i in range(1000000):
    out.write('{\\\"grouplabel\\\": \\\"test\\\", \\\"etimes\\\": {\\\"iteration\\\": %d}, \\\"values\\\": {\\\"accuracy\\\": %r, \\\"loss\\\": %r}}\\n' % (i, 0.999 if i == 654321 else (i % 997) / 1000, 1 - i / 1e6))
\""
if [ -f "$work/records-1M/exp/trials/0001/trial.json" ]; then
TIMEFORMAT=%R
status_seconds=$( { time "$HPORUN" status "$work/records-1M/exp" > "$work/status.out" 2>&1; } 2>&1 )
trial_json_kb=$(( $(stat -c %s "$work/records-1M/exp/trials/0001/trial.json") / 1024 ))
echo "  status of the 1M-record experiment: $status_seconds s (trial.json $trial_json_kb KB)"
python3 -c "import sys; sys.exit(0 if $status_seconds < 1 else 1)" || { wrong=$((wrong + 1)); echo "  status OVER 1 s"; }
fi
run_case valdict-2M "completed:0.999" "python3 -c \"
out = open('$V', 'w')
out.write('[')
for i in range(2000000):
    out.write('%s{\\\"steps\\\": %d, \\\"accuracy\\\": %r}' % (', ' if i else '', i, 0.999 if i == 1234567 else (i % 997) / 1000))
out.write(']')
\""
run_case metric-names-1M "completed:0.5" "python3 -c \"
out = open('$M', 'w')
for i in range(1000000):
    out.write('{\\\"grouplabel\\\": \\\"test\\\", \\\"values\\\": {\\\"metric_%d\\\": 1}}\\n' % i)
\"; echo '$GOOD' >> $M"
run_case sparse-3GB "failed:$M is larger than 2048 MiB" "truncate -s 3G $M"
run_case truncate-loop "completed:0.3" "for i in \$(seq 200); do : > $M; for j in 1 2 3; do echo '${GOOD/0.5/0.9}' >> $M; done; done
: > $M; echo '${GOOD/0.5/0.3}' >> $M"
run_case replace-loop "completed:0.3" "for i in \$(seq 200); do printf '%s\\n%s\\n' '${GOOD/0.5/0.9}' '${GOOD/0.5/0.9}' > new; mv new $M; done
echo '${GOOD/0.5/0.3}' > new; mv new $M"
run_case rewrite-larger-loop "completed:0.3" "for i in \$(seq 100); do echo '${GOOD/0.5/0.9}' > $M; sleep 0.01; printf '%s\\n%s\\n' '${GOOD/0.5/0.2}' '${GOOD/0.5/0.3}' > $M; sleep 0.01; done"
run_case binary-garbage "completed:0.5" "{ head -c 50000000 /dev/urandom; echo; echo '$GOOD'; } > $M"
run_case invalid-utf8 "completed:0.5" \
    "printf '{\"grouplabel\": \"te\\377st\", \"values\": {\"acc\\300uracy\": 0.9}}\\n\\377\\376\\n%s\\n' '$GOOD' > $M"
run_case nul-bytes "completed:0.5" "{ head -c 10000000 /dev/zero; echo; echo '$GOOD'; } > $M"
# A writer that escapes the trial's process group and never stops (about 8 MB/s): the
# trial ends, hporun's last read stops at what the file held when it began.
run_case endless-writer "finished" \
    "setsid bash -c 'echo \$\$ > writer.pid; while :; do echo \"$GOOD\"; done >> $M' < /dev/null > /dev/null 2>&1 & sleep 2"

# --tee's throughput: 200 MB of 100-byte lines printed by the trial at once, through hporun
# to a file, against cat of the same file (printed, not asserted: the machine may be busy).
if [[ -z "${CASES:-}" || tee-200MB =~ $CASES ]]; then
    cases=$((cases + 1))
    mkdir -p "$work/tee"
    yes "$(printf '%099d' 7)" | head -c 200000000 > "$work/tee/big.txt"
    seconds() { python3 -c "import time; print(f'{time.time() - $1:.2f}')"; }
    start=$(date +%s.%N); cat "$work/tee/big.txt" > "$work/tee/cat.out"; cat_seconds=$(seconds "$start")
    start=$(date +%s.%N)
    measure "$work/tee/rss" timeout -s KILL "$LIMIT" "$HPORUN" --manifest "$work/exp.yml" --experiment-dir "$work/tee/exp" \
        --tee -- cat "$work/tee/big.txt" > "$work/tee/out" 2> "$work/tee/err"
    rc=$?
    tee_seconds=$(seconds "$start")
    rss=$(( $(tail -1 "$work/tee/rss" | tr -dc 0-9) / 1024 ))
    [ "$rss" -gt "$max_rss" ] && max_rss=$rss
    shown=$(grep -c '^\[0001\] 0*7$' "$work/tee/out")
    verdict=ok
    if [ $rc -eq 137 ]; then hung=$((hung + 1)); verdict=HUNG
    elif [ $rc -ge 128 ]; then crashed=$((crashed + 1)); verdict="CRASHED (status $rc)"
    elif [ "$shown" -ne 2000000 ]; then wrong=$((wrong + 1)); verdict="WRONG ($shown of 2000000 lines shown)"
    fi
    printf '  %-34s %6s s %5s MB  %s (cat: %s s)\n' tee-200MB "$tee_seconds" "$rss" "$verdict" "$cat_seconds"
    rm -rf "$work/tee"
fi

echo "cases: $cases, hung: $hung, crashed: $crashed, wrong: $wrong, max RSS: $max_rss MB"
[ $hung -eq 0 ] && [ $crashed -eq 0 ] && [ $wrong -eq 0 ]
