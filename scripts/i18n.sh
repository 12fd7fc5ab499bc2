#!/usr/bin/env bash
# make i18n: for every addon of the repository, regenerate <addon>/i18n/<addon>.pot from the code
# and merge it into the addon's .po files (existing translations are kept; new terms come empty,
# obsolete ones are dropped; a missing zh_CN.po is created). Translate the empty entries of each
# zh_CN.po afterwards: tests/test_i18n.py fails while a term has no zh_CN translation.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bootstrap
I18N_DB="${I18N_DB:-meetings_i18n}"
ADDONS="$(cd "$REPO_ROOT" && for m in */__manifest__.py; do dirname "$m"; done | paste -sd, -)"
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
log "Installing $ADDONS in $I18N_DB"
odoo_bin -d "$I18N_DB" -i "$ADDONS" --stop-after-init --log-level=warn --max-cron-threads=0
for addon in ${ADDONS//,/ }; do
    dir="$REPO_ROOT/$addon/i18n"
    mkdir -p "$dir"
    log "Exporting the template of $addon"
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$conf" -d "$I18N_DB" "$addon"
    [ -e "$dir/zh_CN.po" ] || msginit --no-translator --no-wrap -l zh_CN.UTF-8 \
        -i "$dir/$addon.pot" -o "$dir/zh_CN.po"
    for po in "$dir"/*.po; do
        log "Merging into $addon/i18n/$(basename "$po")"
        msgmerge --quiet --no-fuzzy-matching --no-wrap --update --backup=none "$po" "$dir/$addon.pot"
        msgattrib --no-obsolete --no-wrap -o "$po" "$po"
    done
    untranslated="$(msgattrib --untranslated --no-obsolete "$dir/zh_CN.po" | grep -c '^msgid ' || true)"
    log "$addon/i18n/zh_CN.po: $((untranslated > 0 ? untranslated - 1 : 0)) untranslated terms"
done
PGPASSWORD="$PGPASSWORD_ODOO" dropdb -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" --if-exists --force "$I18N_DB"
rm -f "$conf"
