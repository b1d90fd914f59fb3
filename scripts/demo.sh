#!/usr/bin/env bash
# Quick start 1: install what is missing, build in release mode, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product clustermatch >&2
exec .build/release/clustermatch demo "$@"
