#!/usr/bin/env bash
# make test: bootstrap, then two throw-away databases with every addon of the repository
# installed by Odoo's own runner with --test-enable (at-install and post-install tests,
# browser tours in headless Chromium): one with demo data (the suite), one without (the
# end-to-end test of a fresh install, tagged meeting_nodemo). Ends with the summed line
# "N passed, N failed[, N skipped]".
# TEST_TAGS narrows the first run (Odoo --test-tags syntax) and skips the second, e.g.
# TEST_TAGS=/meeting_management:TestSmoke; ONLY_NODEMO=1 runs only the second.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# A narrowed run (TEST_TAGS set) skips the no-demo phase unless NODEMO_TAGS is set too.
if [ -n "${TEST_TAGS:-}" ] && [ -z "${NODEMO_TAGS:-}" ]; then TEST_TAGS_SET_BY_USER=1; fi
bootstrap

# Every addon of the repository (each folder with a manifest).
ADDONS="$(cd "$REPO_ROOT" && for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)"
[ -n "$ADDONS" ] || die "no addon found in $REPO_ROOT"
DEFAULT_TAGS="$(echo "$ADDONS" | tr ',' '\n' | sed 's#^#/#' | paste -sd, -)"
TEST_TAGS="${TEST_TAGS:-$DEFAULT_TAGS}"
# The end-to-end test of a fresh install runs on a second database, installed without demo
# data (tests tagged meeting_nodemo; they are not "standard" and skip the first run).
NODEMO_TAGS="${NODEMO_TAGS:-$(echo "$ADDONS" | tr ',' '\n' | sed 's#^#meeting_nodemo/#' | paste -sd, -)}"
ODOO_TEST_PORT="${ODOO_TEST_PORT:-$ODOO_PORT}"
LOG_LEVEL="${LOG_LEVEL:-test}"
# Odoo's browser tests look for Chromium under these names.
export PATH="$PATH:/usr/lib/chromium"

drop_db() {
    PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" \
        --if-exists --force "$1" || true
}

# run_phase <database> <test tags> [extra odoo options...]: prints the runner's output and
# leaves its closing line "N passed, N failed[, N skipped]" in $PHASE_LINE.
run_phase() {
    local db="$1" tags="$2"; shift 2
    if db_exists "$db"; then
        log "Dropping the previous test database $db"
        drop_db "$db"
    fi
    log "Installing $ADDONS in $db with tests ($tags) $*"
    local out; out="$(mktemp)"
    set +e
    "$VENV/bin/python" "$REPO_ROOT/scripts/odoo_test_runner.py" "$ODOO_SRC" \
        --addons-path="$ADDONS_PATH" \
        --db_host="$PGHOST_ODOO" --db_port="$PGPORT_ODOO" \
        --db_user="$PGROLE" --db_password="$PGPASSWORD_ODOO" \
        -d "$db" -i "$ADDONS" "$@" \
        --test-enable --test-tags "$tags" \
        --http-port="$ODOO_TEST_PORT" --stop-after-init \
        --log-level="$LOG_LEVEL" --max-cron-threads=0 --workers=0 2>&1 | tee "$out"
    PHASE_RC="${PIPESTATUS[0]}"
    set -e
    PHASE_LINE="$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -n1)"
    rm -f "$out"
    if [ "${KEEP_TEST_DB:-0}" != 1 ]; then drop_db "$db"; fi
}

counts() { # "N passed, N failed[, N skipped]" -> "N N N"
    local p f s
    p="$(sed -nE 's/^([0-9]+) passed.*/\1/p' <<<"$1")"
    f="$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$1")"
    s="$(sed -nE 's/.* ([0-9]+) skipped.*/\1/p' <<<"$1")"
    echo "${p:-0} ${f:-0} ${s:-0}"
}

rc=0
p1=0; f1=0; s1=0; demo_rc=0; demo_line="skipped"
if [ "${ONLY_NODEMO:-0}" != 1 ]; then
    run_phase "$ODOO_TEST_DB" "$TEST_TAGS" --with-demo
    demo_rc="$PHASE_RC"; demo_line="${PHASE_LINE:-0 passed, 1 failed}"
    read -r p1 f1 s1 <<<"$(counts "$demo_line")"
fi
p2=0; f2=0; s2=0; nodemo_line="skipped"
if [ "${SKIP_NODEMO:-0}" != 1 ] && [ -z "${TEST_TAGS_SET_BY_USER:-}" ]; then
    run_phase "${ODOO_TEST_DB}_nodemo" "$NODEMO_TAGS"
    nodemo_rc="$PHASE_RC"; nodemo_line="${PHASE_LINE:-0 passed, 1 failed}"
    read -r p2 f2 s2 <<<"$(counts "$nodemo_line")"
    [ "$nodemo_rc" = 0 ] || rc=1
fi
[ "$demo_rc" = 0 ] || rc=1
log "with demo data: $demo_line; fresh install without demo data: $nodemo_line"
total="$((p1 + p2)) passed, $((f1 + f2)) failed"
if [ "$((s1 + s2))" != 0 ]; then total="$total, $((s1 + s2)) skipped"; fi
echo "$total"
exit "$rc"
