#!/usr/bin/env bash
# Tries the project as a newcomer would, on a freshly installed minimal Debian 12: bootstraps a
# minbase root with debootstrap, copies in a clean checkout of HEAD and ../shared, and runs
# inside it the README's two commands and CI, printing each one's wall time and exit status.
#   scripts/fresh-machine.sh              all steps (about 30 minutes on 2 cores)
#   scripts/fresh-machine.sh run test     only some: run (twice: first and second run), test, ci
# A tool for whoever changes install steps, CI or packaging; not a CI step. Needs root.
# FRESH_ROOT sets where the root goes (default build/fresh-machine); the bootstrapped base is
# kept as a tarball beside it, so a second use skips debootstrap (FRESH_REBOOTSTRAP=1 redoes it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine: needs root (debootstrap, chroot, mounts)" >&2; exit 1; }
[ -d ../shared ] || { echo "fresh-machine: ../shared is missing beside the checkout" >&2; exit 1; }
if [ $# -gt 0 ]; then steps=("$@"); else steps=(run test ci); fi
for s in "${steps[@]}"; do
  case "$s" in run|test|ci) ;; *) echo "fresh-machine: unknown step '$s' (run, test, ci)" >&2; exit 2 ;; esac
done
command -v debootstrap >/dev/null || scripts/install-deps.sh

work="${FRESH_ROOT:-$repo/build/fresh-machine}"
root="$work/root"
base="$work/bookworm-minbase.tar"
logs="$work/logs"
# The Debian archive this machine's own apt uses for bookworm (never a host written here):
# deb822 stanzas in sources.list.d/*.sources (not those with Enabled: no), then one-line
# entries in sources.list and *.list. A mirror+file: URI (cloud images) is read from its
# list; only http(s) archives can be given to debootstrap.
apt_uris() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
         { uris = ""; deb = 0; suite = 0; off = 0
           for (i = 1; i <= NF; i++) {
             if ($i ~ /^Types:/ && $i ~ /[: \t]deb([ \t]|$)/) deb = 1
             if ($i ~ /^Suites:/ && $i ~ /[: \t]bookworm([ \t]|$)/) suite = 1
             if ($i ~ /^Enabled:[ \t]*no/) off = 1
             if ($i ~ /^URIs:/) { uris = $i; sub(/^URIs:[ \t]*/, "", uris) }
           }
           if (deb && suite && !off && uris != "") { n = split(uris, u, /[ \t]+/); for (k = 1; k <= n; k++) print u[k] } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/ && i < NF) i++; i++ }
                       if ($(i + 1) == "bookworm") print $i }' "$f"
  done
}
apt_mirror() {
  local uri list
  while read -r uri; do
    case "$uri" in
      mirror+file:*)
        list=${uri#mirror+file:}; list=${list#//}
        [ -f "$list" ] && grep -Eo '^https?://[^[:space:]]+' "$list" | head -n 1 ;;
      http://*|https://*) echo "$uri" ;;
    esac
  done < <(apt_uris) | head -n 1
}

mounts=()
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[$i]}" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ ! -f "$base" ] || [ -n "${FRESH_REBOOTSTRAP:-}" ]; then
  mirror=$(apt_mirror)
  [ -n "$mirror" ] || { echo "fresh-machine: this machine's apt sources name no http(s) Debian archive for" \
    "bookworm (a 'deb' line in /etc/apt/sources.list, or a Types: deb stanza in" \
    "/etc/apt/sources.list.d/*.sources): add one, then run again" >&2; exit 1; }
  echo "fresh-machine: debootstrap --variant=minbase bookworm from $mirror (a few minutes)"
  rm -rf "$work/bootstrap" && mkdir -p "$work/bootstrap"
  debootstrap --variant=minbase bookworm "$work/bootstrap" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { echo "fresh-machine: debootstrap failed, see $work/debootstrap.log" >&2; exit 1; }
  tar -C "$work/bootstrap" -cf "$base" . && rm -rf "$work/bootstrap"
fi

# A new root from the pristine base for every use: nothing a previous try installed survives.
rm -rf "$root" "$logs" && mkdir -p "$root" "$logs"
tar -C "$root" -xf "$base"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A chroot shares this machine's network: packages may not start their services in it (an
# nginx on port 80 outliving the root), as in any container image.
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod 755 "$root/usr/sbin/policy-rc.d"
# The network's own CA certificates (a TLS-inspecting egress, a company proxy), as the admin
# of any machine on this network installs them: ca-certificates picks them up when the
# project's install step installs it. The npm registry is reached through them.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  [ ! -x "$root/usr/sbin/update-ca-certificates" ] || chroot "$root" update-ca-certificates >/dev/null 2>&1 || true
fi
if [ -f /etc/apt/sources.list.d/debian.sources ]; then  # the same archive and updates as this machine
  rm -f "$root/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
fi
for m in proc sys dev dev/pts; do
  mkdir -p "$root/$m"
  case "$m" in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sys "$root/sys" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
  mounts+=("$root/$m")
done
# /dev/shm is a mount of its own (tmpfs, mode 1777) on a real machine, which a bind of /dev
# does not carry: a daemon that drops root (squid, as user proxy) needs it for shm_open.
mkdir -p "$root/dev/shm" 2>/dev/null || true
mount -t tmpfs -o mode=1777,nosuid,nodev shm "$root/dev/shm" && mounts+=("$root/dev/shm")

# A clean checkout of what is committed, and shared/ read-only, as CI lays them.
mkdir -p "$root/work"
git clone -q --no-local "$repo" "$root/work/main"
cp -r ../shared "$root/work/shared" && chmod -R a-w "$root/work/shared"
echo "fresh-machine: $(git -C "$repo" log -1 --format='%h %s' | cut -c1-80)"
echo "fresh-machine: root at $root, logs in $logs"

inside() {  # a login-like environment: nothing of this shell's leaks in
  chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 TERM=dumb "$@"
}
step() {  # step NAME COMMAND: runs it in /work/main, prints wall time and exit status
  local name=$1 start end rc=0
  shift
  start=$(date +%s.%N)
  inside /bin/bash -c "cd /work/main && $*" </dev/null >"$logs/$name.log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  printf 'fresh-machine: %-12s %8s s  exit %d  (%s)\n' "$name" \
    "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')" "$rc" "$*"
  return 0
}

for s in "${steps[@]}"; do
  case "$s" in
    run) step run-first "scripts/run.sh"
         step run-second "scripts/run.sh" ;;
    test) step test "scripts/test.sh" ;;
    ci) step ci "CI=true bash .ci/run" ;;
  esac
done
