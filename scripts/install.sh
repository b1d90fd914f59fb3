#!/usr/bin/env bash
# Installs clustermatch like any Linux tool:
#
#   scripts/install.sh [--prefix DIR]     build (release) if needed, then install under DIR
#   scripts/install.sh --uninstall [--prefix DIR]   remove exactly what an install there put
#
# DIR defaults to /usr/local. Installed: bin/clustermatch; share/clustermatch/Profiles (the
# scoring profiles, taxonomies, demo landscape and, when fetched, models/ — the binary has all
# but the models built in, and prefers these files); bash, zsh and fish completions; the man
# page. Every file is listed in share/clustermatch/install-manifest.txt, which --uninstall reads.
#
# The binary is built with the Swift runtime linked in (--static-swift-stdlib) and no RUNPATH
# (--disable-local-rpath), in its own build folder (.build-static): it runs without the
# toolchain, and building it does not disturb .build.
# scripts/package-deb.sh uses the same steps (--debian-root) to lay out the .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

prefix=/usr/local
uninstall=0
debian_root=""
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --uninstall) uninstall=1; shift ;;
        --debian-root) debian_root=${2:?--debian-root needs a folder}; shift 2 ;;  # for package-deb.sh
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 64 ;;
    esac
done
case "$prefix" in /*) ;; *) prefix="$repo/$prefix" ;; esac
manifest="$prefix/share/clustermatch/install-manifest.txt"

uninstall_from_manifest() {
    # Files first (the manifest last), then the folders the install created, deepest first,
    # each only if it is empty.
    local lines
    mapfile -t lines < "$manifest"
    for line in "${lines[@]}"; do
        case "$line" in "f "*) rm -f -- "${line#f }" ;; esac
    done
    rm -f -- "$manifest"
    printf '%s\n' "${lines[@]}" | grep '^d ' | cut -c3- | sort -r | while IFS= read -r dir; do
        rmdir -- "$dir" 2>/dev/null || true
    done
}

if [ "$uninstall" = 1 ]; then
    if [ ! -f "$manifest" ]; then
        echo "install.sh: nothing to uninstall: no $manifest" >&2
        exit 66
    fi
    uninstall_from_manifest
    echo "uninstalled clustermatch from $prefix" >&2
    exit 0
fi

# Build (a no-op when the binary is up to date: swift build only redoes what changed).
build_dir=.build-static
echo "install.sh: building the release binary (static Swift runtime) in $build_dir" >&2
swift build -c release --static-swift-stdlib --disable-local-rpath --scratch-path "$build_dir" --product clustermatch >&2
binary="$build_dir/release/clustermatch"

# The man page, from swift-argument-parser's generate-manual plugin (works offline). The page
# only depends on the commands' help, so the plugin runs on the debug build in .build, which
# scripts/test.sh has already made (elsewhere it builds it once). The date is the last commit's,
# so that the page is the same for the same sources.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
swift package plugin generate-manual --configuration debug --date "$date" --authors "the ClusterMatch developers" \
    >"$stage/manual.log" 2>&1 || { cat "$stage/manual.log" >&2; echo "install.sh: generate-manual failed" >&2; exit 1; }
manpage=.build/plugins/GenerateManual/outputs/clustermatch/clustermatch.1
[ -f "$manpage" ] || { cat "$stage/manual.log" >&2; echo "install.sh: generate-manual wrote no $manpage" >&2; exit 1; }

if [ -n "$debian_root" ]; then
    root="$debian_root/usr"
    zsh_dir="$root/share/zsh/vendor-completions"
else
    root="$prefix"
    zsh_dir="$root/share/zsh/site-functions"
fi
data="$root/share/clustermatch/Profiles"
if [ -z "$debian_root" ] && [ -f "$manifest" ]; then
    # Installing again: first remove what the last install put there, so that the new
    # manifest lists exactly this install (and a file dropped since does not linger).
    uninstall_from_manifest
fi
installed=()   # "f PATH" lines
created=()     # "d PATH" lines: folders that did not exist before

make_dir() {  # the folder and its parents, noting those that are new
    local dir=$1 missing=()
    while [ ! -d "$dir" ]; do missing+=("$dir"); dir=$(dirname "$dir"); done
    for ((i=${#missing[@]}-1; i>=0; i--)); do
        mkdir -m 755 "${missing[i]}"
        created+=("d ${missing[i]}")
    done
}
put() {  # mode, source, destination
    make_dir "$(dirname "$3")"
    install -m "$1" "$2" "$3"
    installed+=("f $3")
}
generated() {  # name; content on stdin → a staged file, whose path it prints
    cat > "$stage/$1"
    echo "$stage/$1"
}

if [ -n "$debian_root" ]; then
    # Debian wants binaries without debugging symbols.
    cp "$binary" "$stage/clustermatch"
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/clustermatch"
    put 755 "$stage/clustermatch" "$root/bin/clustermatch"
    put 644 "$(gzip -9n < "$manpage" | generated clustermatch.1.gz)" "$root/share/man/man1/clustermatch.1.gz"
else
    put 755 "$binary" "$root/bin/clustermatch"
    put 644 "$manpage" "$root/share/man/man1/clustermatch.1"
fi
# bash-completion sources the file: it needs no #! line (lintian warns about one).
put 644 "$("$binary" --generate-completion-script bash | sed '1{/^#!/d}' | generated clustermatch.bash)" "$root/share/bash-completion/completions/clustermatch"
put 644 "$("$binary" --generate-completion-script zsh | generated _clustermatch)" "$zsh_dir/_clustermatch"
put 644 "$("$binary" --generate-completion-script fish | generated clustermatch.fish)" "$root/share/fish/vendor_completions.d/clustermatch.fish"

# The data: what the binary has built in (see scripts/embed-profiles.py).
put 644 Profiles/README.md "$data/README.md"
while IFS= read -r file; do
    put 644 "Profiles/$file" "$data/$file"
done < <(cd Profiles && { find scoring -name '*.json'; find taxonomy -type f; echo demo/landscape.jsonl; } | sort)
# The sentence-embedding model, where an installed binary looks for it:
# <prefix>/share/clustermatch/models/all-MiniLM-L6-v2/ (see EmbeddingModelLocation).
while IFS= read -r file; do
    put 644 "Profiles/$file" "$(dirname "$data")/$file"
done < <(cd Profiles && { find -L models -type f 2>/dev/null || true; } | sort)

if [ -z "$debian_root" ]; then
    { printf '%s\n' "${installed[@]}"; printf '%s\n' "${created[@]+"${created[@]}"}"; } > "$manifest"
    echo "installed clustermatch ${#installed[@]} files under $prefix (list: $manifest)" >&2
    case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on your PATH" >&2 ;; esac
fi
