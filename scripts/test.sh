#!/usr/bin/env bash
# Quick start 2: install what is missing, build, run the whole test suite, then build the
# Debian package and test the installed tool from a clean environment (scripts/test-install.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
swift test --skip-build
scripts/test-install.sh
