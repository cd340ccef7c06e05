#!/usr/bin/env bash
# Prints call-summaries and missed-call-alerts as JSON lines, decoded through the schema registry.
# deploy/tail.sh --help lists the options.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
callstream_build_if_needed
exec "$CALLSTREAM_DIST/bin/callstream-tail" "$@"
