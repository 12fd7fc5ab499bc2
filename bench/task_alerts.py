"""Benchmark of the execution-plan alert cron (stage 2).

Creates 1,000 meetings with 10 tasks each (10,000 tasks), then 1,000 more meetings with 50 tasks
each (50,000 tasks); a fifth of the tasks are due (30 h past their deadline, half of them
milestones) and some milestones are within their 24 h warning window. Runs
``meeting.task._cron_send_alerts()`` on each set and prints seconds and SQL queries: the query
count must not grow with the number of tasks.

    BENCH_DB=mb_s2 VENV=.venv .venv/bin/python bench/task_alerts.py

``BENCH_USERS`` (default 20): the people the meetings and tasks are spread over (each meeting's
executor is the next one: ``BENCH_USERS=400`` gives a missed-milestone batch ~400 distinct
people to alert). ``BENCH_SETS`` (default ``10k,50k``): which of the two sets to run.
"""

import os
from datetime import timedelta

from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench")
MEETINGS = 1000
USERS = int(os.environ.get("BENCH_USERS", "20"))
SETS = os.environ.get("BENCH_SETS", "10k,50k").split(",")
CTX = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


def populate(env, label, tasks_per_meeting, users):
    from odoo import fields  # noqa: PLC0415

    now = fields.Datetime.now()
    meeting_type = env.ref("meeting_management.meeting_type_other")
    meetings = (
        env["meeting.meeting"]
        .with_context(**CTX)
        .create(
            [
                {
                    "name": f"{label} meeting {i}",
                    "type_id": meeting_type.id,
                    "date_start": now + timedelta(days=3),
                    "date_end": now + timedelta(days=3, hours=8),
                    "initiator_id": users[i % len(users)].id,
                    "executor_id": users[(i + 1) % len(users)].id,
                    "state": "approved",
                }
                for i in range(MEETINGS)
            ]
        )
    )
    vals_list = []
    due = 0
    for meeting in meetings:
        for i in range(tasks_per_meeting):
            if i % 5 == 0:
                deadline, due = now - timedelta(hours=30), due + 1
            elif i % 10 == 1:
                deadline = now + timedelta(hours=12)
            else:
                deadline = now + timedelta(days=10)
            vals_list.append(
                {
                    "meeting_id": meeting.id,
                    "name": f"Task {i}",
                    "user_id": users[i % len(users)].id,
                    "date_deadline": deadline,
                    "is_milestone": i % 10 in (0, 1),
                }
            )
    Task = env["meeting.task"].with_context(**CTX)
    for start in range(0, len(vals_list), 5000):
        Task.create(vals_list[start : start + 5000])
    env.flush_all()
    env.cr.commit()
    return len(vals_list), due


def main():
    from scale import batch_counter  # noqa: PLC0415

    create_db(DB)
    try:
        with odoo_env(DB) as env:
            users = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {"name": f"Bench User {i}", "login": f"bench{i}", "email": f"b{i}@e.com"}
                        for i in range(USERS)
                    ]
                )
            )
            env.cr.commit()
            results = []
            for label, per_meeting in (("10k", 10), ("50k", 50)):
                if label not in SETS:
                    continue
                total, due = populate(env, label, per_meeting, users)
                env.invalidate_all()
                with Measure() as m, batch_counter(env, "meeting.task", "_progress") as batches:
                    env["meeting.task"]._cron_send_alerts()
                    env.flush_all()
                print(
                    f"{label} batches (tasks, SQL, ms): "
                    + "; ".join(f"{n}, {sql}, {ms:.0f}" for n, sql, ms in batches)
                )
                env.cr.commit()
                with Measure() as again:
                    env["meeting.task"]._cron_send_alerts()
                    env.flush_all()
                mails = env["mail.mail"].search_count([])
                results.append((label, total, due, m, again, mails))
                print(
                    f"{label}: {total} tasks in {MEETINGS} meetings, {due} due -> "
                    f"alert cron {m.seconds:.2f} s, {m.queries} queries; "
                    f"second run {again.seconds:.2f} s, {again.queries} queries; "
                    f"mails queued so far {mails}"
                )
            if len(results) < 2:
                return
            (_, _, due_a, a, _, _), (_, _, due_b, b, _, _) = results
            print(
                f"queries per due task: {a.queries / due_a:.3f} (10k) vs {b.queries / due_b:.3f} "
                f"(50k); per batch of 1000: {a.queries / (due_a / 1000):.0f} vs "
                f"{b.queries / (due_b / 1000):.0f}"
            )
    finally:
        if os.environ.get("KEEP_BENCH_DB") != "1":
            drop_db(DB)


if __name__ == "__main__":
    main()
