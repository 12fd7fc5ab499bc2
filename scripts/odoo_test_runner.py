"""Run Odoo's own server command and report its test results.

Usage: python odoo_test_runner.py <odoo-src> <odoo server arguments...>

Odoo keeps the results of every test it runs (at install and post install) in the
registry's assertion report. This wrapper runs the server command unchanged, reads that
report once the run is over, and prints one closing line ``N passed, N failed`` (with
``, N skipped`` when some were skipped). The exit status is non-zero when Odoo failed, a
test failed or errored, or no test ran at all.
"""

import sys


def main():
    odoo_src, args = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, odoo_src)
    import odoo.cli  # noqa: PLC0415
    from odoo.service import server  # noqa: PLC0415

    reports = []
    original_preload = server.preload_registries

    def preload_registries(dbnames):
        rc = original_preload(dbnames)
        from odoo.modules.registry import Registry  # noqa: PLC0415

        for dbname in dbnames:
            if dbname in Registry.registries:
                report = Registry.registries[dbname]._assertion_report
                if report is not None:
                    reports.append(report)
        return rc

    server.preload_registries = preload_registries
    sys.argv = [sys.argv[0], *args]
    rc = 0
    try:
        odoo.cli.main()
    except SystemExit as exc:
        rc = exc.code if isinstance(exc.code, int) else (1 if exc.code else 0)

    run = sum(r.testsRun for r in reports)
    failed = sum(r.failures_count + r.errors_count for r in reports)
    skipped = sum(r.skipped for r in reports)
    passed = run - failed - skipped
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    sys.stdout.flush()
    print(line, flush=True)
    if not reports:
        print("Odoo did not run the test suite (see the log above).", file=sys.stderr)
        return rc or 1
    if run == 0:
        return rc or 1
    return rc or (1 if failed else 0)


if __name__ == "__main__":
    sys.exit(main())
