"""Quarterly supplier ranking benchmark (meeting_management_purchase).

500 vendors, 5,000 held meetings and 50,000 vendor evaluations over 8 quarters (2029-2030):
seconds and SQL queries to read the ranking of one quarter (every vendor and category, ranked),
the pivot by quarter and category, and the weekly flagging of vendors below the threshold two
quarters in a row. Measured first with 5,000 evaluations, then with 50,000, to show the number
of queries does not depend on the number of evaluations.

The evaluations are inserted directly (what the executor's evaluation leaves behind, score
included); the ranking is a database view read with one query.

    VENV=... BENCH_DB=mb_purchase .venv/bin/python bench/supplier_ranking.py
"""

import os
import random
from datetime import date, datetime, timedelta

from _common import Measure, create_db, drop_db, odoo_env
from freezegun import freeze_time

DB = os.environ.get("BENCH_DB", "meetings_bench")
CATEGORIES = ("venue", "materials", "catering", "travel", "other")
QUARTERS = [
    date(2029, 1, 1),
    date(2029, 4, 1),
    date(2029, 7, 1),
    date(2029, 10, 1),
    date(2030, 1, 1),
    date(2030, 4, 1),
    date(2030, 7, 1),
    date(2030, 10, 1),
]


def make_vendors(env, count):
    return env["res.partner"].create(
        [{"name": f"Vendor {i}", "is_company": True, "supplier_rank": 1} for i in range(count)]
    )


def make_meetings(env, count):
    start = datetime(2029, 1, 10, 1, 0)
    user = env.ref("base.user_admin")
    meetings = env["meeting.meeting"].create(
        [
            {
                "name": f"Meeting {i}",
                "type_id": env.ref("meeting_management.meeting_type_client").id,
                "date_start": start + timedelta(hours=i * 3),
                "date_end": start + timedelta(hours=i * 3 + 2),
                "venue": "Hall",
                "initiator_id": user.id,
                "executor_id": user.id,
            }
            for i in range(count)
        ]
    )
    env.cr.execute("UPDATE meeting_meeting SET state = 'review' WHERE id = ANY(%s)", [meetings.ids])
    return meetings


def add_evaluations(env, meetings, vendors, count, seed):
    """``count`` evaluations, one per (meeting, vendor), spread over the 8 quarters; a tenth
    of the vendors score low (each KPI at the score, so the weighted score is the score)."""
    rnd = random.Random(seed)
    weak = set(vendors.ids[: len(vendors) // 10])
    env.cr.execute("SELECT meeting_id, partner_id FROM meeting_vendor_evaluation")
    used = set(env.cr.fetchall())
    rows = []
    while len(rows) < count:
        meeting = rnd.choice(meetings.ids)
        vendor = rnd.choice(vendors.ids)
        if (meeting, vendor) in used:
            continue
        used.add((meeting, vendor))
        quarter = rnd.choice(QUARTERS)
        score = rnd.uniform(20, 55) if vendor in weak else rnd.uniform(50, 100)
        rows.append(
            (
                meeting,
                vendor,
                quarter + timedelta(days=rnd.randrange(88)),
                rnd.choice(CATEGORIES),
                round(score, 2),
            )
        )
    uid = env.uid
    company = env.company.id
    for start in range(0, len(rows), 5000):
        env.cr.execute(
            """
            INSERT INTO meeting_vendor_evaluation
                (meeting_id, partner_id, date, budget_category, score, response_kpi,
                 delivery_kpi, satisfaction_kpi, incident_kpi, company_id, evaluator_id,
                 response_speed, service_satisfaction, incident_count, delivery_on_time_rate,
                 delivery_measured, create_uid, write_uid, create_date, write_date)
            SELECT v.m, v.p, v.d, v.c, v.s, v.s, v.s, v.s, v.s, %s, %s, '3', '3', 0, 0, false,
                   %s, %s, now(), now()
              FROM unnest(%s::int[], %s::int[], %s::date[], %s::varchar[], %s::float[])
                   AS v(m, p, d, c, s)
            """,
            [company, uid, uid, uid, *map(list, zip(*rows[start : start + 5000]))],
        )
    env.invalidate_all()


def measure(label, func, env):
    with Measure() as m:
        result = func()
        env.flush_all()
    print(f"{label}: {m.seconds * 1000:.1f} ms, {m.queries} queries")
    return result


def run(env, n):
    env.invalidate_all()
    Ranking = env["meeting.vendor.ranking"]
    rows = measure(
        f"{n} evaluations: ranking of 2030-Q2 (all vendors and categories)",
        lambda: Ranking.search_read(
            [("quarter", "=", "2030-Q2")],
            [
                "partner_id",
                "budget_category",
                "score",
                "rank",
                "response_kpi",
                "delivery_kpi",
                "satisfaction_kpi",
                "incident_kpi",
                "flagged",
            ],
        ),
        env,
    )
    print(f"  {len(rows)} ranked rows")
    env.invalidate_all()
    measure(
        f"{n} evaluations: pivot by quarter and category",
        lambda: Ranking.formatted_read_group(
            [], ["quarter_start:quarter", "budget_category"], ["score:avg"]
        ),
        env,
    )
    env.invalidate_all()
    env.cr.execute("UPDATE res_partner SET meeting_replacement_flag = false")
    env.cr.execute("DELETE FROM mail_activity WHERE res_model = 'res.partner'")
    env.invalidate_all()
    Evaluation = env["meeting.vendor.evaluation"]
    with freeze_time("2030-10-05", tick=True):
        measure(
            f"{n} evaluations: weekly flagging (2030-Q2, Q3)",
            Evaluation._cron_flag_low_vendors,
            env,
        )
    env.cr.execute("SELECT count(*) FROM res_partner WHERE meeting_replacement_flag")
    print(f"  {env.cr.fetchone()[0]} vendors flagged")


def main():
    create_db(DB, "meeting_management_purchase")
    try:
        with odoo_env(DB) as env:
            vendors = make_vendors(env, 500)
            meetings = make_meetings(env, 5000)
            add_evaluations(env, meetings, vendors, 5000, 1)
            env.cr.commit()
            run(env, "5,000")
            add_evaluations(env, meetings, vendors, 45000, 2)
            env.cr.commit()
            run(env, "50,000")
            env.cr.rollback()
    finally:
        if not os.environ.get("KEEP_BENCH_DB"):
            drop_db(DB)


if __name__ == "__main__":
    main()
