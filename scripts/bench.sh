#!/usr/bin/env bash
# make bench: run every benchmark in bench/ (each prints its own figures).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap
export ODOO_SRC PGROLE PGPASSWORD_ODOO PGHOST_ODOO PGPORT_ODOO
status=0
for bench in "$REPO_ROOT"/bench/[a-z]*.py; do
    log "$(basename "$bench")"
    "$VENV/bin/python" "$bench" || status=1
done
exit "$status"
