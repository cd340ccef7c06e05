#!/usr/bin/env bash
# The reliability suite against the real local stack (broker, registry, ingest, processor, callbacks as
# separate processes on 127.0.0.1): HTTP fuzz, admin-API security probes, chaos under load, soak.
#   reliability/run.sh                          full run (~100,000 fuzz requests, every fault; no soak)
#   reliability/run.sh --soak-minutes 30        plus a 30-minute soak
#   reliability/run.sh --fuzz 5000 --faults processor-kill   a few minutes
#   reliability/run.sh --help                   every option
# Writes reliability/target/RELIABILITY.generated.md (the tables of docs/RELIABILITY.md); exit 0 only
# when every figure is within its bound. Needs only Java and Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN_REPO=${MAVEN_REPO_LOCAL:+-Dmaven.repo.local=$MAVEN_REPO_LOCAL}
mvn -B -q $MVN_REPO -DskipTests install
mvn -B -q $MVN_REPO -pl reliability dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=runtime
CP="reliability/target/classes:$(cat reliability/target/classpath.txt)"
rm -rf reliability/target/stack
exec java -Xmx1g -XX:+UseSerialGC -cp "$CP" io.callstream.reliability.ReliabilityMain "$@"
