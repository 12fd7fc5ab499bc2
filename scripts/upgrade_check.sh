#!/usr/bin/env bash
# Check that upgrading from an earlier commit keeps the data:
#   bash scripts/upgrade_check.sh [BASE_REF]   (default: the previous commit, HEAD~1)
# Installs the addon with demo data from BASE_REF in a throw-away database, counts the
# meetings, steps, attendees, answers, tasks, incidents and agenda items, upgrades to the
# work tree (-u meeting_management), counts again and lists XML ids left without a record.
# Exits non-zero when a count changed or an XML id is orphaned.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap
BASE_REF="${1:-HEAD~1}"
DB="${UPGRADE_DB:-meetings_upgrade}"
OLD_TREE="$(mktemp -d)"
git -C "$REPO_ROOT" worktree add -q --detach "$OLD_TREE" "$BASE_REF"
cleanup() {
    git -C "$REPO_ROOT" worktree remove --force "$OLD_TREE" || true
    PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" \
        --if-exists --force "$DB" || true
}
trap cleanup EXIT
PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" \
    --if-exists --force "$DB"
run() {
    local path="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$1"; shift
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" --addons-path="$path" \
        --db_host="$PGHOST_ODOO" --db_port="$PGPORT_ODOO" \
        --db_user="$PGROLE" --db_password="$PGPASSWORD_ODOO" -d "$DB" \
        --stop-after-init --log-level=warn --max-cron-threads=0 --http-port="${UPGRADE_PORT:-8199}" "$@"
}
q() {
    PGPASSWORD="$PGPASSWORD_ODOO" psql -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" -d "$DB" -qtAc "$1"
}
COUNTS="SELECT (SELECT count(*) FROM meeting_meeting) || ' meetings, ' ||
 (SELECT count(*) FROM meeting_approval) || ' steps, ' ||
 (SELECT count(*) FROM meeting_attendee) || ' attendees (' ||
 (SELECT count(*) FROM meeting_attendee WHERE is_checked_in) || ' checked in), ' ||
 (SELECT count(*) FROM meeting_feedback) || ' answers, ' ||
 (SELECT count(*) FROM meeting_task) || ' tasks, ' ||
 (SELECT count(*) FROM meeting_incident) || ' incidents, ' ||
 (SELECT count(*) FROM meeting_agenda_item) || ' agenda items; states ' ||
 (SELECT string_agg(state || ':' || n, ',' ORDER BY state)
    FROM (SELECT state, count(*) n FROM meeting_meeting GROUP BY state) s)"
log "Installing $BASE_REF with demo data"
run "$OLD_TREE" -i meeting_management --with-demo
before="$(q "$COUNTS")"
log "Upgrading to the work tree"
run "$REPO_ROOT" -u meeting_management
after="$(q "$COUNTS")"
orphans=0
for table in $(q "SELECT DISTINCT replace(model, '.', '_') FROM ir_model_data
                  WHERE module = 'meeting_management' AND model LIKE 'meeting.%'"); do
    n="$(q "SELECT count(*) FROM ir_model_data d WHERE d.module = 'meeting_management'
            AND replace(d.model, '.', '_') = '$table'
            AND NOT EXISTS (SELECT 1 FROM $table r WHERE r.id = d.res_id)")"
    orphans=$((orphans + n))
done
echo "before:  $before"
echo "after:   $after"
echo "orphaned XML ids: $orphans"
[ "$before" = "$after" ] && [ "$orphans" = 0 ]
