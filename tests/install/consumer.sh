#!/usr/bin/env bash
# consumer.sh BUILD_DIR SOURCE_DIR: installs the dev component to a temporary prefix, builds
# tests/install/consumer against find_package(augstudio) and runs a pipeline with it.
set -euo pipefail
build=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" --component dev >/dev/null
test -f "$tmp/prefix/lib/cmake/augstudio/augstudioConfig.cmake"
test -f "$tmp/prefix/include/augstudio/core/pipeline/pipeline.h"
cmake -S "$src/tests/install/consumer" -B "$tmp/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_PREFIX_PATH="$tmp/prefix" >"$tmp/configure.log" || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/build" -j2 >"$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
# The consumer found the installed headers, not the sources.
grep -q "$tmp/prefix/include/augstudio" "$tmp/build/build.ninja"
cat >"$tmp/flip.augpipe.json" <<'JSON'
{"version": 1, "modality": "image", "seed": 1, "steps": [{"transform": "image.hflip", "p": 1.0}]}
JSON
out=$("$tmp/build/consumer" "$tmp/flip.augpipe.json")
expected='2 1 0
5 4 3
[{"applied":true,"id":"image.hflip","values":{}}]'
if [ "$out" != "$expected" ]; then
    echo "consumer printed:"; echo "$out"; echo "expected:"; echo "$expected"; exit 1
fi
echo "consumer built against $tmp/prefix and flipped the image"
