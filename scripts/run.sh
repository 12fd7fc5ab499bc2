#!/usr/bin/env bash
# make run: bootstrap, create the demo database once, then serve Odoo.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap

# Every addon of the repository (each folder with a manifest): the base and its bridges.
ADDONS="$(cd "$REPO_ROOT" && for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)"
if ! db_exists "$ODOO_DB"; then
    log "Creating the database $ODOO_DB with $ADDONS and their demo data"
    odoo_bin -d "$ODOO_DB" -i "$ADDONS" --with-demo --load-language=zh_CN \
        --stop-after-init --http-port="$ODOO_PORT" --max-cron-threads=0 --log-level=warn
    # The demo administrator signs in with admin / admin.
    PGPASSWORD="$PGPASSWORD_ODOO" psql -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" \
        -d "$ODOO_DB" -qc "update ir_config_parameter set value='http://localhost:$ODOO_PORT' where key='web.base.url'" >/dev/null
fi
log "Serving Odoo on http://localhost:$ODOO_PORT (database $ODOO_DB, admin / admin)"
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" \
    --addons-path="$ADDONS_PATH" \
    --db_host="$PGHOST_ODOO" --db_port="$PGPORT_ODOO" \
    --db_user="$PGROLE" --db_password="$PGPASSWORD_ODOO" \
    -d "$ODOO_DB" --db-filter="^${ODOO_DB}\$" --http-port="$ODOO_PORT" "$@"
