#!/usr/bin/env bash
# make i18n: regenerate meeting_management/i18n/meeting_management.pot from the code and merge
# it into every .po file of the addon (existing translations are kept; new terms come empty,
# obsolete ones are dropped). Translate the empty entries of zh_CN.po afterwards:
# tests/test_i18n.py fails while a term has no zh_CN translation.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap
I18N_DB="${I18N_DB:-meetings_i18n}"
I18N_DIR="$REPO_ROOT/meeting_management/i18n"
conf="$(mktemp)"
cat >"$conf" <<CONF
[options]
addons_path = $ADDONS_PATH
db_host = $PGHOST_ODOO
db_port = $PGPORT_ODOO
db_user = $PGROLE
db_password = $PGPASSWORD_ODOO
CONF
PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" --if-exists --force "$I18N_DB"
log "Installing meeting_management in $I18N_DB"
odoo_bin -d "$I18N_DB" -i meeting_management --stop-after-init --log-level=warn --max-cron-threads=0
log "Exporting the template"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$conf" -d "$I18N_DB" meeting_management
for po in "$I18N_DIR"/*.po; do
    [ -e "$po" ] || continue
    log "Merging into $(basename "$po")"
    msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$po" "$I18N_DIR/meeting_management.pot"
    msgattrib --no-obsolete --no-wrap -o "$po" "$po"
done
[ -e "$I18N_DIR/zh_CN.po" ] || msginit --no-translator --no-wrap -l zh_CN.UTF-8 \
    -i "$I18N_DIR/meeting_management.pot" -o "$I18N_DIR/zh_CN.po"
PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" --if-exists --force "$I18N_DB"
rm -f "$conf"
untranslated="$(msgattrib --untranslated --no-obsolete "$I18N_DIR/zh_CN.po" | grep -c '^msgid ' || true)"
log "zh_CN.po: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated terms"
