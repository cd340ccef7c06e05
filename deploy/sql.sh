#!/usr/bin/env bash
# Runs one SQL query against the warehouse database the JDBC sinks write to (PostgreSQL), e.g.
#   deploy/sql.sh "SELECT outcome, count(*) FROM call_summaries GROUP BY 1"
# Needs a psql client (Debian: apt-get install postgresql-client). The database is
# $CALLSTREAM_WAREHOUSE_URL (default postgresql://postgres@127.0.0.1:5432/postgres); see docs/warehouse.md.
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: deploy/sql.sh \"<query>\"" >&2
  exit 2
fi
command -v psql >/dev/null || { echo "callstream: psql is needed (apt-get install postgresql-client)" >&2; exit 1; }
exec psql "${CALLSTREAM_WAREHOUSE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}" \
  --no-psqlrc --set ON_ERROR_STOP=1 --command "$1"
