"""Budget actuals benchmark (meeting_management_account).

One meeting with 20,000 posted analytic lines (and one with 2,000, to show the number of
queries does not grow with the lines), and a company with 1,000 open meetings: seconds and SQL
queries to refresh one meeting's actuals (first refresh, which writes the figures, and the
next, which finds them unchanged) and to run the daily refresh of every open meeting.

Analytic lines are written directly (they are what a posted bill leaves behind); the refresh
reads them with grouped reads, so neither the bill nor its move lines matter here.

    VENV=... BENCH_DB=mb_finance .venv/bin/python bench/budget_actuals.py
"""

import os
import random
from datetime import date, datetime, timedelta

from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench")
CATEGORIES = ("venue", "materials", "catering", "travel", "other")


def products(env):
    return [
        env["product.product"].create({"name": f"Bench {cat}", "meeting_budget_category": cat})
        for cat in CATEGORIES
    ]


def make_meetings(env, count, prefix):
    start = datetime(2030, 3, 20, 1, 0)
    user = env.ref("base.user_admin")
    meetings = env["meeting.meeting"].create(
        [
            {
                "name": f"{prefix} {i}",
                "type_id": env.ref("meeting_management.meeting_type_client").id,
                "date_start": start,
                "date_end": start + timedelta(hours=9),
                "venue": "Hall",
                "initiator_id": user.id,
                "executor_id": user.id,
                "budget_line_ids": [
                    (0, 0, {"category": cat, "amount_planned": 10000}) for cat in CATEGORIES
                ],
            }
            for i in range(count)
        ]
    )
    meetings._create_analytic_accounts()
    env.cr.execute("UPDATE meeting_meeting SET state = 'review' WHERE id = ANY(%s)", [meetings.ids])
    meetings.invalidate_recordset(["state"])
    return meetings


def add_lines(env, meetings, per_meeting, prods):
    fname = meetings._meeting_plan_column()
    rnd = random.Random(per_meeting)
    company = env.company
    env["account.analytic.line"].create(
        [
            {
                "name": "cost",
                fname: meeting.analytic_account_id.id,
                "amount": -round(rnd.uniform(1, 100), 2),
                "date": date(2030, 1, 1) + timedelta(days=rnd.randrange(365)),
                "product_id": rnd.choice(prods).id,
                "company_id": company.id,
            }
            for meeting in meetings
            for _i in range(per_meeting)
        ]
    )
    env.flush_all()


def measure(label, func, env):
    """Time and queries of ``func``, including the flush of what it wrote."""
    with Measure() as m:
        func()
        env.flush_all()
    print(f"{label}: {m.seconds * 1000:.1f} ms, {m.queries} queries")
    return m


def main():
    create_db(DB, "meeting_management_account")
    try:
        with odoo_env(DB) as env:
            prods = products(env)
            big, small = make_meetings(env, 2, "Summit")
            add_lines(env, big, 20000, prods)
            add_lines(env, small, 2000, prods)
            many = make_meetings(env, 1000, "Meeting")
            add_lines(env, many, 5, prods)
            env.cr.commit()
            env.invalidate_all()
            for meeting, n in ((big, 20000), (small, 2000)):
                measure(
                    f"one meeting, {n} lines, first refresh", meeting._refresh_budget_actuals, env
                )
                env.invalidate_all()
                measure(
                    f"one meeting, {n} lines, next refresh", meeting._refresh_budget_actuals, env
                )
                env.invalidate_all()
            print(f"  actual of the 20,000-line meeting: {big.kpi_budget_actual:.2f}")
            cron = env["meeting.meeting"]._cron_refresh_budget_actuals
            measure("daily refresh, 1,002 open meetings, first", cron, env)
            # The next day: every meeting is due again.
            env.cr.execute("UPDATE meeting_meeting SET budget_refresh_date = NULL")
            env.invalidate_all()
            measure("daily refresh, 1,002 open meetings, next", cron, env)
    finally:
        if not os.environ.get("KEEP_BENCH_DB"):
            drop_db(DB)


if __name__ == "__main__":
    main()
