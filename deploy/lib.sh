#!/usr/bin/env bash
# Shared by local.sh, generate.sh and tail.sh (sourced, not run): builds the project when the
# jars are missing or older than the sources, then sets CALLSTREAM_CP to the deploy module's
# runtime classpath.
set -euo pipefail

CALLSTREAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CALLSTREAM_JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

callstream_build_if_needed() {
  local target="$CALLSTREAM_ROOT/deploy/target"
  local cp_file="$target/runtime-classpath.txt"
  local stamp="$target/.callstream-built"
  local stale=""
  if [[ ! -f "$cp_file" || ! -f "$stamp" || ! -d "$target/classes" ]]; then
    stale="no build yet"
  else
    stale="$(cd "$CALLSTREAM_ROOT" && find . \( -name target -o -name .git -o -name '.callstream-data' \) -prune \
      -o -type f \( -name pom.xml -o -path '*/src/main/*' \) -newer "$stamp" -print -quit)"
  fi
  if [[ -n "$stale" ]]; then
    command -v mvn >/dev/null || { echo "callstream: Maven (mvn) is needed to build; see README" >&2; exit 1; }
    echo "callstream: building ($stale): mvn -B -q -DskipTests install" >&2
    (cd "$CALLSTREAM_ROOT" && mvn -B -q -Dstyle.color=never -DskipTests install)
    (cd "$CALLSTREAM_ROOT" && mvn -B -q -Dstyle.color=never -pl deploy dependency:build-classpath \
      -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime)
    touch "$stamp"
  fi
  CALLSTREAM_CP="$target/classes:$(cat "$cp_file")"
}
