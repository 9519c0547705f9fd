#!/usr/bin/env bash
# package.sh BUILD_DIR VERSION: cpack -G DEB into a temporary folder, then checks the
# package's name, its computed dependencies, its contents and that the unpacked programs run.
set -euo pipefail
build=$1 version=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "package: $*" >&2; exit 1; }
(cd "$build" && cpack -G DEB -B "$tmp/out" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; exit 1; }
deb="$tmp/out/augstudio_${version}_amd64.deb"
[ -f "$deb" ] || fail "no $deb: $(ls "$tmp/out")"
depends=$(dpkg-deb -f "$deb" Depends)
for d in libopencv-core libsndfile1 librubberband libtbb libc6 libqt6widgets6 python3-numpy; do
    grep -q "$d" <<<"$depends" || fail "Depends lacks $d (dpkg-shlibdeps did not run?): $depends"
done
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/augstudio /usr/bin/augstudio-cli \
    /usr/share/applications/augstudio.desktop \
    /usr/share/icons/hicolor/scalable/apps/augstudio.svg \
    /usr/share/metainfo/io.github.augstudio.metainfo.xml \
    /usr/share/man/man1/augstudio.1.gz /usr/share/man/man1/augstudio-cli.1.gz \
    /usr/share/augstudio/demo/image /usr/share/augstudio/demo/text/demo.tsv \
    /usr/share/augstudio/demo/SOURCES.md \
    /usr/share/doc/augstudio/copyright /usr/share/doc/augstudio/changelog.gz \
    /usr/lib/cmake/augstudio/augstudioConfig.cmake /usr/lib/cmake/augstudio/augstudioTargets.cmake \
    /usr/lib/libaugstudio_core.a /usr/include/augstudio/core/pipeline/pipeline.h; do
    grep -qx "$f/\?" "$tmp/contents" || fail "missing $f"
done
grep -q '^/usr/lib/python3/dist-packages/augstudio/_core.*\.so$' "$tmp/contents" \
    || fail "no Python extension module"
grep -q '^/usr/lib/python3/dist-packages/augstudio/__init__.py$' "$tmp/contents" \
    || fail "no Python package"
! grep -q 'generate[a-z_]*.py\|/src/\|_CPack' "$tmp/contents" || fail "build or source files packaged"
dpkg-deb -x "$deb" "$tmp/root"
out=$("$tmp/root/usr/bin/augstudio-cli" --version)
[ "$out" = "$version" ] || fail "augstudio-cli --version printed '$out'"
# The packaged module imports from where the package puts it and runs a pipeline.
(cd / && PYTHONPATH="$tmp/root/usr/lib/python3/dist-packages" /usr/bin/python3 -c "
import augstudio, numpy
assert augstudio.__file__.startswith('$tmp/root/'), augstudio.__file__
p = augstudio.Pipeline.from_json({'version': 1, 'modality': 'image', 'steps': [{'transform': 'image.vflip', 'p': 1.0}]})
assert (p(numpy.arange(4, dtype=numpy.uint8).reshape(2, 2), seed=1).image == [[2, 3], [0, 1]]).all()
") || fail "the packaged Python module does not run"
# No build or source path is compiled into the programs.
for exe in augstudio augstudio-cli; do
    ! grep -q "resources/demo" "$tmp/root/usr/bin/$exe" || fail "$exe holds a source path"
done
# Debian's changelog names this version (lintian: no-changelog when it is missing).
zcat "$tmp/root/usr/share/doc/augstudio/changelog.gz" | head -1 | grep -q "^augstudio ($version)" \
    || fail "changelog.gz does not start with augstudio ($version)"
desktop-file-validate "$tmp/root/usr/share/applications/augstudio.desktop"
appstreamcli validate --no-net "$tmp/root/usr/share/metainfo/io.github.augstudio.metainfo.xml" >/dev/null \
    || appstreamcli validate --no-net "$tmp/root/usr/share/metainfo/io.github.augstudio.metainfo.xml"
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) kB); Depends: $depends"
