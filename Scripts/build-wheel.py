#!/usr/bin/env python3
"""Writes hporun's wheel: the hporun executable, the Python package and the emetrics module.

    Scripts/build-wheel.py --binary .build/release/hporun --out dist

The wheel format (PEP 427) is written directly, standard library only, so no PyPI package is
needed to build it and nothing is fetched at install time:

    hporun/__init__.py, hporun/reader.py, hporun/emetrics.py   python/hporun/ (the one source)
    emetrics.py                                              python/emetrics.py (from emetrics import EMetrics)
    hporun-<v>.data/scripts/hporun                           the binary, stripped; pip puts it on PATH
    hporun-<v>.dist-info/METADATA, WHEEL, RECORD             README.md as the description

The version is what `<binary> --version` prints. The platform tag is manylinux_2_<N>_<arch>,
where 2.<N> is the newest GLIBC symbol version the binary needs (from `objdump -T`), so pip
installs it on any Linux with that glibc or newer. Entries are sorted and dated 1980-01-01
(or SOURCE_DATE_EPOCH), so the same inputs give the same bytes.
"""

import argparse
import base64
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUMMARY = "Tune the hyperparameters of any training program through the filesystem (IBM WML HPO protocol)"
REQUIRES_PYTHON = ">=3.8"
# The repository has no LICENSE file and neither Package.swift nor README.md states one.
LICENSE = "No licence stated (the repository has no LICENSE file)"


def version_of(binary):
    output = subprocess.run([binary, "--version"], check=True, capture_output=True, text=True).stdout.strip()
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)*([a-z]+[0-9]*)?", output):
        sys.exit("build-wheel: %s --version printed %r, not a version" % (binary, output))
    return output


def glibc_needed(binary):
    """The newest GLIBC_2.x symbol version among the binary's dynamic symbols, as (2, x)."""
    dump = subprocess.run(["objdump", "-T", binary], check=True, capture_output=True, text=True).stdout
    versions = {tuple(int(part) for part in found.split(".")) for found in re.findall(r"GLIBC_([0-9.]+[0-9])", dump)}
    if not versions:
        sys.exit("build-wheel: %s needs no GLIBC symbol version (not a dynamically linked glibc binary?)" % binary)
    newest = max(versions)
    return newest[0], newest[1] if len(newest) > 1 else 0


def platform_tag(binary):
    major, minor = glibc_needed(binary)
    machine = platform.machine()
    return "manylinux_%d_%d_%s" % (major, minor, machine)


def metadata(version):
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        readme = handle.read()
    headers = [
        ("Metadata-Version", "2.1"),
        ("Name", "hporun"),
        ("Version", version),
        ("Summary", SUMMARY),
        ("License", LICENSE),
        ("Requires-Python", REQUIRES_PYTHON),
        ("Classifier", "Programming Language :: Python :: 3"),
        ("Classifier", "Operating System :: POSIX :: Linux"),
        ("Classifier", "Topic :: Scientific/Engineering :: Artificial Intelligence"),
        ("Provides-Extra", "pandas"),
        ("Requires-Dist", 'pandas; extra == "pandas"'),
        ("Description-Content-Type", "text/markdown"),
    ]
    return "".join("%s: %s\n" % pair for pair in headers) + "\n" + readme


def wheel_file(tag):
    return "Wheel-Version: 1.0\nGenerator: hporun Scripts/build-wheel.py\nRoot-Is-Purelib: false\nTag: %s\n" % tag


def record_line(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d\n" % (name, digest, len(data))


def python_files():
    """(name in the wheel, path) of the package and the top-level emetrics module."""
    source = os.path.join(ROOT, "python")
    files = [("emetrics.py", os.path.join(source, "emetrics.py"))]
    package = os.path.join(source, "hporun")
    for name in sorted(os.listdir(package)):
        if name.endswith(".py"):
            files.append(("hporun/" + name, os.path.join(package, name)))
    return files


def read(path):
    with open(path, "rb") as handle:
        return handle.read()


def stripped_copy(binary, folder):
    copy = os.path.join(folder, "hporun")
    if shutil.which("strip"):
        subprocess.run(["strip", "--strip-all", "-o", copy, binary], check=True)
    else:
        shutil.copyfile(binary, copy)
    return copy


def build(binary, out):
    version = version_of(binary)
    tag = "py3-none-" + platform_tag(binary)
    dist_info = "hporun-%s.dist-info" % version
    data = "hporun-%s.data" % version
    stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")))[:6]
    with tempfile.TemporaryDirectory() as scratch:
        executable = stripped_copy(binary, scratch)
        entries = [(name, read(path), 0o644) for name, path in python_files()]
        entries.append((data + "/scripts/hporun", read(executable), 0o755))
    entries.append((dist_info + "/METADATA", metadata(version).encode("utf-8"), 0o644))
    entries.append((dist_info + "/WHEEL", wheel_file(tag).encode("utf-8"), 0o644))
    record = "".join(record_line(name, content) for name, content, _ in entries) + dist_info + "/RECORD,,\n"
    entries.append((dist_info + "/RECORD", record.encode("utf-8"), 0o644))

    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "hporun-%s-%s.whl" % (version, tag))
    partial = path + ".partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as wheel:
        for name, content, mode in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            wheel.writestr(info, content)
    os.replace(partial, path)
    return path


def main():
    parser = argparse.ArgumentParser(description="Write hporun's wheel into --out.")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/hporun"),
                        help="the hporun executable (built with --static-swift-stdlib)")
    parser.add_argument("--out", default=os.path.join(ROOT, "dist"), help="the folder of the wheel")
    arguments = parser.parse_args()
    path = build(arguments.binary, arguments.out)
    print("%s (%.1f MB)" % (os.path.relpath(path), os.path.getsize(path) / 1e6))


if __name__ == "__main__":
    main()
