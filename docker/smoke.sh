#!/usr/bin/env bash
# Smoke test of the Docker image: builds it (docker/build-image.sh; the local base image is made once and
# cached), then
#   1. runs the suite from the image against the reference broker on the host
#      (`node bin/mqtt-conformance.js broker --port 0 --memory`; the container uses --network host);
#   2. runs the reference broker from the image as a service container would (bridge network, port 1883
#      published on 127.0.0.1, docker/broker-open.json) and a few scenarios from the image against it;
# and checks each run's exit code and its conformance.json (scenarios ran, none failed).
# A Docker engine is started (`dockerd --ip 127.0.0.1`) if none answers, and stopped at the end, by its
# PID, only if this script started it.
#
# Usage: docker/smoke.sh [--tags EXPR] [--out DIR]
#   --tags  tag expression for step 1 (default: the whole suite)
#   --out   where the reports go (default: a temp dir, removed at the end)
# Exit: 0 passed; 1 a run failed or its report is wrong; 2 something needed is missing (named), or the
# engine, the image build or the broker could not be brought up.
# Env: MQTTC_SMOKE_SKIP_WITHOUT_DOCKER=1  print why and exit 0 when Docker is not installed (opt-in).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
say() { echo "docker-smoke: $*" >&2; }
die() { say "$*"; exit 2; }
KEEP_OUT=""
fail() { KEEP_OUT=1; say "FAIL: $*"; exit 1; }
now() { echo "${EPOCHREALTIME/,/.}"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

TAGS=""; OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tags) TAGS=${2:?--tags needs an expression, e.g. --tags "@qos1"}; shift 2 ;;
    --out) OUT=${2:?--out needs a directory}; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) die "unknown option $1 (options: --tags EXPR, --out DIR)" ;;
  esac
done

