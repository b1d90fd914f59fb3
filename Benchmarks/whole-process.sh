# Sourced by the whole-process benchmarks (store/run.sh, peers-whole.sh) from the repository
# root: the lexical engine (CLUSTERMATCH_SEMANTIC=off), this checkout's profiles, no default
# database, and `bin`: $CLUSTERMATCH_BIN, else this checkout's release build (built first).
export CLUSTERMATCH_SEMANTIC=off CLUSTERMATCH_PROFILES="$PWD/Profiles"
unset CLUSTERMATCH_DB
if [ -n "${CLUSTERMATCH_BIN:-}" ]; then
    bin="$CLUSTERMATCH_BIN"
else
    swift build -c release --product clustermatch >&2
    bin="$PWD/.build/release/clustermatch"
fi
