#!/usr/bin/env bash
# make test: bootstrap, then a fresh throw-away database with the addon installed by
# Odoo's own runner with --test-enable (at-install and post-install tests, browser tours
# in headless Chromium). Ends with "N passed, N failed[, N skipped]".
# TEST_TAGS narrows the run (Odoo --test-tags syntax), e.g. TEST_TAGS=/meeting_management:TestSmoke
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap

TEST_TAGS="${TEST_TAGS:-/meeting_management}"
ODOO_TEST_PORT="${ODOO_TEST_PORT:-$ODOO_PORT}"
LOG_LEVEL="${LOG_LEVEL:-test}"

if db_exists "$ODOO_TEST_DB"; then
    log "Dropping the previous test database $ODOO_TEST_DB"
    PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" \
        --if-exists --force "$ODOO_TEST_DB"
fi
# Odoo's browser tests look for Chromium under these names.
export PATH="$PATH:/usr/lib/chromium"

log "Installing meeting_management in $ODOO_TEST_DB with tests ($TEST_TAGS)"
set +e
"$VENV/bin/python" "$REPO_ROOT/scripts/odoo_test_runner.py" "$ODOO_SRC" \
    --addons-path="$ADDONS_PATH" \
    --db_host="$PGHOST_ODOO" --db_port="$PGPORT_ODOO" \
    --db_user="$PGROLE" --db_password="$PGPASSWORD_ODOO" \
    -d "$ODOO_TEST_DB" -i meeting_management --with-demo \
    --test-enable --test-tags "$TEST_TAGS" \
    --http-port="$ODOO_TEST_PORT" --stop-after-init \
    --log-level="$LOG_LEVEL" --max-cron-threads=0 --workers=0
rc=$?
set -e
if [ "${KEEP_TEST_DB:-0}" != 1 ]; then
    PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" \
        --if-exists --force "$ODOO_TEST_DB" || true
fi
exit "$rc"
