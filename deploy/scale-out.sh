#!/usr/bin/env bash
# The scale-out scenario: 2 ingest and 3 processor JVMs on a 6-partition call-events (broker and
# registry as the local stack's, on free ports), generated traffic to both ingests, a rolling restart
# of the processors and a SIGKILL of one mid-load, then --verify: 0 lost, 0 duplicate summaries or
# alerts. Prints a RESULT line; exit 0 when it holds. deploy/scale-out.sh --help lists the options.
# Logs: .callstream-scale-out/logs/. See docs/OPERATIONS.md#scale-out.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
callstream_build_if_needed
export CALLSTREAM_HEAP_OPTS="${CALLSTREAM_HEAP_OPTS:--Xmx1g}"
exec "$CALLSTREAM_DIST/bin/callstream-run-class" io.callstream.deploy.ScaleOutMain "$@"
