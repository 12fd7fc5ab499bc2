"""Shared helpers for the benchmarks in this folder.

Run a benchmark with the project's virtualenv, e.g. ``make bench`` or
``.venv/bin/python bench/escalation.py``. Each benchmark creates its own throw-away
database (``BENCH_DB``, default ``meetings_bench``) with the addon installed, without demo
data, and drops it afterwards unless ``KEEP_BENCH_DB=1``.
"""

import contextlib
import os
import subprocess
import sys
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ODOO_SRC = os.environ.get("ODOO_SRC", "/opt/odoo")
DB_ARGS = [
    f"--db_host={os.environ.get('PGHOST_ODOO', 'localhost')}",
    f"--db_port={os.environ.get('PGPORT_ODOO', '5432')}",
    f"--db_user={os.environ.get('PGROLE', 'odoo')}",
    f"--db_password={os.environ.get('PGPASSWORD_ODOO', 'odoo')}",
]
ADDONS_PATH = f"--addons-path={ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons,{REPO_ROOT}"
sys.path.insert(0, ODOO_SRC)


def odoo_cmd(*args):
    return [sys.executable, os.path.join(ODOO_SRC, "odoo-bin"), ADDONS_PATH, *DB_ARGS, *args]


def drop_db(dbname):
    env = dict(os.environ, PGPASSWORD=os.environ.get("PGPASSWORD_ODOO", "odoo"))
    subprocess.run(
        [
            "dropdb",
            "-h",
            os.environ.get("PGHOST_ODOO", "localhost"),
            "-p",
            os.environ.get("PGPORT_ODOO", "5432"),
            "-U",
            os.environ.get("PGROLE", "odoo"),
            "--if-exists",
            "--force",
            dbname,
        ],
        check=False,
        env=env,
    )


def create_db(dbname, modules="meeting_management"):
    """A fresh database with ``modules`` installed (no demo data)."""
    drop_db(dbname)
    subprocess.run(
        odoo_cmd(
            "-d",
            dbname,
            "-i",
            modules,
            "--stop-after-init",
            "--log-level=warn",
            "--max-cron-threads=0",
        ),
        check=True,
    )


@contextlib.contextmanager
def odoo_env(dbname):
    """An environment (superuser) on ``dbname``; the cursor commits on success."""
    import odoo  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config._parse_config([ADDONS_PATH, *DB_ARGS, "-d", dbname, "--log-level=warn"])
    registry = Registry(dbname)
    with registry.cursor() as cr:
        yield odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})


class Measure:
    """Wall time and SQL queries of a block: ``with Measure() as m: ...``."""

    def __enter__(self):
        from odoo import sql_db  # noqa: PLC0415

        self._sql_db = sql_db
        self.queries_start = sql_db.sql_counter
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
        self.queries = self._sql_db.sql_counter - self.queries_start
        return False
