"""What the Python tests share: the hporun binary, scratch folders, running it with a deadline."""

import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PYTHON_SOURCE = os.path.join(ROOT, "python")
QUICKSTART = os.path.join(ROOT, "Samples", "quickstart")

if PYTHON_SOURCE not in sys.path:  # the package from the repository's python/ folder
    sys.path.insert(0, PYTHON_SOURCE)


def binary():
    """The hporun to make real experiment directories with: $HPORUN_BIN, else a built one."""
    chosen = os.environ.get("HPORUN_BIN")
    candidates = [chosen] if chosen else [os.path.join(ROOT, ".build", mode, "hporun") for mode in ("release", "debug")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    raise RuntimeError("no hporun binary: build it (swift build) or set HPORUN_BIN (tried %s)" % candidates)


def run(argv, cwd, env=None, seconds=120):
    """Runs argv to the end (killed after `seconds`); returns the CompletedProcess."""
    return subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=seconds)


class Scratch(object):
    """A temporary folder, removed by `add_cleanup` (a test's addCleanup or addClassCleanup)."""

    def __init__(self, add_cleanup):
        self.path = tempfile.mkdtemp(prefix="hporun-py-")
        add_cleanup(shutil.rmtree, self.path, True)

    def join(self, *parts):
        return os.path.join(self.path, *parts)


def quickstart_copy(folder, steps):
    """exp.yml and train.py of the quickstart in `folder` (no emetrics.py), `steps` trials."""
    os.makedirs(folder, exist_ok=True)
    shutil.copyfile(os.path.join(QUICKSTART, "train.py"), os.path.join(folder, "train.py"))
    with open(os.path.join(QUICKSTART, "exp.yml"), encoding="utf-8") as handle:
        manifest = handle.read()
    old = "- {name: num_optimizer_steps, int_value: 12}"
    if old not in manifest:
        raise AssertionError("Samples/quickstart/exp.yml no longer has %r" % old)
    with open(os.path.join(folder, "exp.yml"), "w", encoding="utf-8") as handle:
        handle.write(manifest.replace(old, "- {name: num_optimizer_steps, int_value: %d}" % steps))
    return folder
