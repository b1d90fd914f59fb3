#!/usr/bin/env bash
# Writes dist/clustermatch_<version>_<arch>.deb: the binary (Swift runtime linked in) in
# /usr/bin, the shipped data in /usr/share/clustermatch, the man page, bash/zsh/fish
# completions, and the Debian copyright and changelog. Builds the release binary when it is
# missing or stale (through scripts/install.sh). Installs lintian when it is missing and
# fails when lintian reports an error.
#
#   scripts/package-deb.sh [--fast]   then: apt-get install ./dist/clustermatch_*.deb
#
# --fast compresses with xz level 1 instead of 6: 5 times quicker, 17 % larger (for tests).
set -euo pipefail
cd "$(dirname "$0")/.."
level=6
case "${1:-}" in
    --fast) level=1 ;;
    "") ;;
    *) echo "package-deb.sh: unknown argument '$1'; the only option is --fast" >&2; exit 64 ;;
esac

version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/ClusterMatchApp/ClusterMatch.swift)
[ -n "$version" ] || { echo "package-deb.sh: cannot read the version from ClusterMatch.swift" >&2; exit 1; }
debian_version="$version-1"
arch=$(dpkg --print-architecture)
maintainer="ClusterMatch developers <clustermatch@example.org>"
# The last commit's time, so that the same sources give the same package.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
missing=()
command -v lintian >/dev/null 2>&1 || missing+=(lintian)
command -v dpkg-shlibdeps >/dev/null 2>&1 || missing+=(dpkg-dev)
if [ ${#missing[@]} -gt 0 ]; then
    echo "package-deb.sh: installing ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/clustermatch_${debian_version}_$arch"
mkdir -m 755 "$root"
scripts/install.sh --debian-root "$root"

doc="$root/usr/share/doc/clustermatch"
install -d -m 755 "$doc"
cat > "$doc/copyright" <<'EOF'
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: ClusterMatch
Comment: The binary links in the Swift runtime and Foundation (Apache-2.0 with the Runtime
 Library Exception), swift-argument-parser and swift-log (Apache-2.0) and GRDB.swift (MIT).
 The EEN taxonomies in /usr/share/clustermatch/Profiles/taxonomy/een are the Enterprise
 Europe Network's keyword lists; see the README beside them.

Files: *
Copyright: 2026 the ClusterMatch developers
License: proprietary
 All rights reserved by the ClusterMatch developers until a licence is chosen; ask them
 before you redistribute this package.

Files: usr/bin/clustermatch
Copyright: 2026 the ClusterMatch developers
 2014-2026 Apple Inc. and the Swift project authors
 2015-2026 Gwendal Roué
License: proprietary and Apache-2.0 and MIT
 The ClusterMatch code: all rights reserved (see above). The Swift runtime, Foundation,
 swift-argument-parser and swift-log linked into it: Apache License 2.0 (with the Runtime
 Library Exception for the runtime), whose text is in /usr/share/common-licenses/Apache-2.0.
 GRDB.swift linked into it: the MIT license:
 .
 Permission is hereby granted, free of charge, to any person obtaining a copy of this
 software and associated documentation files (the "Software"), to deal in the Software
 without restriction, including without limitation the rights to use, copy, modify, merge,
 publish, distribute, sublicense, and/or sell copies of the Software, and to permit persons
 to whom the Software is furnished to do so, subject to the following conditions:
 .
 The above copyright notice and this permission notice shall be included in all copies or
 substantial portions of the Software.
 .
 THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED,
 INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR
 PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE
 FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR
 OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER
 DEALINGS IN THE SOFTWARE.
EOF
chmod 644 "$doc/copyright"
{
    echo "clustermatch ($debian_version) unstable; urgency=medium"
    echo
    echo "  * Package of ClusterMatch $version, built from commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
    echo
    echo " -- $maintainer  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n > "$doc/changelog.Debian.gz"
chmod 644 "$doc/changelog.Debian.gz"
# A first package closes no bug reports: there are none.
install -d -m 755 "$root/usr/share/lintian/overrides"
echo "clustermatch: initial-upload-closes-no-bugs" > "$root/usr/share/lintian/overrides/clustermatch"
chmod 644 "$root/usr/share/lintian/overrides/clustermatch"

# Depends: the shared libraries the binary really loads (dpkg-shlibdeps), with BLAS first
# as the alternatives it can be: OpenBLAS for speed, else any libblas3 (the reference one).
mkdir -p "$work/shlibs/debian"
printf 'Source: clustermatch\n\nPackage: clustermatch\nArchitecture: any\n' > "$work/shlibs/debian/control"
shlibs=$(cd "$work/shlibs" && dpkg-shlibdeps -O --ignore-missing-info --warnings=0 "$root/usr/bin/clustermatch" 2>/dev/null |
    sed -n 's/^shlibs:Depends=//p')
others=$(printf '%s' "$shlibs" | tr ',' '\n' | sed 's/^ *//' | grep -v -e '^$' -e 'blas' | paste -sd, - | sed 's/,/, /g')
depends="libopenblas0-pthread | libblas3${others:+, $others}"

install -d -m 755 "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<EOF
Package: clustermatch
Version: $debian_version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Section: science
Priority: optional
Description: matchmaking engine for business clusters
 ClusterMatch finds the partners that members of business clusters should
 meet: companies, researchers, knowledge institutions and whole clusters,
 ranked by what each side offers against what the other needs, with the
 reasons spelled out. It is a command-line tool and a JSON-RPC service over
 stdio working on one SQLite file, with an event planner that turns match
 lists into one-to-one meeting schedules.
EOF
(cd "$root" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
chmod 644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"
find "$root" -exec touch --no-dereference -d "@$SOURCE_DATE_EPOCH" {} +

mkdir -p dist
deb="dist/clustermatch_${debian_version}_$arch.deb"
dpkg-deb --root-owner-group -Zxz -z"$level" --build "$root" "$deb" >&2
echo "package-deb.sh: wrote $deb" >&2

# lintian: errors fail the build; warnings are shown.
if ! lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" >&2; then
    echo "package-deb.sh: lintian reports errors in $deb" >&2
    exit 1
fi
echo "$deb"
