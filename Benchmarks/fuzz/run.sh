#!/bin/sh
# The long import fuzz run: INPUTS mutated inputs per import format (default 100,000),
# in-process through the importers (Tests/ClusterMatchTests/Fuzz/ImportFuzzer.swift), with
# a seed (default: 1). Prints one line per format: inputs, data, errors, hangs, slowest input.
# A crash ends the run with the test process's signal; the same seed reproduces it, and
# CLUSTERMATCH_FUZZ_TRACE=DIR keeps each format's current input in DIR/FORMAT.last (the
# crashing one, after a crash). CLUSTERMATCH_FUZZ_FORMATS=een-xml,clusters runs only those.
#   Benchmarks/fuzz/run.sh [INPUTS] [SEED]
set -eu
cd "$(dirname "$0")/../.."
INPUTS=${1:-100000}
SEED=${2:-1}
swift build --build-tests >&2
start=$(date +%s)
CLUSTERMATCH_FUZZ_INPUTS=$INPUTS CLUSTERMATCH_FUZZ_SEED=$SEED \
  swift test --skip-build --filter ImportFuzzTests/mutatedInputsGiveDataOrAnErrorNamingTheFile 2>&1 \
  | grep -E "^import fuzz|Test run|✘|Fatal|fatal|signal|hang"
echo "seed $SEED, $INPUTS inputs per format, $(($(date +%s) - start)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
