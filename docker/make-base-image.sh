#!/usr/bin/env bash
# Makes the local base image for docker/Dockerfile without any image registry:
#   1. `debootstrap --variant=minbase bookworm` a Debian root (from the Debian mirror apt already uses);
#   2. copies THIS machine's Node.js 20+ into it (Debian bookworm's own nodejs is 18, too old for the
#      tool): the `node` binary on PATH to /usr/local/bin/node, and npm/corepack from the lib dir next to
#      it (../lib/node_modules) when present; then checks that node runs inside the root (chroot);
#   3. `docker import`s the root as IMAGE (default mqtt-conformance-base:bookworm-node<version>).
# The host must be glibc-compatible with bookworm (it is on bookworm itself): node is dynamically
# linked against libc, libstdc++ and libgcc_s, which minbase provides.
#
# Usage: docker/make-base-image.sh [IMAGE]      (root; needs debootstrap and docker)
# Env:   MIRROR   Debian mirror (default: the first deb.debian.org-style URI in /etc/apt/sources*,
#                 else http://deb.debian.org/debian)
set -euo pipefail

die() { echo "make-base-image: $*" >&2; exit 2; }

[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot); run it as root or with sudo"
command -v debootstrap >/dev/null || die "debootstrap is not installed; install it: apt-get install -y debootstrap"
command -v docker >/dev/null || die "docker is not installed; install it: apt-get install -y docker.io"
docker info >/dev/null 2>&1 || die "no Docker engine answers on ${DOCKER_HOST:-/var/run/docker.sock}; start one (dockerd) or use docker/smoke.sh, which does"
NODE_BIN=$(command -v node) || die "node is not on PATH; the base image copies this machine's Node.js 20+"
NODE_BIN=$(readlink -f "$NODE_BIN")
NODE_VERSION=$("$NODE_BIN" -p 'process.versions.node')
[ "${NODE_VERSION%%.*}" -ge 20 ] || die "node $NODE_VERSION on PATH is older than 20; install Node.js 20+ first"

IMAGE=${1:-mqtt-conformance-base:bookworm-node$NODE_VERSION}
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
    | grep -oE 'https?://[^ ]+' | grep -v security | head -n 1 || true)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
fi

ROOT=$(mktemp -d /tmp/mqtt-conformance-base.XXXXXX)
cleanup() { rm -rf --one-file-system "$ROOT"; }
trap cleanup EXIT

echo "make-base-image: debootstrap --variant=minbase bookworm from $MIRROR" >&2
debootstrap --variant=minbase bookworm "$ROOT" "$MIRROR" >"$ROOT.log" 2>&1 || {
  tail -n 20 "$ROOT.log" >&2; rm -f "$ROOT.log"; die "debootstrap failed (log above); check that $MIRROR is reachable or set MIRROR"
}
rm -f "$ROOT.log"

echo "make-base-image: copying node $NODE_VERSION from $NODE_BIN" >&2
install -m 0755 "$NODE_BIN" "$ROOT/usr/local/bin/node"
NODE_LIB=$(dirname "$NODE_BIN")/../lib/node_modules
mkdir -p "$ROOT/usr/local/lib/node_modules"
for pkg in npm corepack; do
  if [ -d "$NODE_LIB/$pkg" ]; then
    cp -a "$NODE_LIB/$pkg" "$ROOT/usr/local/lib/node_modules/"
  fi
done
[ -f "$ROOT/usr/local/lib/node_modules/npm/bin/npm-cli.js" ] && ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/local/bin/npm"
[ -f "$ROOT/usr/local/lib/node_modules/npm/bin/npx-cli.js" ] && ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/local/bin/npx"
got=$(chroot "$ROOT" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin /usr/local/bin/node -p 'process.versions.node' 2>&1) || die "node does not run inside the Debian root: $got (its shared libraries must exist in bookworm)"
[ "$got" = "$NODE_VERSION" ] || die "node inside the root reports $got, expected $NODE_VERSION"

# What a container never needs: package lists, caches, docs, man pages, locales beyond C.
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/apt/archives/*.deb \
  "$ROOT"/usr/share/doc/* "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/var/log/*.log

echo "make-base-image: docker import as $IMAGE" >&2
tar -C "$ROOT" --numeric-owner -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'CMD ["node"]' \
  --message "debootstrap --variant=minbase bookworm + node $NODE_VERSION copied from the host" \
  - "$IMAGE" >/dev/null
echo "$IMAGE"
