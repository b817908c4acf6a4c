#!/usr/bin/env bash
# Configures a CMake preset (scripts/configure.sh PRESET [--if-needed]).
# A build folder made with another generator (the Makefiles of older checkouts) is removed
# first: CMake refuses to switch generators in place. --if-needed skips a folder that is
# already configured (a later build re-runs CMake by itself when a CMakeLists.txt changed).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=$1
dir="build/$preset"
cache="$dir/CMakeCache.txt"
if [ -f "$cache" ] && ! grep -qx 'CMAKE_GENERATOR:INTERNAL=Ninja' "$cache"; then
  echo "configure: $dir was made with another generator; starting it afresh" >&2
  rm -rf "$dir"
fi
[ "${2:-}" = "--if-needed" ] && [ -f "$cache" ] && exit 0
echo "configure: $preset build in $dir" >&2
cmake --preset "$preset" >/dev/null
