#!/usr/bin/env python3
"""The serve jobs of the vector-store benchmark: first match.query of a profile (engine load
included), then participant.upsert of one participant followed by match.query, repeated.
Prints one line per figure; run by Benchmarks/store/run.sh.

    serve-jobs.py BINARY DB ID [--rounds 5]
"""
import json, os, statistics, subprocess, sys, time

binary, db, pid = sys.argv[1:4]
rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
p = subprocess.Popen([binary, "serve", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)


def call(obj):
    p.stdin.write((json.dumps(obj) + "\n").encode())
    answer = json.loads(p.stdout.readline())
    assert "result" in answer, answer
    return answer["result"]


t = time.perf_counter()
call({"jsonrpc": "2.0", "id": 1, "method": "match.query", "params": {"id": pid, "top": 10}})
print(f"serve first match.query (brokerage) {time.perf_counter() - t:.3f} s", flush=True)
warm = []
for r in range(5):
    t = time.perf_counter()
    call({"jsonrpc": "2.0", "id": 50 + r, "method": "match.query", "params": {"id": pid, "top": 10}})
    warm.append(time.perf_counter() - t)
print(f"serve match.query without a write: median {statistics.median(warm) * 1000:.0f} ms", flush=True)
base = call({"jsonrpc": "2.0", "id": 2, "method": "participant.get", "params": {"id": pid}})
base = base.get("participant", base)
after = []
for r in range(rounds):
    changed = dict(base, keywords=base.get("keywords", []) + [f"benchmark keyword {r}"])
    t = time.perf_counter()
    call({"jsonrpc": "2.0", "id": 10 + r, "method": "participant.upsert", "params": {"participant": changed}})
    upsert = time.perf_counter() - t
    t = time.perf_counter()
    call({"jsonrpc": "2.0", "id": 100 + r, "method": "match.query", "params": {"id": pid, "top": 10}})
    after.append(time.perf_counter() - t)
    print(f"  round {r + 1}: upsert {upsert * 1000:.0f} ms, next match.query {after[-1] * 1000:.0f} ms", flush=True)
print(f"serve match.query after an upsert: median {statistics.median(after) * 1000:.0f} ms", flush=True)
# Put the participant back as it was.
call({"jsonrpc": "2.0", "id": 999, "method": "participant.upsert", "params": {"participant": base}})
p.stdin.close()
p.wait()
