"""The built wheel (`make wheel`), installed into a fresh venv, used with no Swift toolchain.

Run by `make wheel-test`, which sets HPORUN_WHEEL_DIR to the folder holding the one wheel.
"""

import glob
import os
import re
import shutil
import subprocess
import sys
import time
import unittest
import venv
import zipfile

import support

# What a manylinux wheel's binary may link dynamically (PEP 600 / auditwheel's policy).
ALLOWED_LIBRARIES = {"libc.so.6", "libm.so.6", "libpthread.so.0", "libdl.so.2", "librt.so.1", "libutil.so.1",
                     "libgcc_s.so.1", "libstdc++.so.6", "ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1"}


def the_wheel():
    folder = os.environ.get("HPORUN_WHEEL_DIR")
    if not folder:
        raise unittest.SkipTest("HPORUN_WHEEL_DIR is not set: `make wheel-test` builds the wheel and runs this")
    wheels = glob.glob(os.path.join(folder, "hporun-*.whl"))
    if len(wheels) != 1:
        raise AssertionError("expected one wheel in %s, found %s" % (folder, wheels))
    return wheels[0]


def glibc_versions(readelf_output):
    return {tuple(int(p) for p in v.split(".")) for v in re.findall(r"GLIBC_([0-9]+(?:\.[0-9]+)+)", readelf_output)}


