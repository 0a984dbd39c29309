#!/usr/bin/env bash
# SIGKILL of hporun at random instants, and in the launch window (right after a trial's
# directory appears, before or while launches.log gets its pid), each followed by a resume.
# Counts: survivors (processes with the experiment's JOB_STATE_DIR alive after the resume
# ends), SUBIDs used twice, unreadable JSON. Fails if any is not 0 (issue 12 item 9). Then
# --gpus 0,1 across kills: no two trials running at once ever share a GPU.
# KILLS_RANDOM (default 30), KILLS_WINDOW (default 100) and KILLS_GPU (default 15) set the
# number of kills.
set -euo pipefail
: "${HPORUN:?set HPORUN to the hporun binary}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/torture-kill-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export HPORUN SCRATCH="$scratch" KILLS_RANDOM="${KILLS_RANDOM:-30}" KILLS_WINDOW="${KILLS_WINDOW:-100}"
exec python3 - <<'PY'
import json, os, random, signal, subprocess, sys, time

hporun, scratch = os.environ["HPORUN"], os.environ["SCRATCH"]
random.seed(12)
with open(f"{scratch}/exp.yml", "w") as f:
    f.write("""hyper_parameters_optimization:
  method:
    name: random
    parameters:
    - {name: objective, string_value: accuracy}
    - {name: maximize_or_minimize, string_value: maximize}
    - {name: num_optimizer_steps, int_value: STEPS}
  hyper_parameters:
  - {name: x, double_range: {min_value: 0, max_value: 1}}
""")
trial = f"{scratch}/trial.sh"
with open(trial, "w") as f:
    # A short trial (or a hanging one, with HANG) that leaves a descendant outside its group.
    f.write("""#!/bin/sh
setsid sleep 600 &
# A trial left running by a kill goes on until the test releases it (RELEASE), so that the
# resumed run, which follows it, ends.
if [ -n "${RELEASE:-}" ]; then
  i=0; while [ ! -e "$RELEASE" ] && [ $i -lt 6000 ]; do sleep 0.1; i=$((i + 1)); done
else
  sleep ${HANG:-0.$(( $$ % 3 ))}
fi
echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
""")
os.chmod(trial, 0o755)

def manifest(steps):
    text = open(f"{scratch}/exp.yml").read().replace("STEPS", str(steps))
    path = f"{scratch}/exp-{steps}.yml"
    open(path, "w").write(text)
    return path

def survivors(experiment):
    wanted = f"JOB_STATE_DIR={experiment}".encode()
    found = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            env = open(f"/proc/{name}/environ", "rb").read().split(b"\0")
            state = open(f"/proc/{name}/stat").read().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if wanted in env and state not in "ZX":
            found.append(int(name))
    return found

def check(experiment):
    """(SUBIDs used twice, unreadable JSON files)"""
    reused, corrupt = 0, 0
    seen = {}
    try:
        lines = open(f"{experiment}/launches.log").read().split("\n")[:-1]
    except OSError:
        lines = []
    for line in lines:
        subid, kind, value = line.split(" ")
        if subid in seen and seen[subid] != value:
            reused += 1
        seen[subid] = value
    for path in [f"{experiment}/experiment.json"] + [f"{experiment}/trials/{n}/trial.json" for n in os.listdir(f"{experiment}/trials")
                                                       if not n.startswith(".")]:
        try:
            record = json.load(open(path))
            if path.endswith("trial.json") and record["subid"] != path.split("/")[-2]:
                reused += 1
        except FileNotFoundError:
            pass
        except (ValueError, KeyError):
            corrupt += 1
    return reused, corrupt

def run(experiment, steps, hang, release=None, **kw):
    env = dict(os.environ, HANG=hang)
    if release:
        env["RELEASE"] = release
    return subprocess.Popen([hporun, "--manifest", manifest(steps), "--experiment-dir", experiment, "--", trial],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)

def kill_with_children(process):
    process.send_signal(signal.SIGKILL)
    process.wait()

failed = False
# 1. Random instants: one experiment, killed again and again, then resumed to its end.
experiment = f"{scratch}/random"
kills = int(os.environ["KILLS_RANDOM"])
for _ in range(kills):
    process = run(experiment, 12, "")
    time.sleep(random.uniform(0, 1.5))
    kill_with_children(process)
final = run(experiment, 12, "0")
final.wait()
alive = survivors(experiment)
reused, corrupt = check(experiment)
completed = sum(1 for n in os.listdir(f"{experiment}/trials") if not n.startswith(".")
                and json.load(open(f"{experiment}/trials/{n}/trial.json"))["state"] == "completed")
