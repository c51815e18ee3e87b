#!/usr/bin/env bash
# Builds the mqtt-conformance image from docker/Dockerfile. The build context is staged in a temp dir:
# the files `npm pack` ships, package-lock.json, and (with --deps context) the production node_modules
# of this checkout (copied, then `npm prune --omit=dev --offline`: no registry needed).
#
# Usage: docker/build-image.sh [--base IMAGE] [--deps context|registry] [--tag TAG]
#   --base  base image (default: the local base mqtt-conformance-base:bookworm-node<node version>, made by
#           docker/make-base-image.sh unless `docker image inspect` finds it: the base is cached)
#   --deps  context: node_modules from this checkout (default with the local base);
#           registry: `npm ci --omit=dev` inside the image (default with any other base)
#   --tag   image tag (default mqtt-conformance:<package version>; also tagged :latest)
# Prints the tag on stdout; timings and size on stderr as "figure: ..." lines.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
die() { echo "build-image: $*" >&2; exit 2; }
now() { echo "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

BASE=""; DEPS=""; TAG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --base) BASE=${2:?--base needs an image, e.g. --base node:20-slim}; shift 2 ;;
    --deps) DEPS=${2:?--deps needs context or registry}; shift 2 ;;
    --tag) TAG=${2:?--tag needs a name, e.g. --tag mqtt-conformance:dev}; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option $1 (options: --base IMAGE, --deps context|registry, --tag TAG)" ;;
  esac
done

command -v docker >/dev/null || die "docker is not installed; install it: apt-get install -y docker.io"
command -v node >/dev/null || die "node is not on PATH (needed for npm pack)"
command -v npm >/dev/null || die "npm is not on PATH (needed for npm pack)"
docker info >/dev/null 2>&1 || die "no Docker engine answers on ${DOCKER_HOST:-/var/run/docker.sock}; start dockerd (docker/smoke.sh does)"
# A Docker CLI without the buildx plugin cannot use BuildKit: use the classic builder then.
if [ -z "${DOCKER_BUILDKIT:-}" ] && ! docker buildx version >/dev/null 2>&1; then export DOCKER_BUILDKIT=0; fi

VERSION=$(node -p "require('$REPO/package.json').version")
LOCAL_BASE="mqtt-conformance-base:bookworm-node$(node -p 'process.versions.node')"
BASE=${BASE:-$LOCAL_BASE}
TAG=${TAG:-mqtt-conformance:$VERSION}
if [ -z "$DEPS" ]; then
  if [ "$BASE" = "$LOCAL_BASE" ]; then DEPS=context; else DEPS=registry; fi
fi
case "$DEPS" in context|registry) ;; *) die "--deps must be context or registry, got $DEPS" ;; esac

if docker image inspect "$BASE" >/dev/null 2>&1; then
  echo "figure: base image $BASE cached (docker image inspect found it)" >&2
elif [ "$BASE" = "$LOCAL_BASE" ]; then
  t0=$(now)
  "$HERE/make-base-image.sh" "$BASE" >/dev/null
  echo "figure: base image $BASE made in $(since "$t0") s" >&2
else
  echo "build-image: base $BASE is not present locally; docker build will pull it from its registry" >&2
fi

STAGE=$(mktemp -d /tmp/mqtt-conformance-context.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
t0=$(now)
(cd "$REPO" && npm pack --silent --pack-destination "$STAGE" >/dev/null) || die "npm pack failed in $REPO"
tar -xzf "$STAGE"/*.tgz -C "$STAGE" && rm -f "$STAGE"/*.tgz
CONTEXT="$STAGE/package"
cp "$REPO/package-lock.json" "$CONTEXT/"
cp "$HERE/Dockerfile" "$CONTEXT/Dockerfile"
if [ "$DEPS" = context ]; then
  [ -d "$REPO/node_modules" ] || die "--deps context: $REPO/node_modules is missing; run npm ci first (or use --deps registry)"
  cp -a "$(readlink -f "$REPO/node_modules")" "$CONTEXT/node_modules"
  (cd "$CONTEXT" && npm prune --omit=dev --offline --no-audit --no-fund >/dev/null 2>&1) \
    || die "npm prune --omit=dev --offline failed in the staged context"
fi
echo "figure: context staged in $(since "$t0") s ($(du -sh "$CONTEXT" | cut -f1), deps: $DEPS)" >&2

t0=$(now)
LOG="$STAGE/docker-build.log"
docker build --build-arg "BASE=$BASE" --build-arg "VERSION=$VERSION" \
  -f "$CONTEXT/Dockerfile" -t "$TAG" -t "${TAG%:*}:latest" "$CONTEXT" >"$LOG" 2>&1 || {
  tail -n 30 "$LOG" >&2
  die "docker build of $TAG on $BASE failed (last lines above)"
}
SIZE=$(docker image inspect --format '{{.Size}}' "$TAG")
echo "figure: image $TAG built in $(since "$t0") s, $((SIZE / 1000000)) MB" >&2
echo "$TAG"
