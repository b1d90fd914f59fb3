#!/usr/bin/env python3
"""Benchmark of `clustermatch serve` through its pipes (not a test; `swift test` never runs it).

1. Generates N participants (seeded): a user vector of D numbers (the canonical `vector`
   field) and profile content (keywords, offers, needs) drawn from a small vocabulary, so
   both `peers` (similarity on the vectors) and `brokerage` (offers × needs) have work.
2. Imports them with `clustermatch import` into a fresh database (skipped when it exists).
3. Starts `clustermatch serve`, warms each profile's engine, then measures:
   - match.query by id, top 10, one request at a time (write, wait for the answer):
     median / p90 round trip per profile;
   - participant.get pipelined from one client: requests/s.

Usage: swift build -c release --product clustermatch
       Benchmarks/serve-bench.py [--n 100000] [--d 256] [--queries 200] [--gets 20000] [--db PATH]
"""
import argparse, io, json, os, random, statistics, subprocess, sys, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORDS = ("acoustic sensors, MEMS microphones, hearing aids, machine learning, robot grippers, computer vision, "
         "battery storage, wind turbines, proteomics, drug delivery, medical imaging, cleanroom production, "
         "signal processing, edge computing, digital twins, predictive maintenance, bioprinting, wearables, "
         "loudspeakers, room acoustics, audiology, lidar, soft robotics, hydrogen, heat pumps, smart grids").split(", ")
KINDS = ["company"] * 6 + ["researcher", "knowledge-institution", "public-body"]
COUNTRIES = ["DK", "SE", "DE", "NO", "FI", "NL", "FR", "ES", "IT", "PL"]


def generate(path, n, d, seed):
    rng = random.Random(seed)
    with open(path, "w") as f:
        for i in range(n):
            v = [round(rng.gauss(0, 1), 4) for _ in range(d)]
            p = {"id": f"p{i:06d}", "kind": rng.choice(KINDS), "name": f"Participant {i}", "country": rng.choice(COUNTRIES),
                 "employees": rng.randint(1, 2000), "keywords": rng.sample(WORDS, 3),
                 "offers": [{"keywords": rng.sample(WORDS, 2)}], "needs": [{"keywords": rng.sample(WORDS, 2)}], "vector": v}
            f.write(json.dumps(p, separators=(",", ":")) + "\n")


class Serve:
    def __init__(self, binary, db, env):
        self.p = subprocess.Popen([binary, "serve", "--db", db, "--log-level", "info"], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, env=env, bufsize=0)
        self.out = io.BufferedReader(self.p.stdout, buffer_size=1 << 16)  # a raw pipe would readline byte by byte
        print(f"serve pid {self.p.pid}", flush=True)

    def send(self, line):
        self.p.stdin.write(line.encode() + b"\n")

    def receive(self):
        return self.out.readline()

    def call(self, obj):
        self.send(json.dumps(obj))
        return json.loads(self.receive())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--d", type=int, default=256)
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--gets", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--db", default=None)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "clustermatch"))
    a = ap.parse_args()
    env = dict(os.environ, CLUSTERMATCH_PROFILES=os.path.join(ROOT, "Profiles"))
    env.pop("CLUSTERMATCH_DB", None)
    work = os.path.join(ROOT, ".build", "bench")
    os.makedirs(work, exist_ok=True)
    db = a.db or os.path.join(work, f"serve-{a.n}x{a.d}-{a.seed}.sqlite")
    if not os.path.exists(db):
        data = os.path.join(work, f"participants-{a.n}x{a.d}-{a.seed}.jsonl")
        t = time.time(); generate(data, a.n, a.d, a.seed); print(f"generated {a.n} participants in {time.time() - t:.1f} s", flush=True)
        t = time.time()
        subprocess.run([a.binary, "import", data, "--db", db], check=True, env=env, stdout=subprocess.DEVNULL)
        print(f"imported in {time.time() - t:.1f} s", flush=True)

    s = Serve(a.binary, db, env)
    info = s.call({"jsonrpc": "2.0", "id": 0, "method": "system.info"})["result"]
    print(f"{info['participants']} participants, BLAS {info['blas']} ({info['blasThreads']} threads)", flush=True)
    rng = random.Random(a.seed + 1)
    for profile in ["peers", "brokerage"]:
        t = time.time()
        r = s.call({"jsonrpc": "2.0", "id": "warm", "method": "match.query", "params": {"id": "p000000", "top": 10, "profile": profile}})
        assert "result" in r, r
        print(f"{profile}: engine loaded and first query in {time.time() - t:.2f} s", flush=True)
        times = []
        for q in range(a.queries):
            pid = f"p{rng.randrange(info['participants']):06d}"
            t = time.perf_counter()
            r = s.call({"jsonrpc": "2.0", "id": q, "method": "match.query", "params": {"id": pid, "top": 10, "profile": profile}})
            times.append((time.perf_counter() - t) * 1000)
            assert "result" in r and len(r["result"]["matches"]) == 10, r
        times.sort()
        print(f"match.query {profile} top 10: median {statistics.median(times):.2f} ms, p90 {times[int(len(times) * 0.9)]:.2f} ms, "
              f"min {times[0]:.2f} ms over {a.queries} queries", flush=True)

    lines = [json.dumps({"jsonrpc": "2.0", "id": i, "method": "participant.get", "params": {"id": f"p{rng.randrange(info['participants']):06d}"}})
             for i in range(a.gets)]
    payload = ("\n".join(lines) + "\n").encode()
    t = time.perf_counter()
    writer = threading.Thread(target=lambda: s.p.stdin.write(payload))
    writer.start()
    for i in range(a.gets):
        r = s.receive()
        assert r.startswith(b'{"jsonrpc":"2.0","id":%d,"result"' % i), r[:200]
    elapsed = time.perf_counter() - t
    writer.join()
    print(f"participant.get pipelined: {a.gets / elapsed:,.0f} requests/s ({a.gets} in {elapsed:.2f} s)", flush=True)
    s.p.stdin.close()
    s.p.wait()


main()
