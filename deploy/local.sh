#!/usr/bin/env bash
# The whole local stack in one command: a real Apache Kafka broker (KRaft), a real schema registry
# (Apicurio), ingest, processor and callbacks, all on 127.0.0.1, data under $CALLSTREAM_DATA_DIR
# (default ./.callstream-data), run from the distribution (bin/callstream-local-stack), which is built
# first when needed. Ctrl-C or SIGTERM stops everything within 10 s; if this process is killed (even
# with SIGKILL), the services and the registry exit on their own.
# --warehouse: also PostgreSQL and a Kafka Connect worker with the JDBC sinks of deploy/connect/ (docs/warehouse.md).
# Ports and everything else: CALLSTREAM_* environment variables, see docs/deploy.md.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
callstream_build_if_needed
export CALLSTREAM_CONNECT_CLASSPATH="${CALLSTREAM_CONNECT_CLASSPATH:-$CALLSTREAM_CONNECT_CP}"
export CALLSTREAM_CONNECT_CONNECTORS_DIR="${CALLSTREAM_CONNECT_CONNECTORS_DIR:-$CALLSTREAM_ROOT/deploy/connect}"
exec "$CALLSTREAM_DIST/bin/callstream-local-stack" "$@"