print(f"random instants: kills: {kills}, final exit: {final.returncode}, completed: {completed}/12, "
      f"survivors: {len(alive)}, reused SUBIDs: {reused}, corrupt JSON: {corrupt}")
failed |= bool(alive or reused or corrupt or final.returncode != 0 or completed != 12)

# 2. The launch window: a fresh experiment each time, killed 0-5 ms after trials/0001
#    appears, then resumed: the trial, if it started, is followed to its end (released once
#    the kill is done), else its point runs again.
kills = int(os.environ["KILLS_WINDOW"])
untracked = left = total_alive = total_reused = total_corrupt = 0
for round in range(kills):
    experiment = f"{scratch}/window-{round}"
    process = run(experiment, 1, "600", release=f"{experiment}.release")
    deadline = time.monotonic() + 30
    while not os.path.isdir(f"{experiment}/trials/0001") and time.monotonic() < deadline:
        time.sleep(0.00005)
    time.sleep(random.uniform(0, 0.005))
    kill_with_children(process)
    running = survivors(experiment)
    try:
        logged = "0001 " in open(f"{experiment}/launches.log").read()
    except OSError:
        logged = False
    left += bool(running)
    untracked += bool(running) and not logged
    open(f"{experiment}.release", "w").close()  # the resumed run follows the trial: let it end
    resume = run(experiment, 1, "0")
    resume.wait()
    alive = survivors(experiment)
    reused, corrupt = check(experiment)
    total_alive += len(alive)
    total_reused += reused
    total_corrupt += corrupt
    for pid in alive:  # so that one failure does not pile up
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    subprocess.run(["rm", "-rf", experiment])
print(f"launch window: kills: {kills}, trials left running by the kill: {left} "
      f"(not yet in launches.log: {untracked}), survivors after the resume: {total_alive}, "
      f"reused SUBIDs: {total_reused}, corrupt JSON: {total_corrupt}")
failed |= bool(total_alive or total_reused or total_corrupt)

# 3. GPUs across kills: --gpus 0,1 with two trials at once, hporun killed at random instants
#    and resumed each time (the trials it leaves run on and are followed). Every trial logs its
#    CUDA_VISIBLE_DEVICES and when it ran; no two trials that ran at the same time may have
#    had the same GPU, and each had one of the list.
experiment = f"{scratch}/gpus"
gpu_log = f"{scratch}/gpus.log"
gpu_trial = f"{scratch}/gpu-trial.sh"
with open(gpu_trial, "w") as f:
    f.write("""#!/bin/sh
start=$(date +%s.%N)
sleep 0.$(( $$ % 8 + 1 ))
echo "$SUBID $CUDA_VISIBLE_DEVICES $start $(date +%s.%N)" >> "$GPU_LOG"
echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
""")
os.chmod(gpu_trial, 0o755)
def gpu_run():
    return subprocess.Popen([hporun, "--manifest", manifest(24), "--experiment-dir", experiment, "--gpus", "0,1",
                             "--", gpu_trial], env=dict(os.environ, GPU_LOG=gpu_log),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
kills = int(os.environ.get("KILLS_GPU", "15"))
for _ in range(kills):
    process = gpu_run()
    time.sleep(random.uniform(0.2, 1.5))
    kill_with_children(process)
final = gpu_run()
final.wait()
runs = [line.split() for line in open(gpu_log).read().splitlines()]
wrong_id = sum(1 for r in runs if len(r) != 4 or r[1] not in ("0", "1"))
shared = 0
for i, a in enumerate(runs):
    for b in runs[i + 1:]:
        if len(a) == len(b) == 4 and a[1] == b[1] and float(a[2]) < float(b[3]) and float(b[2]) < float(a[3]):
            shared += 1
completed = sum(1 for n in os.listdir(f"{experiment}/trials") if not n.startswith(".")
                and json.load(open(f"{experiment}/trials/{n}/trial.json"))["state"] == "completed")
alive = survivors(experiment)
print(f"gpus across kills: kills: {kills}, final exit: {final.returncode}, completed: {completed}/24, "
      f"trial runs: {len(runs)}, overlapping runs on one GPU: {shared}, runs without one GPU of the list: {wrong_id}, "
      f"survivors: {len(alive)}")
failed |= bool(shared or wrong_id or alive or final.returncode != 0 or completed != 24)
sys.exit(1 if failed else 0)
PY
