#!/usr/bin/env bash
# Shared by local.sh, generate.sh, tail.sh and usersig.sh (sourced, not run): builds the distribution
# (mvn -B -DskipTests package → dist/target/callstream-<version>.tar.gz and the same tree unpacked beside
# it) when it is missing or older than the sources, then sets CALLSTREAM_DIST to that tree, whose bin/
# scripts the callers exec, and CALLSTREAM_CONNECT_CP to the classpath of the Kafka Connect worker of
# local.sh --warehouse (the connect module's classes and connect/target/worker-classpath.txt: connect-runtime,
# the Debezium JDBC sink). CALLSTREAM_JAVA_OPTS (older name) is added to JAVA_OPTS.
set -euo pipefail

CALLSTREAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ -n "${CALLSTREAM_JAVA_OPTS:-}" ]]; then
  export JAVA_OPTS="${JAVA_OPTS:-} $CALLSTREAM_JAVA_OPTS"
fi

callstream_find_dist() {
  local d
  for d in "$CALLSTREAM_ROOT"/dist/target/callstream-*/callstream-*/; do
    if [[ -x "$d/bin/callstream-run-class" ]]; then
      CALLSTREAM_DIST="${d%/}"
      return 0
    fi
  done
  return 1
}

callstream_build_if_needed() {
  local target="$CALLSTREAM_ROOT/dist/target"
  local stamp="$target/.callstream-built"
  local connect_cp_file="$CALLSTREAM_ROOT/connect/target/worker-classpath.txt"
  local stale=""
  if ! callstream_find_dist || [[ ! -f "$stamp" ]]; then
    stale="no build yet"
  else
    stale="$(cd "$CALLSTREAM_ROOT" && find . \( -name target -o -name .git -o -name '.callstream-data' \) -prune \
      -o -type f \( -name pom.xml -o -path '*/src/main/*' -o -path './dist/src/*' \) -newer "$stamp" -print -quit)"
  fi
  if [[ -n "$stale" ]]; then
    command -v mvn >/dev/null || { echo "callstream: Maven (mvn) is needed to build; see README" >&2; exit 1; }
    local log="$CALLSTREAM_ROOT/target/build.log"
    mkdir -p "$(dirname "$log")"
    echo "callstream: building the distribution ($stale): mvn -B -DskipTests package, log in ${log#$CALLSTREAM_ROOT/}" >&2
    if ! (cd "$CALLSTREAM_ROOT" && mvn -B -DskipTests package) > "$log" 2>&1; then
      tail -40 "$log" >&2
      echo "callstream: the build failed; see $log" >&2
      exit 1
    fi
    touch "$stamp"
    callstream_find_dist || { echo "callstream: the build made no distribution under dist/target" >&2; exit 1; }
  fi
  CALLSTREAM_CONNECT_CP="$CALLSTREAM_ROOT/connect/target/classes:$(cat "$connect_cp_file")"
}
