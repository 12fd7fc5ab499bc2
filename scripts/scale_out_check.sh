#!/usr/bin/env bash
# make scale-out: two Odoo servers on one database, checked for exactly-once (bench/scale_out.py).
# CI runs it small (BENCH_SCANS=200); without BENCH_SCANS it scans 2,000 codes per phase.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap
export ODOO_SRC PGROLE PGPASSWORD_ODOO PGHOST_ODOO PGPORT_ODOO
cd "$REPO_ROOT/bench"
exec "$VENV/bin/python" scale_out.py
