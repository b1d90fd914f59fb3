#!/usr/bin/env python3
"""Warm single queries through `clustermatch serve` on an existing database (not a test).

    python3 Benchmarks/semantic/serve-query.py BIN DB [PROFILE]

Starts `serve --db DB`, asks once for the first participant (the engine loads), prints what
`system.info` says of semantic matching, then 200 `match.query` (top 10) for participants
drawn with a fixed seed, one at a time, and the median / p90 / min round trip.
Issue 10's target: median <= 15 ms at 100,000 participants with semantic views.
"""
import json, random, sqlite3, statistics, subprocess, sys, time
binary, db = sys.argv[1], sys.argv[2]
profile = sys.argv[3] if len(sys.argv) > 3 else "brokerage"
ids = [r[0] for r in sqlite3.connect(db).execute("select id from participant order by id")]
p = subprocess.Popen([binary, "serve", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
out = p.stdout
def call(obj):
    p.stdin.write((json.dumps(obj) + "\n").encode())
    return json.loads(out.readline())
t = time.time()
r = call({"jsonrpc": "2.0", "id": 0, "method": "match.query", "params": {"id": ids[0], "top": 10, "profile": profile}})
assert "result" in r, r
print(f"{profile}: first query (engine load) {time.time() - t:.2f} s", flush=True)
info = call({"jsonrpc": "2.0", "id": 1, "method": "system.info"})
print("system.info keys:", sorted(info.get("result", {}).keys())); print(json.dumps({k: v for k, v in info.get("result", {}).items() if "semantic" in k.lower() or "model" in k.lower()})[:400])
rng = random.Random(7)
times = []
for q in range(200):
    pid = rng.choice(ids)
    t = time.perf_counter()
    r = call({"jsonrpc": "2.0", "id": q + 2, "method": "match.query", "params": {"id": pid, "top": 10, "profile": profile}})
    times.append((time.perf_counter() - t) * 1000)
    assert "result" in r, r
times.sort()
print(f"{profile}: {len(ids)} participants, match.query top 10 warm: median {statistics.median(times):.2f} ms, p90 {times[180]:.2f} ms, min {times[0]:.2f} ms")
p.stdin.close(); p.wait()
