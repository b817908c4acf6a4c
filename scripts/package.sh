#!/usr/bin/env bash
# Builds the .deb, installs it with dpkg -i, checks that the installed binary runs, removes it.
#   scripts/package.sh            build, install, check, remove
#   scripts/package.sh --keep     leave it installed
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/configure.sh package
cmake --build --preset package -j "$(nproc)" >/dev/null
(cd build/package && cpack -G DEB >/dev/null)
deb=$(ls build/package/anlink-doctor_*.deb)
echo "package: $deb"
dpkg-deb --field "$deb" Depends
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo dpkg -i "$deb" >/dev/null
installed=$(/usr/bin/anlink-doctor --version)
expected="anlink-doctor $(sed -n 's/^project(anlink-doctor VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)"
[ "$installed" = "$expected" ] || { echo "installed binary says '$installed', expected '$expected'" >&2; exit 1; }
for f in /usr/share/man/man1/anlink-doctor.1 /usr/share/bash-completion/completions/anlink-doctor \
         /usr/share/zsh/vendor-completions/_anlink-doctor; do
  [ -f "$f" ] || { echo "missing after install: $f" >&2; exit 1; }
done
echo "installed: $installed"
[ "${1:-}" = "--keep" ] || $sudo dpkg -r anlink-doctor >/dev/null
