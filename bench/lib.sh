# Shared by bench/compare and bench/profile (sourced, not run): tools, build, starting and stopping the
# servers under test, and loading them with wrk. Every server binds 127.0.0.1 on a free port; every wait
# is bounded; everything started here is stopped by the EXIT trap, also on Ctrl-C or failure.

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$root/bench"
# Where Maven builds; BENCH_BUILD_DIR lets parallel checkouts keep apart (as -DbuildDir does for the tests).
build="${BENCH_BUILD_DIR:-$root/target}"
# Debian's python3, which is where python3-fastapi and python3-uvicorn install to.
python=/usr/bin/python3
work="$(mktemp -d "${TMPDIR:-/tmp}/smsync-bench.XXXXXX")"
pids=()
databases=()

say() { echo "bench: $*" >&2; }
die() { say "$*"; exit 1; }

# --- cleanup -------------------------------------------------------------------------------------------

stop_pid() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do          # up to 10 s for a graceful stop
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? pid db
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  for db in "${databases[@]}"; do
    psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [ "$status" -eq 0 ] && [ -z "${BENCH_KEEP:-}" ]; then
    rm -rf "$work"
  elif [ "$status" -eq 0 ]; then
    say "the servers' logs and wrk's output are in $work"
  else
    say "failed (exit $status); the servers' logs and wrk's output are kept in $work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- tools ---------------------------------------------------------------------------------------------

# wrk, FastAPI and uvicorn from Debian's packages: installed when missing and run as root, else explained.
ensure_tools() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  [ -x "$python" ] || missing+=(python3)
  "$python" -c 'import fastapi' 2>/dev/null || missing+=(python3-fastapi)
  "$python" -c 'import uvicorn' 2>/dev/null || missing+=(python3-uvicorn)
  command -v psql >/dev/null 2>&1 || missing+=(postgresql-client)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [ "${#missing[@]}" -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing ${missing[*]} from Debian's packages"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    die "missing: ${missing[*]}; install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}) and run this again"
  fi
}

# A java binary of release 21+: JAVA_HOME, then PATH, then /usr/lib/jvm (as the ./smsync launcher looks).
find_java() {
  local java major
  for java in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" /usr/lib/jvm/*/bin/java; do
    [ -x "$java" ] || continue
    major="$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9][0-9]*\).*/\1/p' | head -n 1)"
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      echo "$java"
      return 0
    fi
  done
  die "no JDK 21 or newer found (JAVA_HOME, PATH, /usr/lib/jvm); install one or point JAVA_HOME at it"
}

# Builds smsync's jar and the test classes (the no-op server), and writes the test classpath.
build_all() {
  java="$(find_java)"
  export JAVA_HOME="$(cd "$(dirname "$java")/.." && pwd)"
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build smsync; install it (apt-get install maven)"
  say "building smsync's jar and the bench classes in $build (Java: $JAVA_HOME)"
  # forceCreation: shade would otherwise re-shade an up-to-date, already shaded jar and fail.
  (cd "$root" && mvn -q ${BENCH_MAVEN_OFFLINE:+-o} -DbuildDir="$build" -DskipTests -Dmaven.jar.forceCreation=true package \
      org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
      -Dmdep.outputFile="$build/bench-classpath.txt" -Dmdep.includeScope=test) >"$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; die "the build failed"; }
  test_classpath="$build/test-classes:$build/classes:$(cat "$build/bench-classpath.txt")"
}

free_port() {
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Waits up to 90 s for URL to answer 2xx while process PID lives.
wait_http() {
  local url="$1" pid="$2" name="$3" i
  for i in $(seq 1 450); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 30 "$work/$name.log" >&2; die "$name exited before it answered"; }
    sleep 0.2
  done
  tail -n 30 "$work/$name.log" >&2
  die "$name did not answer $url within 90 s"
}

# --- the servers under test (each sets $port and $pid) ------------------------------------------------------

