#!/usr/bin/env bash
# make bench-report: the report of a generated 10,000-trial experiment (4 hyperparameters,
# 100 TEST iterations per trial, 8 slots): how long `hporun report` takes, how big the file
# is, and how long headless Chromium takes to load and lay it out (the page's own
# data-layout-ms, from navigation to its script's end, after layout). Prints; asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-10000}
work=$(mktemp -d)
if [ -z "${KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "kept in $work"; fi
python3 - "$work/exp" "$TRIALS" <<'PY'
import json, math, os, random, sys
from datetime import datetime, timedelta, timezone
root, count = sys.argv[1], int(sys.argv[2])
random.seed(1)
os.makedirs(root + "/trials")
t0 = datetime(2026, 11, 29, tzinfo=timezone.utc)
stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (t.microsecond // 1000)
json.dump({"name": "bench", "hporunVersion": "0.1.0", "createdAt": stamp(t0), "seed": 1, "manifestPath": "exp.yml",
           "method": {"name": "random", "objective": "accuracy", "direction": "maximize", "objectiveStrategy": "max",
                      "numOptimizerSteps": count, "filename": "val_dict_list.json"},
           "hyperParameters": [{"name": "lr", "domain": "double_range 10^[-4 .. 0] = 0.0001 .. 1, log-uniform  (continuous)"},
                               {"name": "momentum", "domain": "double_range 0 .. 1, uniform  (continuous)"},
                               {"name": "layers", "domain": "int_range 1 .. 8  (8 values)"},
                               {"name": "opt", "domain": "string_values [adam, sgd]  (2 values, unordered)"}],
           "command": ["python3", "train.py"]}, open(root + "/experiment.json", "w"))
free = [t0] * 8
for n in range(1, count + 1):
    subid = "%04d" % n if n < 10000 else str(n)
    config = {"lr": 10 ** random.uniform(-4, 0), "momentum": random.random(), "layers": random.randint(1, 8),
              "opt": random.choice(["adam", "sgd"])}
    final = 1 - abs(math.log10(config["lr"]) + 2) / 4 + config["momentum"] / 10
    slot = min(range(8), key=lambda i: free[i])
    start = free[slot]
    end = start + timedelta(seconds=random.uniform(20, 60))
    free[slot] = end
    history = [{"iteration": i, "value": final * (1 - 0.9 ** i)} for i in range(1, 101)]
    os.makedirs("%s/trials/%s" % (root, subid))
    json.dump(config, open("%s/trials/%s/config.json" % (root, subid), "w"))
    json.dump({"subid": subid, "state": "completed", "point": [0, 0, 0, 0], "config": config, "startedAt": stamp(start),
               "endedAt": stamp(end), "objective": final, "testHistory": {"metrics": {"accuracy": history}}},
              open("%s/trials/%s/trial.json" % (root, subid), "w"))
PY
start=$(date +%s.%N)
"${HPORUN:-.build/release/hporun}" report "$work/exp" >/dev/null
end=$(date +%s.%N)
size=$(stat -c %s "$work/exp/report.html")
printf 'hporun report, %d trials: %.2f s, %.2f MB\n' "$TRIALS" "$(echo "$end - $start" | bc)" "$(echo "$size / 1000000" | bc -l)"
if command -v chromium >/dev/null; then
    dom=$(timeout -k 5 60 chromium --headless --disable-gpu --no-sandbox --user-data-dir="$work/profile" \
        --window-size=1200,1000 --dump-dom "file://$work/exp/report.html" 2>/dev/null)
    layout=$(grep -o 'data-layout-ms="[0-9]*"' <<<"$dom" | grep -o '[0-9]*' || echo "?")
    echo "chromium (headless): loaded and laid out in $layout ms"
else
    echo "chromium: not installed (apt-get install -y chromium), no load time"
fi
