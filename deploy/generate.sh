#!/usr/bin/env bash
# Realistic TUICallKit webhook traffic against an ingest, with --verify of the pipeline's output.
# deploy/generate.sh --help lists the options.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
callstream_build_if_needed
exec "$CALLSTREAM_DIST/bin/callstream-generate" "$@"
