#!/usr/bin/env bash
# make wheel-check: the wheel's hporun runs the quickstart inside a minimal Debian root made
# with debootstrap (Debian's package; python3 and nothing else added, no Swift), proving it
# needs nothing from the build machine but the C library. Needs root and Debian's mirrors.
#   Scripts/wheel-check.sh dist/hporun-*.whl
# The root is kept in $WHEEL_CHECK_ROOT (default /tmp/hporun-wheel-check-root) to be reused.
set -euo pipefail
wheel=$(readlink -f "$1")
repository=$(cd "$(dirname "$0")/.." && pwd)
root=${WHEEL_CHECK_ROOT:-/tmp/hporun-wheel-check-root}
suite=${WHEEL_CHECK_SUITE:-bookworm}
mirror=${WHEEL_CHECK_MIRROR:-http://deb.debian.org/debian}

command -v debootstrap >/dev/null || { echo "wheel-check: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
if [ ! -x "$root/usr/bin/python3" ]; then
    echo "wheel-check: debootstrap --variant=minbase --include=python3 $suite $root"
    rm -rf "$root"
    debootstrap --variant=minbase --include=python3 "$suite" "$root" "$mirror" >/tmp/hporun-wheel-check-debootstrap.log 2>&1 \
        || { tail -20 /tmp/hporun-wheel-check-debootstrap.log >&2; exit 1; }
fi

# The wheel unpacked as pip would install it: the script into bin, the modules into the
# site directory (the root has no pip).
work="$root/work"
rm -rf "$work"
mkdir -p "$work/bin" "$work/site" "$work/quickstart"
python3 - "$wheel" "$work" <<'EOF'
import os, sys, zipfile
wheel, work = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        parts = name.split("/")
        if parts[0].endswith(".data") and parts[1] == "scripts":
            target = os.path.join(work, "bin", parts[-1])
        elif parts[0].endswith(".dist-info"):
            continue
        else:
            target = os.path.join(work, "site", name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(archive.read(name))
        os.chmod(target, (archive.getinfo(name).external_attr >> 16) & 0o777 or 0o644)
EOF
cp "$repository/Samples/quickstart/train.py" "$work/quickstart/"
sed 's/- {name: num_optimizer_steps, int_value: 12}/- {name: num_optimizer_steps, int_value: 4}/' \
    "$repository/Samples/quickstart/exp.yml" >"$work/quickstart/exp.yml"

mounted=
if ! mountpoint -q "$root/proc"; then mount -t proc proc "$root/proc" && mounted=1; fi
trap '[ -n "$mounted" ] && umount "$root/proc"' EXIT
echo "wheel-check: $(chroot "$root" sh -c '. /etc/os-release; echo "$PRETTY_NAME"'), $(chroot "$root" ldd --version | head -1)"
echo "wheel-check: swift in the root: $(chroot "$root" sh -c 'command -v swift || echo none')"
chroot "$root" /usr/bin/env -i PATH=/work/bin:/usr/bin:/bin PYTHONPATH=/work/site HOME=/work sh -c '
    set -e
    cd /work/quickstart
    hporun --version
    hporun --manifest exp.yml -- python3 train.py | grep "4 completed, 0 failed"
    hporun best hpo-runs/exp
    python3 -c "import hporun; e = hporun.load(\"hpo-runs/exp\"); print(len(e.trials), \"trials read by hporun.load\")"
'
echo "wheel-check: passed"
