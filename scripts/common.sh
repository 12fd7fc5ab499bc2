#!/usr/bin/env bash
# Shared settings and bootstrap steps for the project's scripts.
# Every value can be overridden from the environment.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ODOO_SRC="${ODOO_SRC:-/opt/odoo}"
ODOO_PORT="${ODOO_PORT:-8069}"
ODOO_DB="${ODOO_DB:-meetings_demo}"
ODOO_TEST_DB="${ODOO_TEST_DB:-meetings_test}"
VENV="${VENV:-$REPO_ROOT/.venv}"
PGROLE="${PGROLE:-odoo}"
PGPASSWORD_ODOO="${PGPASSWORD_ODOO:-odoo}"
PGHOST_ODOO="${PGHOST_ODOO:-localhost}"
PGPORT_ODOO="${PGPORT_ODOO:-5432}"
ODOO_ARCHIVE_URL="${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz}"
ADDONS_PATH="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$REPO_ROOT"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        die "need root (or sudo) to run: $*"; fi
}

ensure_odoo() {
    if [ -f "$ODOO_SRC/odoo-bin" ]; then return 0; fi
    log "No Odoo at $ODOO_SRC; trying the official Odoo 19.0 source archive"
    local tmp; tmp="$(mktemp -d)"
    if curl -fsSL --max-time 300 "$ODOO_ARCHIVE_URL" -o "$tmp/odoo.tar.gz" 2>/dev/null \
        && mkdir -p "$ODOO_SRC" 2>/dev/null \
        && tar -xzf "$tmp/odoo.tar.gz" -C "$ODOO_SRC" --strip-components=1 2>/dev/null \
        && [ -f "$ODOO_SRC/odoo-bin" ]; then
        rm -rf "$tmp"; return 0
    fi
    rm -rf "$tmp"
    cat >&2 <<MSG
ERROR: Odoo 19.0 source not found at ODOO_SRC=$ODOO_SRC (no odoo-bin there),
and the official archive could not be downloaded ($ODOO_ARCHIVE_URL).

Provide Odoo 19.0 Community, then run the command again, in one of these ways:
  * git clone --depth 1 --branch 19.0 https://github.com/odoo/odoo.git /opt/odoo
  * unpack an Odoo 19.0 source archive so that /opt/odoo/odoo-bin exists
  * point to an existing tree:  ODOO_SRC=/path/to/odoo make test
MSG
    exit 1
}

ensure_debs() {
    local missing=()
    command -v pg_ctlcluster >/dev/null || missing+=(postgresql)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    command -v chromium >/dev/null || missing+=(chromium)
    dpkg -s libpq-dev >/dev/null 2>&1 || missing+=(libpq-dev)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
    if [ "${#missing[@]}" -gt 0 ]; then
        log "Installing Debian packages: ${missing[*]}"
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

ensure_postgres() {
    if ! as_root pg_lsclusters -h 2>/dev/null | grep -q online; then
        log "Starting PostgreSQL"
        local cluster
        cluster="$(as_root pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')"
        [ -n "$cluster" ] || die "no PostgreSQL cluster found (pg_lsclusters is empty)"
        # shellcheck disable=SC2086
        as_root pg_ctlcluster $cluster start
    fi
    for _ in $(seq 1 30); do
        as_root su postgres -c "psql -qtAc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    if ! as_root su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='$PGROLE'\"" | grep -q 1; then
        log "Creating PostgreSQL role $PGROLE"
        as_root su postgres -c "psql -qc \"create role \\\"$PGROLE\\\" login createdb password '$PGPASSWORD_ODOO'\""
    fi
}

ensure_venv() {
    local stamp="$VENV/.requirements.sha"
    local want
    want="$(cat "$ODOO_SRC/requirements.txt" "$REPO_ROOT/scripts/requirements-extra.txt" | sha1sum | cut -d' ' -f1)"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
    log "Preparing the Python environment in $VENV"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    local req; req="$(mktemp)"
    # Odoo pins that do not build on this Python: cbor2 5.4.2 has no wheel for 3.11
    # and fails to build; python-ldap needs OpenLDAP headers and only serves auth_ldap.
    sed -e 's/^cbor2==5\.4\.2.*/cbor2==5.6.5/' -e '/^python-ldap/d' "$ODOO_SRC/requirements.txt" >"$req"
    "$VENV/bin/pip" install -q --upgrade pip wheel "setuptools<81"
    "$VENV/bin/pip" install -q -r "$req" -r "$REPO_ROOT/scripts/requirements-extra.txt"
    rm -f "$req"
    echo "$want" >"$stamp"
}

bootstrap() {
    ensure_odoo
    ensure_debs
    ensure_postgres
    ensure_venv
}

odoo_bin() {
    "$VENV/bin/python" "$ODOO_SRC/odoo-bin" \
        --addons-path="$ADDONS_PATH" \
        --db_host="$PGHOST_ODOO" --db_port="$PGPORT_ODOO" \
        --db_user="$PGROLE" --db_password="$PGPASSWORD_ODOO" \
        "$@"
}

db_exists() {
    PGPASSWORD="$PGPASSWORD_ODOO" psql -h "$PGHOST_ODOO" -p "$PGPORT_ODOO" -U "$PGROLE" -d postgres -qtAc \
        "select 1 from pg_database where datname='$1'" | grep -q 1
}
