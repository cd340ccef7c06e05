#!/usr/bin/env bash
# Prints a UserSig for the admin APIs of the local stack (callbacks configuration, processor call records; the banner's curl uses it).
# deploy/usersig.sh --help lists the options.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
callstream_build_if_needed
exec "$CALLSTREAM_DIST/bin/callstream-admin" usersig "$@"