# --- what this needs -------------------------------------------------------------------------------
missing=()
command -v docker >/dev/null || missing+=("docker (apt-get install -y docker.io)")
command -v node >/dev/null || missing+=("node 20+ (on PATH)")
command -v npm >/dev/null || missing+=("npm (on PATH)")
if [ ${#missing[@]} -gt 0 ] && [ "${MQTTC_SMOKE_SKIP_WITHOUT_DOCKER:-}" = 1 ] && ! command -v docker >/dev/null; then
  say "SKIP: docker is not installed (MQTTC_SMOKE_SKIP_WITHOUT_DOCKER=1); install docker.io to run this smoke test"
  exit 0
fi
[ ${#missing[@]} -eq 0 ] || die "missing: ${missing[*]}"

CLEANUP=()
cleanup() {
  local i
  for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do eval "${CLEANUP[i]}" || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Waits until "$@" succeeds, at most $1 seconds (a deadline, polling every 0.2 s).
wait_for() {
  local deadline=$1; shift
  local end; end=$(awk -v a="$(now)" -v d="$deadline" 'BEGIN { printf "%.3f", a + d }')
  until "$@" >/dev/null 2>&1; do
    awk -v a="$(now)" -v e="$end" 'BEGIN { exit !(a < e) }' || return 1
    sleep 0.2
  done
}

# --- a Docker engine -----------------------------------------------------------------------------------
if docker info >/dev/null 2>&1; then
  say "using the running Docker engine (${DOCKER_HOST:-/var/run/docker.sock})"
else
  command -v dockerd >/dev/null || die "no Docker engine answers and dockerd is not installed; install it: apt-get install -y docker.io"
  [ "$(id -u)" = 0 ] || die "no Docker engine answers, and starting dockerd needs root; start it yourself (dockerd --ip 127.0.0.1) or run as root"
  DOCKERD_LOG=$(mktemp /tmp/mqtt-conformance-dockerd.XXXXXX.log)
  t0=$(now)
  dockerd --ip 127.0.0.1 >"$DOCKERD_LOG" 2>&1 &
  DOCKERD_PID=$!
  CLEANUP+=("stop_dockerd")
  stop_dockerd() {
    kill -TERM "$DOCKERD_PID" 2>/dev/null || return 0
    wait_for 30 bash -c "! kill -0 $DOCKERD_PID" || { say "dockerd $DOCKERD_PID did not stop in 30 s; killing it"; kill -KILL "$DOCKERD_PID" 2>/dev/null; }
    wait "$DOCKERD_PID" 2>/dev/null || true
    rm -f "$DOCKERD_LOG"
  }
  if ! wait_for 60 docker info; then
    tail -n 20 "$DOCKERD_LOG" >&2
    kill -0 "$DOCKERD_PID" 2>/dev/null || die "dockerd exited while starting (log above)"
    die "dockerd (pid $DOCKERD_PID) did not answer within 60 s (log above)"
  fi
  say "figure: started dockerd (pid $DOCKERD_PID) in $(since "$t0") s; it is stopped at the end"
fi

# --- the image -------------------------------------------------------------------------------------
t0=$(now)
IMAGE=$("$HERE/build-image.sh") || die "the image build failed (see above)"
say "figure: image ready in $(since "$t0") s (base and build together)"

if [ -z "$OUT" ]; then
  OUT=$(mktemp -d /tmp/mqtt-conformance-smoke.XXXXXX)
  CLEANUP+=("[ -n \"\$KEEP_OUT\" ] && say \"reports kept in $OUT\" || rm -rf '$OUT'")
fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# Checks a run's conformance.json: at least one scenario ran, none failed, at least $2 passed.
check_report() {
  local dir=$1 min_passed=$2
  [ -f "$dir/conformance.json" ] || fail "no $dir/conformance.json"
  [ -f "$dir/summary.md" ] || fail "no $dir/summary.md"
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const t = r.totals, min = Number(process.argv[2]);
    const bad = [];
    if (!t || t.scenarios < 1) bad.push("no scenarios ran");
    else {
      if (t.failed !== 0) bad.push(`${t.failed} failed`);
      if (t.passed < min) bad.push(`only ${t.passed} passed (expected at least ${min})`);
    }
    if (bad.length) { console.error(bad.join("; ")); process.exit(1); }
    console.log(`${t.scenarios} scenarios: ${t.passed} passed, ${t.failed} failed, ${t.notApplicable} not applicable`);
  ' "$dir/conformance.json" "$min_passed"
}

# Reads "listening mqtt://HOST:PORT" from a broker's stdout file once "ready" is there.
broker_url() { grep -q '^ready$' "$1" && grep -m1 -oE '^listening mqtt://[^ ]+' "$1" | cut -d' ' -f2; }

# --- 1. the suite from the image, the broker on the host ----------------------------------------------
BROKER_OUT=$(mktemp /tmp/mqtt-conformance-broker.XXXXXX)
CLEANUP+=("rm -f '$BROKER_OUT' '$BROKER_OUT.err'")
node "$REPO/bin/mqtt-conformance.js" broker --port 0 --memory >"$BROKER_OUT" 2>"$BROKER_OUT.err" &
BROKER_PID=$!
CLEANUP+=("kill -TERM $BROKER_PID 2>/dev/null; wait $BROKER_PID 2>/dev/null")
wait_for 30 broker_url "$BROKER_OUT" || { cat "$BROKER_OUT.err" >&2; die "the reference broker on the host did not print ready within 30 s"; }
URL=$(broker_url "$BROKER_OUT")
say "reference broker on the host: $URL (pid $BROKER_PID)"

args=(run --url "$URL" --profile default --out reports/host-broker)
[ -z "$TAGS" ] || args+=(--tags "$TAGS")
t0=$(now)
set +e
docker run --rm --network host -v "$OUT:/work/reports" "$IMAGE" "${args[@]}" >"$OUT/host-broker.log" 2>&1
rc=$?
set -e
took=$(since "$t0")
tail -n 4 "$OUT/host-broker.log" >&2
[ "$rc" = 0 ] || fail "the suite from the image exited $rc against $URL (log: $OUT/host-broker.log)"
counts=$(check_report "$OUT/host-broker" 1 2>&1) || fail "report of step 1: $counts"
say "figure: step 1, suite from the image against the host broker: $counts in $took s (docker run, exit 0)"
kill -TERM "$BROKER_PID" 2>/dev/null; wait "$BROKER_PID" 2>/dev/null || true

# --- 2. the broker from the image (as a service container: bridge network, published port) ----------
# docker/broker-open.json listens on 0.0.0.0:1883 inside the container with "allowAnonymous": true said
# explicitly, as a broker reachable from outside its own loopback must (safe defaults).
t0=$(now)
CID=$(docker run -d --rm -p 127.0.0.1::1883 -v "$HERE/broker-open.json:/work/broker.json:ro" "$IMAGE" broker --config broker.json) \
  || die "could not start the broker from the image"
CLEANUP+=("docker rm -f $CID >/dev/null 2>&1")
image_broker_ready() { docker logs "$CID" 2>/dev/null | grep -q '^ready$'; }
wait_for 30 image_broker_ready || { docker logs "$CID" >&2 || true; die "the broker in the image did not print ready within 30 s"; }
HOSTPORT=$(docker port "$CID" 1883/tcp | grep -m1 -oE '127\.0\.0\.1:[0-9]+') || die "no published port for the image's broker (docker port $CID)"
URL="mqtt://$HOSTPORT"
say "reference broker in the image: $URL (container ${CID:0:12}, port 1883 published)"
set +e
docker run --rm --network host -v "$OUT:/work/reports" "$IMAGE" run --url "$URL" --profile default --tags '@retain' --out reports/image-broker >"$OUT/image-broker.log" 2>&1
rc=$?
set -e
tail -n 3 "$OUT/image-broker.log" >&2
[ "$rc" = 0 ] || fail "the @retain scenarios exited $rc against the image's broker at $URL (log: $OUT/image-broker.log)"
counts=$(check_report "$OUT/image-broker" 5 2>&1) || fail "report of step 2: $counts"
say "figure: step 2, @retain from the image against the image's broker: $counts in $(since "$t0") s"

say "figure: image $IMAGE is $(( $(docker image inspect --format '{{.Size}}' "$IMAGE") / 1000000 )) MB"
say "PASS"
