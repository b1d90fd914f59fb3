#!/usr/bin/env python3
"""A service follows another process's import: `clustermatch serve` answers a first
match.query (engine load included), then, each round, a separate `clustermatch import`
process writes N participants (existing ones with one more keyword), and the service's
next match.query is timed. Prints one line per round and the service's engine currency
(system.info) at the end; timings of whole requests as the client sees them.

    follow-import.py BINARY DB ID [--rounds 5] [--changed 5] [--import-binary BIN] [--log-level info]

BINARY serves; the imports run BINARY too unless --import-binary names another. Run it on
a copy of the database: the rounds' changes stay (the last round's keywords).
"""
import json, os, statistics, subprocess, sys, tempfile, time

binary, db, pid = sys.argv[1:4]
def option(name, default):
    return type(default)(sys.argv[sys.argv.index(name) + 1]) if name in sys.argv else default
rounds, changed = option("--rounds", 5), option("--changed", 5)
importer = option("--import-binary", binary)
level = option("--log-level", "")
p = subprocess.Popen([binary, "serve", "--db", db] + (["--log-level", level] if level else []),
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
next_id = 0


def call(method, params):
    global next_id
    next_id += 1
    p.stdin.write((json.dumps({"jsonrpc": "2.0", "id": next_id, "method": method, "params": params}) + "\n").encode())
    answer = json.loads(p.stdout.readline())
    assert "result" in answer, answer
    return answer["result"]


t = time.perf_counter()
call("match.query", {"id": pid, "top": 10})
print(f"serve first match.query (brokerage) {time.perf_counter() - t:.3f} s", flush=True)
people = call("participant.list", {"limit": changed, "offset": 1000})["participants"]
after = []
with tempfile.TemporaryDirectory() as folder:
    for r in range(rounds):
        path = os.path.join(folder, f"round-{r}.jsonl")
        with open(path, "w") as f:
            for person in people:
                f.write(json.dumps(dict(person, keywords=person.get("keywords", []) + [f"imported keyword {r}"])) + "\n")
        t = time.perf_counter()
        subprocess.run([importer, "import", path, "--db", db], check=True, stdout=subprocess.DEVNULL)
        imported = time.perf_counter() - t
        t = time.perf_counter()
        call("match.query", {"id": pid, "top": 10})
        after.append(time.perf_counter() - t)
        print(f"  round {r + 1}: import of {changed} (another process) {imported * 1000:.0f} ms, "
              f"next match.query {after[-1] * 1000:.0f} ms", flush=True)
print(f"serve match.query after another process's import: median {statistics.median(after) * 1000:.0f} ms", flush=True)
engines = call("system.info", {}).get("engines", [])
for e in engines:
    print("  engine " + ", ".join(f"{k} {e[k]}" for k in ("profile", "loads", "changedSinceBuild", "drift", "refreshPending",
                                                            "refreshing") if k in e), flush=True)
p.stdin.close()
p.wait()
