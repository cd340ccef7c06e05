#!/usr/bin/env bash
# Runs the benchmark suite (a few minutes; the cost-growth phases records-scale, scaling, alert-commit much longer) and writes markdown tables for docs/BENCHMARKS.md.
#   bench/run.sh                 full run  → bench/target/BENCHMARKS.generated.md
#   bench/run.sh --quick         smoke run (short steps; numbers not comparable)
#   bench/run.sh --phases e2e    only some phases (ingest, processor, e2e, records, jmh: the default run;
#                                the cost-growth phases inflight, records-scale, scaling, alert-commit only when named)
#   bench/run.sh --record-counts 100000,1000000   stored-record counts of the records-scale phase (default 100k,1M,10M)
#   bench/run.sh --connections 64,256   HTTP connection counts of the ingest phase (the default)
#   bench/run.sh --bodies v1,v4  callback generations the ingest phase posts, each measured (the default)
#   bench/run.sh --e2e-rate 2000 fixed webhooks/s of the e2e phase (default: half of the pipeline's sustainable max, searched in the run)
#   bench/run.sh --processor-kafka "default;linger.ms=5" --repeat 2   processor Kafka settings the e2e and alert-commit
#                                phases compare back to back (variants ';'-separated, key=value pairs ','-separated)
#   bench/run.sh --phases alert-commit --commit-intervals 50,100   commit.interval.ms values of alert-commit (default 25,50,100,200)
#   bench/run.sh --keep-work     keep the work folder (broker data, state, every JVM's log), deleted after a run that succeeded
# The report opens with the issue #19 targets table (measured value and met / not met per target).
# Plots (SVG) are written beside the markdown.
# Needs only Java and Maven; the broker, registry and services run as local JVMs on loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -DskipTests install
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="bench/target/classes:$(cat bench/target/classpath.txt)"
OUT="bench/target/BENCHMARKS.generated.md"
exec java -Xmx1g -cp "$CP" -Dcallstream.log.level=warn \
  io.callstream.bench.BenchSuite "$OUT" "$@"
