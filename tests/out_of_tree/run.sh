#!/usr/bin/env bash
# Installs the SDK and host from BUILD to a temporary prefix, builds tests/out_of_tree/project
# (a user's activation plus a copy of a shipped plugin's source, with the fitted table it reads)
# with find_package(Neurite), and
# checks that the installed host lists, loads and passes both.
set -euo pipefail
build=$1
source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >/dev/null
cp -r "$source/tests/out_of_tree/project" "$work/project"
cp "$source/plugins/activations/tanh.cpp" "$work/project/tanh.cpp"
mkdir "$work/project/tables"
cp "$source/plugins/activations/tables/tanh.hpp" "$work/project/tables/"
cmake -S "$work/project" -B "$work/project-build" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/project-build" -j2 >/dev/null

neurite="$work/prefix/bin/neurite"
listing=$("$neurite" list --plugin-dir "$work/project-build")
fail() { echo "FAIL: $1"; echo "$listing"; exit 1; }
grep -q "^  arctan " <<<"$listing" || fail "arctan is not listed"
grep -q "$work/project-build/arctan.so" <<<"$listing" || fail "arctan's file is not named"
grep -q "clash: 'tanh' is provided by both $work/project-build/tanh.so and $work/prefix/lib/neurite/plugins/tanh.so" \
  <<<"$listing" || fail "the copied tanh was not loaded beside the installed one"
"$neurite" check "$work/project-build" || fail "the out-of-tree plugins do not pass neurite check"
"$neurite" info tanh --allow-override --plugin-dir "$work/project-build" | grep -q "file:    $work/project-build/tanh.so" \
  || fail "--allow-override does not pick the first tanh in search order"
echo "out-of-tree plugins built against the installed SDK: listed, loaded and checked"