# start_smsync NAME DATABASE_URL [VAR=VALUE...] [-- JVM_OPTION...]: smsync's jar with the default config
# (60 s window, the log sender, no LLM), whatever SMSYNC_* the caller's environment holds left out.
start_smsync() {
  local name="$1" url="$2"; shift 2
  local vars=() jvm=() var
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do vars+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  jvm=("$@")
  port="$(free_port)"
  local unset_vars=()
  for var in $(compgen -e | grep -E '^(SMSYNC_|SMS_|OPENAI_|TWILIO_)' || true); do unset_vars+=(-u "$var"); done
  (cd "$work" && exec env "${unset_vars[@]}" SMSYNC_HOST=127.0.0.1 SMSYNC_PORT="$port" SMSYNC_DATABASE_URL="$url" \
      SMSYNC_SENDER=log "${vars[@]}" "$java" -XX:+ExitOnOutOfMemoryError "${jvm[@]}" -jar "$build/smsync.jar") \
      >"$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "http://127.0.0.1:$port/health/ready" "$pid" "$name"
}

# Sets $database_url to a fresh PostgreSQL database of our own on 127.0.0.1:5432 (user postgres, trust
# auth), dropped on exit.
create_database() {
  local db="smsync_bench_$$_$RANDOM"
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null \
    || die "cannot create a database on 127.0.0.1:5432 as user postgres (is PostgreSQL running with trust auth?)"
  databases+=("$db")
  database_url="jdbc:postgresql://127.0.0.1:5432/$db?user=postgres"
}

start_seed() {
  port="$(free_port)"
  (cd "$bench" && exec "$python" -m uvicorn seed_fastapi:app --host 127.0.0.1 --port "$port" --log-level warning) \
      >"$work/seed.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "http://127.0.0.1:$port/stats" "$pid" seed
}

start_noop() {
  port="$(free_port)"
  "$java" -cp "$test_classpath" io.smsync.bench.NoopServer "$port" >"$work/noop.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  wait_http "http://127.0.0.1:$port/health" "$pid" noop
}

# --- load ----------------------------------------------------------------------------------------------

# wrk_run SHAPE URL DURATION OUT [RUN]: SHAPE one (1 message per request, 50 connections) or batch (100, 16).
wrk_run() {
  local shape="$1" url="$2" duration="$3" out="$4" run="${5:-run}" connections=50
  [ "$shape" = batch ] && connections=16
  BENCH_RUN="$run" timeout 120 wrk -t2 -c"$connections" -d"$duration" --latency -s "$bench/post_$shape.lua" "$url" >"$out"
}

# Latency in ms from wrk's "99%   12.34ms" (units us, ms, s, m).
wrk_latency_ms() {
  awk -v p="$2" '$1 == p {
      v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
      f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1
      printf "%.2f", v * f }' "$1"
}

# One result line "rps msgs_per_s p50_ms p99_ms errors" from a wrk output file; per = messages per request.
# Requests answered with an error status count as errors and their messages are not counted.
wrk_summary() {
  local out="$1" per="$2" rps total bad errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  total="$(awk '/requests in/ {print $1}' "$out")"
  bad="$(awk -F: '/Non-2xx or 3xx responses/ {gsub(/ /, "", $2); print $2}' "$out")"
  errors="$(awk '/Socket errors/ {n = 0; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i; print n}' "$out")"
  awk -v rps="${rps:-0}" -v total="${total:-0}" -v bad="${bad:-0}" -v errors="${errors:-0}" -v per="$per" \
      -v p50="$(wrk_latency_ms "$out" 50%)" -v p99="$(wrk_latency_ms "$out" 99%)" 'BEGIN {
        ok = total > 0 ? (total - bad) / total : 0
        printf "%.0f %.0f %s %s %d\n", rps, rps * ok * per, p50, p99, bad + errors }'
}

# --- smsync's /metrics and the process --------------------------------------------------------------------

metrics() { curl -sf "http://127.0.0.1:$1/metrics"; }

# Sum of a metric's samples whose line starts with PREFIX (name plus the start of its labels).
metric_sum() {
  awk -v p="$2" 'index($0, p) == 1 { s += $NF } END { printf "%.6f\n", s + 0 }' "$1"
}

rss_mb() { awk '/^VmRSS:/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
