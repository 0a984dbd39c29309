#!/usr/bin/env bash
# Hostile values: many random strings (shell syntax, quotes, backslashes, newlines, command
# substitutions that would touch a sentinel file, placeholders, control characters, RTL marks,
# combining marks, emoji; no NUL, which validate refuses) as one string hyperparameter's
# values, through every quoting form of a placeholder, in the manifest's command (sh -c) and
# in a command typed after -- through a real shell. Each trial's program writes the words it
# received; every word must be the expected one byte for byte, and no sentinel file may appear.
# Prints: values: N, mismatches: 0, side effects: 0. VALUES (default 500) and SEED (default 1).
set -euo pipefail
: "${HPORUN:?set HPORUN to the hporun binary}"
work=$(mktemp -d "${TMPDIR:-/tmp}/hporun-hostile.XXXXXX")
trap 'rm -rf "$work"' EXIT
export WORK="$work" VALUES="${VALUES:-500}" SEED="${SEED:-1}"
python3 - <<'PY'
import json, os, random, subprocess, sys

work, hporun = os.environ["WORK"], os.environ["HPORUN"]
count, rng = int(os.environ["VALUES"]), random.Random(int(os.environ["SEED"]))
sentinel = os.path.join(work, "sentinel")
os.makedirs(sentinel)

pieces = list("$`'\"\\;&|<>(){}[]*?!#~=% \t\n-") + ["$(", "${", "$((", "))", "<<EOF\n", "\nEOF\n", "'\\''",
    "{{ v }}", "{{ other }}", "{{v}}", "$HOME", "$0", "$@", "$*", "${IFS}", "$'\\n'", "\r", "\x1b[31m", "\x07",
    "\u202e", "\u202c", "\u0301", "\u00e9", "e\u0301", "\u65e5\u672c", "\U0001f389", "\u00a0", "\u2028", "\x7f"]
letters = "abcxyz019/.,:@+^_"
def hostile(index):
    kind = rng.random()
    touch = f"touch {sentinel}/{index}"
    if kind < 0.25:  # a command in some disguise
        return rng.choice([f"$({touch})", f"`{touch}`", f"; {touch}", f"&& {touch}", f"'; {touch}; '",
                           f"\"; {touch}; \"", f"\n{touch}\n", f"| {touch}", f"\"$({touch})\"", f"'$({touch})'",
                           f"\\'; {touch} #", f"}}}}; {touch}; {{{{"])
    size = rng.randint(0, 24)
    return "".join(rng.choice(pieces) if rng.random() < 0.6 else rng.choice(letters) for _ in range(size))
values, seen = [], set()
index = 0
while len(values) < count:
    value = hostile(index)
    index += 1
    if value not in seen:
        seen.add(value)
        values.append(value)

forms = ["{{ v }}", "\"{{ v }}\"", "'{{ v }}'", "--opt=\"{{ v }}\"", "--opt='{{ v }}'", "--opt={{ v }}",
         "\"x{{ v }}y\"", "'a {{ v }} b'"]
def expected(value):
    return [value, value, value, "--opt=" + value, "--opt=" + value, "--opt=" + value, "x" + value + "y",
            "a " + value + " b"]

with open(os.path.join(work, "argv.py"), "w") as out:
    out.write('import os, sys\nopen("argv.bin", "wb").write(b"".join(os.fsencode(w) + b"\\0" for w in sys.argv[1:]))\n'
              'open("val_dict_list.json", "w").write(\'[{"steps": 1, "accuracy": 0.5}]\')\n')
document = {"training_references": [{"name": "main", "command": "python3 argv.py " + " ".join(forms),
    "hyper_parameters_optimization": {
        "method": {"name": "random", "parameters": [
            {"name": "objective", "string_value": "accuracy"},
            {"name": "maximize_or_minimize", "string_value": "maximize"},
            {"name": "num_optimizer_steps", "int_value": len(values)},
            {"name": "max_concurrent_trials", "int_value": 4}]},
        "hyper_parameters": [{"name": "v", "string_values": values},
                             {"name": "other", "string_values": ["OTHER"]}]}}]}
text = json.dumps(document, ensure_ascii=False, indent=1)
# YAML (which reads this JSON) takes no raw DEL, C1 controls or BOM, and folds a raw U+2028
# or U+2029 (line breaks to YAML) into a space: write those escaped.
text = "".join(f"\\u{ord(c):04x}" if 0x7f <= ord(c) <= 0x9f or ord(c) in (0x2028, 0x2029, 0xfeff, 0xfffe, 0xffff)
               else c for c in text)
with open(os.path.join(work, "exp.yml"), "w", encoding="utf-8") as out:
    out.write(text)

def run(mode, command):
    result = subprocess.run(command, cwd=work, capture_output=True)
    experiment = os.path.join(work, "runs", mode)
    trials = os.path.join(experiment, "trials")
    mismatches, ran = 0, set()
    for subid in sorted(os.listdir(trials)) if os.path.isdir(trials) else []:
        folder = os.path.join(trials, subid)
        value = json.load(open(os.path.join(folder, "config.json"), encoding="utf-8"))["v"]
        ran.add(value)
        try:
            words = [w.decode("utf-8", "surrogateescape") for w in open(os.path.join(folder, "argv.bin"), "rb").read().split(b"\0")[:-1]]
        except FileNotFoundError:
            words = None
        if words != expected(value):
            mismatches += 1
            if mismatches <= 5:
                print(f"  {mode}: {value!r} arrived as {words!r}", file=sys.stderr)
    missing = len(set(values) - ran)
    for value in list(set(values) - ran)[:5]:
        print(f"  {mode}: {value!r} did not run as written", file=sys.stderr)
    effects = len(os.listdir(sentinel))
    print(f"{mode}: values: {len(values)}, trials: {len(ran)}, exit: {result.returncode}, mismatches: {mismatches}, "
          f"not run: {missing}, side effects: {effects}")
    if result.returncode != 0:
        print(result.stderr.decode(errors="replace")[-2000:], file=sys.stderr)
    return mismatches + missing + (result.returncode != 0), effects

shell_bad, shell_effects = run("sh", [hporun, "--manifest", "exp.yml", "--experiment-dir", "runs/sh"])
typed = f"'{hporun}' --manifest exp.yml --experiment-dir runs/argv -- python3 argv.py " + " ".join(forms)
argv_bad, argv_effects = run("argv", ["/bin/sh", "-c", typed])
effects = len(os.listdir(sentinel))
print(f"values: {len(values) * 2} ({len(values)} in each mode), mismatches: {shell_bad + argv_bad}, side effects: {effects}")
sys.exit(1 if shell_bad + argv_bad + effects else 0)
PY
