#!/usr/bin/env bash
# Installs what ClusterMatch needs to build and run, if it is missing:
# SQLite and the generic BLAS headers to link against, and OpenBLAS as the fast
# implementation behind them (the reference BLAS is ~70x slower).
set -euo pipefail

packages=(libsqlite3-dev libblas-dev libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first" >&2
    exit 1
fi
