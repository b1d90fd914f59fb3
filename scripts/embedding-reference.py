#!/usr/bin/env python3
"""Independent reference for ClusterMatch's sentence-embedding encoder (all-MiniLM-L6-v2).

Token ids come from Hugging Face's `tokenizers` reading the model's own tokenizer.json
(truncation at 256 tokens as sentence_bert_config.json says, no padding); embeddings from a
plain numpy forward pass (float32, exact GELU with scipy's erf, mean pooling, L2 norm).

  scripts/embedding-reference.py fixture [MODEL_DIR]
      writes Tests/SentenceEmbeddingTests/Fixtures/reference.json (texts and token ids) and
      reference-embeddings.f32 (one little-endian float32 row of 384 per text).
  scripts/embedding-reference.py statements N [MODEL_DIR]
      prints N statements of 40 to 50 tokens (about 45), built from the fixture's domain lines
      with a fixed seed: the benchmark's input.
  scripts/embedding-reference.py benchmark TEXTS_FILE [MODEL_DIR] [VECTORS_OUT]
      embeds the lines of TEXTS_FILE in batches of 64, in input order, padded to the longest
      text of the batch; prints statements per second (and writes the float32 rows).

Needs: pip install numpy scipy tokenizers. MODEL_DIR defaults to Profiles/models/all-MiniLM-L6-v2
(installed by scripts/setup.sh).
"""
import json, os, struct, sys, time
import numpy as np
from scipy.special import erf
from tokenizers import Tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MODEL = os.path.join(ROOT, "Profiles", "models", "all-MiniLM-L6-v2")
FIXTURES = os.path.join(ROOT, "Tests", "SentenceEmbeddingTests", "Fixtures")
MAX_TOKENS = 256
LAYERS, HEADS, HIDDEN = 6, 12, 384


def load_tensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, t in header.items():
        if name == "__metadata__":
            continue
        lo, hi = t["data_offsets"]
        dtype = {"F32": np.float32, "I64": np.int64}[t["dtype"]]
        out[name] = np.frombuffer(data[lo:hi], dtype=dtype).reshape(t["shape"])
    return out


def tokenizer(model_dir):
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.enable_truncation(MAX_TOKENS)
    tok.no_padding()
    return tok


def layer_norm(x, w, b):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return ((x - mean) / np.sqrt(var + np.float32(1e-12))) * w + b


