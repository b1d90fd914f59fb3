#!/usr/bin/env python3
"""Rewrites the `←` lines of docs/protocol.md from the real binary.

Runs every `→` line of the document's ```jsonrpc blocks, in order, in one `clustermatch serve`
session on a fresh fixture database (the default taxonomy as `cm` plus
docs/protocol-fixtures/participants.jsonl; `$TMP` a fresh empty folder for outputs), exactly as
ProtocolDocumentTests does, and writes each answer after its request. Values that vary by installation are written as "…".

Usage: swift build && scripts/update-protocol-examples.py [path/to/clustermatch]
"""
import json, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "protocol.md")
FIXTURES = os.path.join(ROOT, "docs", "protocol-fixtures")
BINARY = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "debug", "clustermatch")
SYNC = '{"jsonrpc": "2.0", "id": "__sync__", "method": "participant.list", "params": {"limit": 0}}'
VARYING = ["version", "sqlite", "blas", "blasLibrary", "blasThreads", "blasConfiguration", "allPairsKernel", "database", "warnings",
           "semanticMatching", "semanticModel", "semanticOffReason", "semanticTurnOn", "vectorStore"]


def normalise(line, tmp):
    value = json.loads(line.replace(FIXTURES, "$FIXTURES").replace(tmp, "$TMP"))
    for response in value if isinstance(value, list) else [value]:
        result = response.get("result") if isinstance(response, dict) else None
        if isinstance(result, dict) and "blasLibrary" in result:
            for key in VARYING:
                result[key] = "…"
            # Where the shipped data comes from: paths on this machine, or "embedded".
            for key in result.get("data", {}):
                result["data"][key] = "…"
    return json.dumps(value, ensure_ascii=False)


def main():
    env = dict(os.environ, CLUSTERMATCH_PROFILES=os.path.join(ROOT, "Profiles"),
               CLUSTERMATCH_SEMANTIC="off")  # as the tests run the service
    env.pop("CLUSTERMATCH_DB", None)
    with tempfile.TemporaryDirectory() as tmp:
        db = os.path.join(tmp, "protocol.sqlite")
        out_dir = os.path.join(tmp, "out")
        os.mkdir(out_dir)
        subprocess.run([BINARY, "taxonomy", "import", os.path.join(ROOT, "Profiles/taxonomy/clustermatch-competences.csv"),
                        "--namespace", "cm", "--db", db], check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run([BINARY, "import", os.path.join(FIXTURES, "participants.jsonl"), "--db", db],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        serve = subprocess.Popen([BINARY, "serve", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                 text=True, encoding="utf-8")
        out, in_block = [], False
        for line in open(DOC, encoding="utf-8").read().split("\n"):
            if line.startswith("```jsonrpc"):
                in_block = True
            elif line.startswith("```"):
                in_block = False
            if in_block and line.startswith("← "):
                continue  # rewritten below
            out.append(line)
            if in_block and line.startswith("→ "):
                answers = []
                if serve.poll() is None:
                    serve.stdin.write(line[2:].replace("$FIXTURES", FIXTURES).replace("$TMP", out_dir) + "\n" + SYNC + "\n")
                    serve.stdin.flush()
                    while True:
                        answer = serve.stdout.readline()
                        if not answer or '"__sync__"' in answer:
                            break
                        answers.append(answer.rstrip("\n"))
                out += ["← " + normalise(a, out_dir) for a in answers]
        serve.stdin.close()
        serve.wait()
    open(DOC, "w", encoding="utf-8").write("\n".join(out))


main()
