#!/usr/bin/env bash
# make lint: ruff and pylint-odoo, as configured in the repository.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
LINT_VENV="${LINT_VENV:-$REPO_ROOT/.venv-lint}"
if [ ! -x "$LINT_VENV/bin/ruff" ] || [ ! -x "$LINT_VENV/bin/pylint" ]; then
    log "Installing the linters in $LINT_VENV"
    python3 -m venv "$LINT_VENV"
    "$LINT_VENV/bin/pip" install -q -r "$REPO_ROOT/scripts/requirements-lint.txt"
fi
cd "$REPO_ROOT"
log "ruff"
"$LINT_VENV/bin/ruff" check .
"$LINT_VENV/bin/ruff" format --check .
log "pylint-odoo"
"$LINT_VENV/bin/pylint" --rcfile=.pylintrc meeting_management meeting_management_account meeting_management_hr_expense meeting_management_purchase meeting_management_purchase_requisition meeting_management_purchase_stock
log "lint clean"
