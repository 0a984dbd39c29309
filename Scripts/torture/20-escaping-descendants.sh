#!/usr/bin/env bash
# Trials whose descendants leave the process group (a setsid child, a bash `set -m` job, a
# Python process_group=0 grandchild), stopped every way: Ctrl-C (SIGINT), SIGTERM, the trial
# timeout, the leader's normal exit, and a SIGHUP or a SIGKILL of hporun (which leave the
# trials running) followed by a resume, which follows them to their end.
# Counts the survivors of each kind after hporun ends; fails if any (issue 12 item 10).
# ROUNDS (default 5) runs of each way, 2 trials at once.
set -euo pipefail
: "${HPORUN:?set HPORUN to the hporun binary}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/torture-escape-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export HPORUN SCRATCH="$scratch" ROUNDS="${ROUNDS:-5}"
exec python3 - <<'PY'
import os, signal, subprocess, sys, time

hporun, scratch, rounds = os.environ["HPORUN"], os.environ["SCRATCH"], int(os.environ["ROUNDS"])
manifest = f"{scratch}/exp.yml"
open(manifest, "w").write("""hyper_parameters_optimization:
  method:
    name: random
    parameters:
    - {name: objective, string_value: accuracy}
    - {name: maximize_or_minimize, string_value: maximize}
    - {name: num_optimizer_steps, int_value: 2}
  hyper_parameters:
  - {name: x, double_range: {min_value: 0, max_value: 1}}
""")
trial = f"{scratch}/trial.sh"
open(trial, "w").write("""#!/bin/bash
trap '' TERM INT HUP
setsid bash -c "trap '' TERM INT HUP; exec sleep 3601" &
set -m
bash -c "trap '' TERM; exec sleep 3602" &
set +m
python3 -c 'import subprocess; subprocess.Popen(["sleep", "3603"], process_group=0)'
echo '{"grouplabel": "test", "values": {"accuracy": 0.5}}' >> "$LOG_DIR/$SUBID/evaluation-metrics.txt"
# A trial that a run leaves running (SIGKILL, SIGHUP) goes on until the test releases it, so
# that the resumed run, which follows it, ends.
if [ -n "${RELEASE:-}" ]; then
  for i in $(seq 6000); do [ -e "$RELEASE" ] && break; sleep 0.1; done
else
  sleep "${HANG:-0}"
fi
""")
os.chmod(trial, 0o755)
kinds = {"sleep 3601": "setsid", "sleep 3602": "set -m", "sleep 3603": "process_group=0"}

def processes(experiment):
    wanted = f"JOB_STATE_DIR={experiment}".encode()
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            env = open(f"/proc/{name}/environ", "rb").read().split(b"\0")
            state = open(f"/proc/{name}/stat").read().rsplit(")", 1)[1].split()[0]
            command = open(f"/proc/{name}/cmdline", "rb").read().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        if wanted in env and state not in "ZX":
            found[int(name)] = command
    return found

def escaped(experiment):
    counts = dict.fromkeys(kinds.values(), 0)
    for command in processes(experiment).values():
        if command in kinds:
            counts[kinds[command]] += 1
    return counts

def start(experiment, hang, extra=(), release=None):
    env = dict(os.environ, HANG=hang)
    if release:
        env["RELEASE"] = release
    return subprocess.Popen([hporun, "--manifest", manifest, "--experiment-dir", experiment, "--parallel", "2",
                             "--grace", "1", *extra, "--", trial], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def wait_escaped(experiment, trials=2):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all(n >= trials for n in escaped(experiment).values()):
            return True
        time.sleep(0.05)
    return False

def by_signal(number):
    def way(experiment):
        process = start(experiment, "600")
        ready = wait_escaped(experiment)
        process.send_signal(number)
        process.wait(timeout=60)
        return ready, process.returncode == 130
    return way

def timeout(experiment):
    process = start(experiment, "600", ["--trial-timeout", "3"])
    ready = wait_escaped(experiment)
    process.wait(timeout=60)
    return ready, process.returncode == 1

def normal_exit(experiment):
    process = start(experiment, "0")
    process.wait(timeout=60)
    return True, process.returncode == 0

def left_then_resume(number, status):
    """hporun ended by `number` leaves its trials running (SIGKILL by force, SIGHUP on
    purpose); the resumed run follows them to their end (once released) and then stops
    whatever they left behind."""
    def way(experiment):
        release = f"{experiment}.release"
        process = start(experiment, "0", release=release)
        ready = wait_escaped(experiment)
        process.send_signal(number)
        process.wait(timeout=60)
        exit_ok = process.returncode == status
        ready = ready and all(n >= 2 for n in escaped(experiment).values())  # left running
        open(release, "w").close()
        resume = start(experiment, "0")
        resume.wait(timeout=60)
        return ready, exit_ok and resume.returncode == 0
    return way

ways = [("Ctrl-C (SIGINT)", by_signal(signal.SIGINT)), ("SIGTERM", by_signal(signal.SIGTERM)),
        ("SIGHUP, then resume", left_then_resume(signal.SIGHUP, 129)), ("trial timeout", timeout),
        ("leader's normal exit", normal_exit), ("SIGKILL, then resume", left_then_resume(signal.SIGKILL, -9))]
failed = False
for name, way in ways:
    totals = dict.fromkeys(kinds.values(), 0)
    unready = bad_exit = 0
    for round in range(rounds):
        experiment = f"{scratch}/{name.split()[0].strip('()')}-{round}"
        ready, exit_ok = way(experiment)
        time.sleep(0.2)
        for kind, count in escaped(experiment).items():
            totals[kind] += count
        for pid in processes(experiment):  # so that one failure does not pile up
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        unready += not ready
        bad_exit += not exit_ok
    survivors = sum(totals.values())
    print(f"{name}: runs: {rounds}, survivors: {survivors} "
          f"({', '.join(f'{k}: {v}' for k, v in totals.items())}), not escaped in time: {unready}, unexpected exit: {bad_exit}")
    failed |= bool(survivors or unready or bad_exit)
sys.exit(1 if failed else 0)
PY
