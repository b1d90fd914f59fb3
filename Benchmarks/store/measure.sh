# Sourced by Benchmarks/store/run.sh and run-semantic.sh (with `work` set to their folder).

# wall seconds and peak RSS (MB) of one whole command: "W s, R MB"
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r wall rss < "$work/time"
    echo "$wall s, $((rss / 1024)) MB"
}
row() { printf '%-58s %-22s target %s\n' "$1" "$2" "$3"; }
