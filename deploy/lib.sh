#!/usr/bin/env bash
# Shared by local.sh, generate.sh, tail.sh and usersig.sh (sourced, not run): builds the project when the
# jars are missing or older than the sources, then sets CALLSTREAM_CP to the deploy module's
# runtime classpath and CALLSTREAM_CONNECT_CP to the Kafka Connect worker's (local.sh --warehouse):
# the connect module's classes and its compile+provided dependencies (connect-runtime, the Debezium JDBC sink).
set -euo pipefail

CALLSTREAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLSTREAM_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

callstream_build_if_needed() {
  local target="$CALLSTREAM_ROOT/deploy/target"
  local cp_file="$target/runtime-classpath.txt"
  local stamp="$target/.callstream-built"
  local connect_cp_file="$CALLSTREAM_ROOT/connect/target/worker-classpath.txt"
  local stale=""
  if [[ ! -f "$cp_file" || ! -f "$connect_cp_file" || ! -f "$stamp" || ! -d "$target/classes" ]]; then
    stale="no build yet"
  else
    stale="$(cd "$CALLSTREAM_ROOT" && find . \( -name target -o -name .git -o -name '.callstream-data' \) -prune \
      -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)"
  fi
  if [[ -n "$stale" ]]; then
    command -v mvn >/dev/null || { echo "callstream: Maven (mvn) is needed to build; see README" >&2; exit 1; }
    local log="$target/build.log"
    mkdir -p "$target"
    echo "callstream: building ($stale): mvn -B -DskipTests install, log in ${log#$CALLSTREAM_ROOT/}" >&2
    if ! (cd "$CALLSTREAM_ROOT" && mvn -B -DskipTests install && mvn -B -pl deploy dependency:build-classpath \
          -Dmdep.outputFile="$cp_file" -DincludeScope=runtime && mvn -B -pl connect dependency:build-classpath \
          -Dmdep.outputFile="$connect_cp_file" -DincludeScope=compile) > "$log" 2>&1; then
      tail -40 "$log" >&2
      echo "callstream: the build failed; see $log" >&2
      exit 1
    fi
    touch "$stamp"
  fi
  CALLSTREAM_CP="$target/classes:$(cat "$cp_file")"
  CALLSTREAM_CONNECT_CP="$CALLSTREAM_ROOT/connect/target/classes:$(cat "$connect_cp_file")"
}
