#!/usr/bin/env bash
# make torture: runs every campaign in Scripts/torture/ in order against the release hporun,
# prints each one's counts, and fails if any campaign fails (see Scripts/torture/README.md).
set -uo pipefail
cd "$(dirname "$0")/.."
export REPO="$PWD"
export HPORUN="$PWD/.build/release/hporun"
failed=0
for campaign in Scripts/torture/[0-9]*.sh; do
    [ -e "$campaign" ] || continue
    echo "== $(basename "$campaign")"
    start=$(date +%s)
    if bash "$campaign"; then
        echo "== $(basename "$campaign"): held ($(( $(date +%s) - start )) s)"
    else
        echo "== $(basename "$campaign"): FAILED ($(( $(date +%s) - start )) s)"
        failed=1
    fi
done
exit $failed
