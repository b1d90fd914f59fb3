#!/usr/bin/env bash
# The installed tool, tested as a user gets it (a step of scripts/test.sh):
#
# 1. scripts/package-deb.sh --fast builds the .deb (static Swift runtime, lintian without errors);
# 2. it is unpacked into a temporary root with `dpkg -x`;
# 3. the installed binary runs from an unrelated folder with a clean environment
#    (env -i PATH=/usr/bin:/bin HOME=…): doctor, demo --out, match, and serve answering
#    system.info and match.query; every answer is compared with the debug build's
#    (.build/debug/clustermatch, which reads Profiles/ from this tree);
# 4. the binary alone, copied to an empty folder, runs from / on its built-in data;
# 5. scripts/install.sh --prefix into a temporary folder, then --uninstall leaves it empty.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)
reference=$repo/.build/debug/clustermatch
[ -x "$reference" ] || swift build --product clustermatch >&2

fail() { echo "test-install: FAILED: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/home" "$tmp/work" "$tmp/lone"

deb=$(scripts/package-deb.sh --fast | tail -1)
[ -f "$deb" ] || fail "package-deb.sh wrote no package"
dpkg -x "$deb" "$tmp/root"
bin=$tmp/root/usr/bin/clustermatch
share=$tmp/root/usr/share/clustermatch/Profiles
for f in usr/share/man/man1/clustermatch.1.gz usr/share/bash-completion/completions/clustermatch \
         usr/share/zsh/vendor-completions/_clustermatch usr/share/fish/vendor_completions.d/clustermatch.fish \
         usr/share/doc/clustermatch/copyright usr/share/doc/clustermatch/changelog.Debian.gz \
         usr/share/clustermatch/Profiles/scoring/brokerage.json usr/share/clustermatch/Profiles/taxonomy/een/taxonomy-technology-full.csv \
         usr/share/clustermatch/Profiles/demo/landscape.jsonl; do
    [ -s "$tmp/root/$f" ] || fail "the package lacks /$f"
done
dpkg-deb -f "$deb" Depends | grep -q '^libopenblas0-pthread | libblas3, ' || fail "Depends does not start with the BLAS alternatives"
readelf -d "$bin" | grep -qE 'RPATH|RUNPATH' && fail "the binary has a RUNPATH: $(readelf -d "$bin" | grep -E 'RPATH|RUNPATH')"
ldd "$bin" | grep -q 'not found' && fail "unresolved libraries: $(ldd "$bin" | grep 'not found')"
zcat "$tmp/root/usr/share/man/man1/clustermatch.1.gz" | grep -q '^\.Sh NAME' || fail "the man page has no NAME section"

# Run a binary from $tmp/work with nothing of this shell's environment.
run() { local exe=$1; shift; (cd "$tmp/work" && env -i PATH=/usr/bin:/bin HOME="$tmp/home" "$exe" "$@"); }
ref() { env -u CLUSTERMATCH_PROFILES -u CLUSTERMATCH_DB "$reference" "$@"; }

doctor=$(run "$bin" doctor --db "$tmp/work/empty.sqlite") || fail "doctor exited non-zero"
grep -qx "ClusterMatch $(ref --version)" <<<"$doctor" || fail "doctor: wrong version line: $doctor"
grep -qx "Profiles      $share" <<<"$doctor" || fail "doctor does not name the installed data: $doctor"
grep -qx "Demo data     $share/demo/landscape.jsonl" <<<"$doctor" || fail "doctor: demo data origin: $doctor"
# The package carries the sentence-embedding model where the binary looks for it.
grep -qx "Semantic      on (all-MiniLM-L6-v2, $(dirname "$share")/models/all-MiniLM-L6-v2)" <<<"$doctor" ||
    fail "doctor: semantic matching is not on with the packaged model: $(grep Semantic <<<"$doctor")"

run "$bin" demo --out "$tmp/work/demo" > "$tmp/demo.txt" 2> "$tmp/demo.err" || fail "demo exited non-zero: $(cat "$tmp/demo.err")"
head -1 "$tmp/demo.txt" | grep -qx 'ClusterMatch demo: 10 clusters, 515 members, 293 taxonomy terms.' ||
    fail "demo: $(head -1 "$tmp/demo.txt")"
ref demo --out "$tmp/ref-demo" > /dev/null 2>&1
cmp -s "$tmp/work/demo/match-lists.csv" "$tmp/ref-demo/match-lists.csv" || fail "demo: match lists differ from the debug build's"

db=$tmp/work/demo/demo.sqlite
run "$bin" match dk-sound-0001 --db "$db" --format json > "$tmp/match.json" || fail "match exited non-zero"
ref match dk-sound-0001 --db "$db" --format json > "$tmp/ref-match.json"
cmp -s "$tmp/match.json" "$tmp/ref-match.json" || fail "match: the installed binary's list differs from the debug build's"
grep -q '"rank" : 10' "$tmp/match.json" || grep -q '"rank": 10' "$tmp/match.json" || fail "match: not ten partners"

printf '%s\n' '{"jsonrpc": "2.0", "id": 1, "method": "system.info"}' \
    '{"jsonrpc": "2.0", "id": 2, "method": "match.query", "params": {"id": "dk-sound-0001"}}' \
    '{"jsonrpc": "2.0", "id": 3, "method": "shutdown"}' |
    run "$bin" serve --db "$db" --log-level warn > "$tmp/serve.jsonl" 2> "$tmp/serve.err" || fail "serve exited non-zero: $(cat "$tmp/serve.err")"
python3 - "$tmp/serve.jsonl" "$tmp/match.json" "$share" "$(ref --version)" <<'EOF' || fail "serve answered wrongly"
import json, sys
answers = [json.loads(line) for line in open(sys.argv[1])]
cli = json.load(open(sys.argv[2]))
share, version = sys.argv[3], sys.argv[4]
assert [a["id"] for a in answers] == [1, 2, 3], answers
info = answers[0]["result"]
assert info["version"] == version and info["participants"] == 525, info
assert info["data"]["profilesFolder"] == share and info["data"]["scoringProfiles"] == share + "/scoring", info["data"]
matches = answers[1]["result"]["matches"]
assert len(matches) == 10 and matches == cli, (matches, cli)
EOF

# The binary alone: everything it needs is built in.
cp "$bin" "$tmp/lone/clustermatch"
lone=$( (cd / && env -i PATH=/usr/bin:/bin HOME="$tmp/home" "$tmp/lone/clustermatch" doctor --db "$tmp/work/lone.sqlite") ) || fail "the lone binary's doctor failed"
grep -qx "Profiles      embedded (no Profiles/ folder found)" <<<"$lone" || fail "the lone binary does not use its built-in data: $lone"
(cd / && env -i PATH=/usr/bin:/bin HOME="$tmp/home" "$tmp/lone/clustermatch" demo --out "$tmp/lone/demo" > /dev/null 2>&1) || fail "the lone binary's demo failed"
# Alone it has no model: it matches lexically, as the debug build does with semantic matching off.
CLUSTERMATCH_SEMANTIC=off ref demo --out "$tmp/ref-demo-lexical" > /dev/null 2>&1
cmp -s "$tmp/lone/demo/match-lists.csv" "$tmp/ref-demo-lexical/match-lists.csv" || fail "the lone binary's match lists differ"

# install.sh and --uninstall: exactly what was put there goes again.
scripts/install.sh --prefix "$tmp/prefix" 2> "$tmp/install.log" || { cat "$tmp/install.log" >&2; fail "install.sh"; }
[ -x "$tmp/prefix/bin/clustermatch" ] && [ -s "$tmp/prefix/share/man/man1/clustermatch.1" ] &&
    [ -s "$tmp/prefix/share/zsh/site-functions/_clustermatch" ] || fail "install.sh did not install everything"
run "$tmp/prefix/bin/clustermatch" match dk-sound-0001 --db "$db" --format json | cmp -s - "$tmp/match.json" || fail "install.sh: the installed binary's list differs"
scripts/install.sh --prefix "$tmp/prefix" --uninstall 2>/dev/null
[ -z "$(ls -A "$tmp/prefix" 2>/dev/null)" ] || fail "--uninstall left: $(cd "$tmp/prefix" && find . | head)"

echo "test-install: the .deb ($deb), its binary from a clean environment, the lone binary and install.sh --uninstall: all passed in $(( $(date +%s) - started )) s"
