#!/usr/bin/env bash
# hporun enqueue against an experiment whose hporun is SIGKILLed at random instants, so kills
# fall between an entry's pick-up, its trial's creation and the entry's removal. Each
# configuration enqueued (a distinct x) must end as exactly one completed trial: counts of
# entries lost (no completed trial, not in the queue), run twice, rejected. Fails if any is
# not 0 (issue 15 item 4). KILLS (default 40) sets the number of kills, ENTRIES (default 60)
# the configurations enqueued.
set -euo pipefail
: "${HPORUN:?set HPORUN to the hporun binary}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/torture-enqueue-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export HPORUN SCRATCH="$scratch" KILLS="${KILLS:-40}" ENTRIES="${ENTRIES:-60}"
exec python3 - <<'PY'
import json, os, random, signal, subprocess, sys, time

hporun, scratch = os.environ["HPORUN"], os.environ["SCRATCH"]
kills, entries = int(os.environ["KILLS"]), int(os.environ["ENTRIES"])
random.seed(15)
budget = 4 * entries  # room for the optimizer trials that run between kills
with open(f"{scratch}/exp.yml", "w") as f:
    f.write(f"""hyper_parameters_optimization:
  method:
    name: random
    parameters:
    - {{name: objective, string_value: accuracy}}
    - {{name: maximize_or_minimize, string_value: maximize}}
    - {{name: num_optimizer_steps, int_value: {budget}}}
  hyper_parameters:
  - {{name: x, double_range: {{min_value: 0, max_value: 1}}}}
""")
trial = f"{scratch}/trial.sh"
with open(trial, "w") as f:
    f.write("""#!/bin/sh
sleep 0.0$(( $$ % 8 ))
echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
""")
os.chmod(trial, 0o755)
experiment = f"{scratch}/exp"
run = [hporun, "--manifest", f"{scratch}/exp.yml", "--experiment-dir", experiment, "--parallel", "2", "--", trial]
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

# The experiment exists (experiment.json) before the first enqueue.
first = subprocess.Popen(run, **quiet)
while not os.path.exists(f"{experiment}/experiment.json"):
    time.sleep(0.01)
first.kill(); first.wait()

wanted = [round(0.001 + i / (entries + 1), 6) for i in range(entries)]
pending = list(wanted)
done_kills = 0
while done_kills < kills:
    runner = subprocess.Popen(run, **quiet)
    deadline = time.time() + random.uniform(0.05, 0.8)
    while time.time() < deadline and pending:
        x = pending.pop(0)
        path = f"{scratch}/c.json"
        open(path, "w").write(json.dumps({"x": x}))
        result = subprocess.run([hporun, "enqueue", experiment, path], **quiet)
        if result.returncode != 0:
            print(f"enqueue of {x} failed with {result.returncode}"); sys.exit(1)
    time.sleep(max(0, deadline - time.time()))
    runner.send_signal(signal.SIGKILL); runner.wait()
    done_kills += 1
for x in pending:  # the rest, then a run to the end
    open(f"{scratch}/c.json", "w").write(json.dumps({"x": x}))
    subprocess.run([hporun, "enqueue", experiment, f"{scratch}/c.json"], check=True, **quiet)
final = subprocess.run(run, **quiet)

completed, interrupted = {}, 0
for name in os.listdir(f"{experiment}/trials"):
    if name.startswith("."):
        continue
    try:
        record = json.load(open(f"{experiment}/trials/{name}/trial.json"))
    except (OSError, ValueError):
        continue
    if record.get("state") == "interrupted" and record.get("origin") == "enqueued":
        interrupted += 1
    if record.get("state") == "completed" and record.get("origin") == "enqueued":
        x = round(record["config"]["x"], 6)
        completed[x] = completed.get(x, 0) + 1
queue = [n for n in os.listdir(f"{experiment}/queue") if n.endswith(".json")] if os.path.isdir(f"{experiment}/queue") else []
rejected = os.listdir(f"{experiment}/queue/rejected") if os.path.isdir(f"{experiment}/queue/rejected") else []
lost = sum(1 for x in wanted if completed.get(x, 0) == 0) - len(queue)
twice = sum(1 for x in wanted if completed.get(x, 0) > 1)
print(f"kills: {kills} ({interrupted} while an enqueued trial ran), entries: {entries}, final run exit: {final.returncode}, "
      f"lost: {lost}, run twice: {twice}, rejected: {len(rejected)}, left in queue: {len(queue)}")
sys.exit(0 if lost == 0 and twice == 0 and not rejected and final.returncode == 0 else 1)
PY