class InstalledWheelTests(unittest.TestCase):
    """One venv for the class: pip install --no-index of the wheel, then PATH = venv/bin:/usr/bin:/bin."""

    @classmethod
    def setUpClass(cls):
        cls.wheel = the_wheel()
        cls.scratch = support.Scratch(cls.addClassCleanup)
        cls.venv = cls.scratch.join("venv")
        venv.EnvBuilder(with_pip=True, symlinks=True).create(cls.venv)
        cls.bin = os.path.join(cls.venv, "bin")
        cls.python = os.path.join(cls.bin, "python")
        install = support.run([cls.python, "-m", "pip", "install", "--no-index", "--no-deps",
                               "--disable-pip-version-check", cls.wheel], cwd=cls.scratch.path, seconds=300)
        if install.returncode != 0:
            raise AssertionError("pip install failed:\n%s\n%s" % (install.stdout, install.stderr))
        # Only the venv and the system: no Swift toolchain, no repository on any path.
        cls.env = {"PATH": cls.bin + ":/usr/bin:/bin", "HOME": cls.scratch.path, "LANG": "C.UTF-8",
                   "PYTHONDONTWRITEBYTECODE": "1"}
        cls.hporun = os.path.join(cls.bin, "hporun")

    def run_here(self, argv, cwd=None, seconds=120):
        return support.run(argv, cwd=cwd or self.scratch.path, env=self.env, seconds=seconds)

    def test_no_swift_toolchain_on_the_path(self):
        self.assertNotIn("/opt/swift", self.env["PATH"])
        self.assertIsNone(shutil.which("swift", path=self.env["PATH"]))
        self.assertEqual(shutil.which("hporun", path=self.env["PATH"]), self.hporun)

    def test_version_is_the_wheels_and_the_packages(self):
        version = os.path.basename(self.wheel).split("-")[1]
        result = self.run_here(["hporun", "--version"])
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.strip(), version)
        package = self.run_here(["python", "-c", "import hporun; print(hporun.__version__)"])
        self.assertEqual(package.stdout.strip(), version, package.stderr)

    def test_wheel_size_and_metadata(self):
        self.assertLess(os.path.getsize(self.wheel), 25 * 1000 * 1000)
        with zipfile.ZipFile(self.wheel) as archive:
            names = archive.namelist()
            version = os.path.basename(self.wheel).split("-")[1]
            metadata = archive.read("hporun-%s.dist-info/METADATA" % version).decode("utf-8")
        self.assertIn("hporun-%s.data/scripts/hporun" % version, names)
        self.assertIn("Requires-Python: >=3.8", metadata)
        self.assertIn("Version: %s\n" % version, metadata)
        self.assertIn("License: ", metadata)
        with open(os.path.join(support.ROOT, "README.md"), encoding="utf-8") as handle:
            self.assertTrue(metadata.endswith("\n\n" + handle.read()))

    def test_platform_tag_is_the_newest_glibc_the_binary_needs(self):
        tag = os.path.basename(self.wheel)[:-len(".whl")].split("-")[-1]
        match = re.fullmatch(r"manylinux_(\d+)_(\d+)_(\w+)", tag)
        self.assertIsNotNone(match, tag)
        versions = subprocess.run(["readelf", "--version-info", "--wide", self.hporun],
                                  capture_output=True, text=True, check=True, timeout=60).stdout
        newest = max(glibc_versions(versions))
        self.assertEqual((int(match.group(1)), int(match.group(2))), newest[:2])
        dynamic = subprocess.run(["readelf", "--dynamic", "--wide", self.hporun],
                                 capture_output=True, text=True, check=True, timeout=60).stdout
        needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
        self.assertIn("libc.so.6", needed)
        self.assertLessEqual(needed, ALLOWED_LIBRARIES, "links more than the C library: %s" % needed)
        # No search path into the build machine (the Swift toolchain's lib/swift): $ORIGIN at most.
        paths = re.findall(r"\((?:RPATH|RUNPATH)\)\s+Library r(?:un)?path: \[([^\]]*)\]", dynamic)
        self.assertLessEqual(set(":".join(paths).split(":")) - {""}, {"$ORIGIN"}, paths)

    def test_quickstart_end_to_end_with_only_the_wheel(self):
        folder = support.quickstart_copy(self.scratch.join("quickstart"), steps=3)
        self.assertFalse(os.path.exists(os.path.join(folder, "emetrics.py")))
        result = self.run_here(["hporun", "--manifest", "exp.yml", "--", "python", "train.py"], cwd=folder, seconds=300)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("3 completed, 0 failed", result.stdout)
        directory = os.path.join(folder, "hpo-runs", "exp")
        count = self.run_here(["python", "-c", "import hporun; print(len(hporun.load(%r).trials))" % directory])
        self.assertEqual(count.stdout.strip(), "3", count.stderr)
        best = self.run_here(["python", "-c", "import hporun; e = hporun.load(%r); print(e.best.subid, e.best.objective)"
                              % directory])
        status = self.run_here(["hporun", "best", directory])
        self.assertEqual(status.returncode, 0, status.stderr)
        self.assertIn(best.stdout.split()[0], status.stdout)
        # train.py used the packaged writer, the only one there is.
        where = self.run_here(["python", "-c", "import hporun.emetrics as m; print(m.__file__)"])
        self.assertTrue(where.stdout.strip().startswith(self.venv), where.stdout + where.stderr)

    def test_ibm_style_import(self):
        logs = self.scratch.join("ibm-logs")
        script = ("import os\nfrom emetrics import EMetrics\n"
                  "with EMetrics.open('7') as em:\n"
                  "    em.record(EMetrics.TEST_GROUP, 1, {'accuracy': 0.5})\n"
                  "import emetrics; print(emetrics.__file__)\n")
        env = dict(self.env, LOG_DIR=logs, RESULT_DIR=logs)
        result = support.run([os.path.join(self.bin, "python"), "-c", script], cwd=self.scratch.path, env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.strip().startswith(self.venv), result.stdout)
        with open(os.path.join(logs, "7", "evaluation-metrics.txt")) as handle:
            self.assertIn('"accuracy": {"type": 3, "value": "0.5"}', handle.read())

    def test_startup_time_is_reported(self):
        runs = 20
        start = time.perf_counter()
        for _ in range(runs):
            subprocess.run([self.hporun, "--version"], env=self.env, capture_output=True, check=True, timeout=30)
        mean = (time.perf_counter() - start) / runs * 1000
        sys.stderr.write("\n  hporun --version from the venv: %.1f ms mean over %d runs (not asserted)\n" % (mean, runs))


if __name__ == "__main__":
    unittest.main()