def encode(W, ids, mask):
    """ids, mask: (B, L) int arrays; returns (B, 384) float32 unit vectors."""
    B, L = ids.shape
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:L][None] \
        + W["embeddings.token_type_embeddings.weight"][0][None, None]
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"])
    bias = ((1.0 - mask[:, None, None, :]) * np.finfo(np.float32).min).astype(np.float32)
    d = HIDDEN // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        def lin(v, name):  # as one 2-D product: numpy's stacked 3-D matmul does not use BLAS
            w = W[p + name + ".weight"]
            return (v.reshape(-1, v.shape[-1]) @ w.T + W[p + name + ".bias"]).reshape(B, L, w.shape[0])
        def heads(v):
            return v.reshape(B, L, HEADS, d).transpose(0, 2, 1, 3)
        q, k, v = heads(lin(x, "attention.self.query")), heads(lin(x, "attention.self.key")), heads(lin(x, "attention.self.value"))
        s = q @ k.transpose(0, 1, 3, 2) / np.float32(np.sqrt(d)) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(B, L, HIDDEN)
        x = layer_norm(x + lin(ctx, "attention.output.dense"), W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"])
        h = lin(x, "intermediate.dense")
        h = (h * np.float32(0.5) * (np.float32(1) + erf(h / np.float32(np.sqrt(2))))).astype(np.float32)
        x = layer_norm(x + lin(h, "output.dense"), W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"])
    m = mask[:, :, None].astype(np.float32)
    pooled = (x * m).sum(1) / np.maximum(m.sum(1), 1e-9)
    return (pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def fixture_texts():
    """The fixture's texts: hand-written lines of this domain plus edge cases built here."""
    with open(os.path.join(ROOT, "scripts", "embedding-reference-texts.txt"), encoding="utf-8") as f:
        base = [line.rstrip("\n") for line in f]
    texts = list(base)
    texts += ["", " ", "   \t\n  ", "\u3000", "\u00a0\u00a0", "\n\n",
              "bell \x07 and escape \x1b here", "null \x00 byte", "line one\nline two\r\nline three",
              "e\u0301cole, n\u0303, A\u030a", "zero\u200bwidth\u200dspace\ufeffmark", "\x85next line",
              "[CLS][SEP]", "x" * 150, "ab" * 60 + " short", "café" * 40]
    # Case and context variants: acronyms in capitals, lower case, in a sentence.
    texts += [t.upper() for t in base[:110]]
    texts += [f"Offer: {t}. Need: {base[(i * 7 + 3) % len(base)]}" for i, t in enumerate(base[:110])]
    texts += [f"{t} – {base[(i * 13 + 5) % len(base)]} ({i + 1}/{len(base)})" for i, t in enumerate(base[:110])]
    # Texts far over 256 tokens (truncated), in several languages.
    for i in range(12):
        texts.append(" ".join(base[(i * 9 + j) % len(base)] for j in range(40 + i * 5)))
    texts.append(" ".join(["hydrogen"] * 400))
    texts.append("🤖" * 300)
    texts += [f"Participant {i:04d}: {base[i % 60]} in {['Aalborg', 'Kraków', 'Göteborg', 'Nantes', 'Kiel'][i % 5]}" for i in range(80)]
    return texts


def write_fixture(model_dir):
    tok, W = tokenizer(model_dir), load_tensors(os.path.join(model_dir, "model.safetensors"))
    texts = fixture_texts()
    ids = [tok.encode(t).ids for t in texts]
    vectors = np.stack([encode(W, np.array([i]), np.ones((1, len(i)), dtype=np.int64))[0] for i in ids])
    os.makedirs(FIXTURES, exist_ok=True)
    with open(os.path.join(FIXTURES, "reference.json"), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps({"text": t, "ids": i}, ensure_ascii=False) for t, i in zip(texts, ids)) + "\n]\n")
    vectors.astype("<f4").tofile(os.path.join(FIXTURES, "reference-embeddings.f32"))
    print(f"{len(texts)} texts, {sum(map(len, ids))} tokens, {sum(len(i) == MAX_TOKENS for i in ids)} truncated", file=sys.stderr)


def statements(n, model_dir):
    import random
    tok = tokenizer(model_dir)
    with open(os.path.join(ROOT, "scripts", "embedding-reference-texts.txt"), encoding="utf-8") as f:
        base = [line.strip() for line in f if len(line.split()) >= 4]
    rng = random.Random(45)
    out = []
    while len(out) < n:
        text = rng.choice(base)
        while len(tok.encode(text).ids) < 40:
            text += " " + rng.choice(base)
        if len(tok.encode(text).ids) <= 50:
            out.append(text)
    print("\n".join(out))


def benchmark(path, model_dir, vectors_out=None):
    tok, W = tokenizer(model_dir), load_tensors(os.path.join(model_dir, "model.safetensors"))
    with open(path, encoding="utf-8") as f:
        texts = [line.rstrip("\n") for line in f]
    start = time.perf_counter()
    out = []
    for b in range(0, len(texts), 64):
        enc = [e.ids for e in tok.encode_batch(texts[b:b + 64])]
        L = max(map(len, enc))
        ids = np.zeros((len(enc), L), dtype=np.int64)
        mask = np.zeros((len(enc), L), dtype=np.int64)
        for r, e in enumerate(enc):
            ids[r, :len(e)] = e
            mask[r, :len(e)] = 1
        out.append(encode(W, ids, mask))
    seconds = time.perf_counter() - start
    if vectors_out:
        np.concatenate(out).astype("<f4").tofile(vectors_out)
    print(json.dumps({"engine": "numpy", "statements": len(texts), "seconds": round(seconds, 3),
                      "statementsPerSecond": round(len(texts) / seconds, 1)}))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "fixture":
        write_fixture(sys.argv[2] if len(sys.argv) > 2 else DEFAULT_MODEL)
    elif len(sys.argv) >= 3 and sys.argv[1] == "statements":
        statements(int(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else DEFAULT_MODEL)
    elif len(sys.argv) >= 3 and sys.argv[1] == "benchmark":
        benchmark(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else DEFAULT_MODEL, sys.argv[4] if len(sys.argv) > 4 else None)
    else:
        sys.exit(__doc__)
