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
# bench/addons: benchmark-only addons (installed by the benchmark that needs one, never by
# the project's scripts: they are outside the repository's addons path)
ADDONS_PATH = (
    f"--addons-path={ODOO_SRC}/addons,{ODOO_SRC}/odoo/addons,{REPO_ROOT},{REPO_ROOT}/bench/addons"
)
sys.path.insert(0, ODOO_SRC)


def odoo_cmd(*args):
    return [sys.executable, os.path.join(ODOO_SRC, "odoo-bin"), ADDONS_PATH, *DB_ARGS, *args]


def start_server(dbname, port, *options):
    """Serve ``dbname`` on 127.0.0.1:``port`` (extra Odoo ``options``); returns the process
    once the login page answers."""
    import requests  # noqa: PLC0415 - only the benchmarks that serve need it

    cmd = odoo_cmd(
        "-d",
        dbname,
        f"--db-filter=^{dbname}$",
        f"--http-port={port}",
        f"--gevent-port={port + 1}",
        "--http-interface=127.0.0.1",
        "--max-cron-threads=0",
        "--log-level=warn",
        *options,
    )
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for _attempt in range(120):
        time.sleep(0.5)
        try:
            if requests.get(f"http://127.0.0.1:{port}/web/login", timeout=2).status_code == 200:
                return proc
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read()[-2000:]}")
    proc.terminate()
    raise RuntimeError("server did not start")


def web_session(base_url, dbname, login, password):
    """A ``requests`` session signed in as ``login``, as the web client's login does."""
    import requests  # noqa: PLC0415 - only the benchmarks that serve need it

    session = requests.Session()
    response = session.post(
        f"{base_url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": dbname, "login": login, "password": password}},
        timeout=30,
    )
    response.raise_for_status()
    if "error" in response.json():
        raise RuntimeError(response.text[:500])
    return session


def call_kw_response(session, base_url, model, method, args, kwargs=None, timeout=60):
    """POST ``model.method`` to the web client's call_kw route; the HTTP response."""
    return session.post(
        f"{base_url}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "params": {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        },
        timeout=timeout,
    )


def call_kw(session, base_url, model, method, args, kwargs=None, timeout=60):
    """``model.method`` through the web client's call_kw route: its result; an error answer
    is raised (RuntimeError with its message)."""
    answer = call_kw_response(session, base_url, model, method, args, kwargs, timeout).json()
    if "error" in answer:
        raise RuntimeError(answer["error"].get("data", {}).get("message") or str(answer)[:500])
    return answer["result"]


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
