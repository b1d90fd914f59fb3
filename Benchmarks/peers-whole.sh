#!/usr/bin/env bash
# Issue 11's peers target as whole processes: `clustermatch match-all --profile peers --top 10`
# over 20,000 participants that bring their own 256-number vectors, against a whole
# faiss-cpu script doing the same job (load, normalise, IndexFlatIP search of 11, save), in
# the same run on the same vectors. Release build, CLUSTERMATCH_SEMANTIC=off. Prints each
# time (median of the runs, the runs alternating) beside the target (<= 0.6 x faiss), the
# top-10 overlap with faiss, and `uptime`. Not a test: run it on an otherwise idle machine.
#
#   Benchmarks/peers-whole.sh [--n 20000] [--runs 5]
#   Benchmarks/peers-whole.sh --compare OLD_BIN NEW_BIN   (both binaries, alternating back to
#                                     back, each on its own copy of the database; and `cmp` of
#                                     their outputs)
#   CLUSTERMATCH_BIN=path Benchmarks/peers-whole.sh        (that binary, no build)
set -euo pipefail
cd "$(dirname "$0")/.."
n=20000 d=256 k=10 runs=5 old=""
while [ $# -gt 0 ]; do
    case "$1" in
        --n) n="$2"; shift ;;
        --runs) runs="$2"; shift ;;
        --compare) old="$2" CLUSTERMATCH_BIN="$3"; shift 2 ;;
        *) echo "usage: $0 [--n N] [--runs R] [--compare OLD_BIN NEW_BIN]" >&2; exit 64 ;;
    esac
    shift
done
source Benchmarks/whole-process.sh
work="${TMPDIR:-/tmp}/clustermatch-bench"
data="$work/peers-whole-$n"
mkdir -p "$data"
[ -x "$work/venv/bin/python" ] || python3 -m venv "$work/venv"
py="$work/venv/bin/python"
"$py" -c "import faiss, numpy" 2>/dev/null || "$py" -m pip install -q numpy faiss-cpu
[ -f "$data/vectors.f32" ] || "$py" Benchmarks/peers-whole-data.py make "$n" "$d" "$data"

# A fresh database per binary, imported once; one match-all first builds its vector store,
# so the timed runs find it current (as every run after the first does).
prepare() { # NAME BIN
    local db="$data/$1.sqlite"
    rm -f "$db" "$db-wal" "$db-shm" "$db-vectors"
    "$2" import "$data/participants.jsonl" --db "$db" > /dev/null
    /usr/bin/time -f "%e" -o "$data/time" "$2" match-all --profile peers --top "$k" --no-reasons --out "$data/$1-first.csv" --db "$db" 2> /dev/null
    echo "  $1: first match-all (builds the store) $(cat "$data/time") s" >&2
}
# Wall seconds of one whole command, appended to $data/NAME.times.
timed() { # NAME COMMAND…
    local name="$1"; shift
    /usr/bin/time -f "%e %M %U %S" -o "$data/time" "$@" > /dev/null 2> "$data/err" || { cat "$data/err" >&2; exit 1; }
    cat "$data/time" >> "$data/$name.times"
}
ours() { # NAME BIN --reasons|--no-reasons
    local suffix=${3#--}
    timed "$1-$suffix" "$2" match-all --profile peers --top "$k" "$3" --out "$data/$1-$suffix.csv" --db "$data/$1.sqlite"
}
faiss() { timed faiss env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$py" Benchmarks/peers-whole-faiss.py "$data/vectors.f32" "$n" "$d" "$k" "$data/faiss.txt"; }

echo "$(uptime)"
echo "n=$n d=$d top $k, $runs runs each, alternating"
names="new"
prepare new "$bin"
if [ -n "$old" ]; then names="old new"; prepare old "$old"; fi
rm -f "$data"/*.times
for _ in $(seq "$runs"); do
    faiss
    for name in $names; do
        b="$bin"; [ "$name" = old ] && b="$old"
        ours "$name" "$b" --no-reasons
        ours "$name" "$b" --reasons
    done
done
# Medians: of the wall times (with that run's peak RSS), and of the CPU times (user + system).
median() {
    sort -n -k1 "$1" | awk '{ a[NR] = $1; m[NR] = $2 } END { i = int((NR + 1) / 2); printf "%.2f %d ", a[i], m[i] / 1024 }'
    awk '{ print $3 + $4 }' "$1" | sort -n | awk '{ c[NR] = $1 } END { printf "%.2f", c[int((NR + 1) / 2)] }'
}
read -r fs _ fc <<< "$(median "$data/faiss.times")"
printf '%-44s %6s s  (CPU %s s)\n' "faiss-cpu script (load, normalise, search 11, save)" "$fs" "$fc"
for name in $names; do
    for suffix in no-reasons reasons; do
        read -r s rss c <<< "$(median "$data/$name-$suffix.times")"
        ratio=$(awk -v a="$s" -v b="$fs" 'BEGIN { printf "%.2f", a / b }')
        printf '%-44s %6s s  (CPU %s s)  %4s MB  %s x faiss (target <= 0.6)\n' "$name match-all --profile peers --$suffix" "$s" "$c" "$rss" "$ratio"
    done
done
for name in $names; do
    "$py" Benchmarks/peers-whole-data.py overlap "$data" "$k" "$data/$name-no-reasons.csv" "$data/faiss.txt" | sed "s/^/$name: /"
done
if [ -n "$old" ]; then
    for suffix in no-reasons reasons; do
        if cmp -s "$data/old-$suffix.csv" "$data/new-$suffix.csv"; then echo "outputs --$suffix: identical"; else echo "outputs --$suffix: DIFFER"; fi
    done
fi
echo "$(uptime)"
