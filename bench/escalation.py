"""Escalation cron on a backlog of overdue approval steps.

Creates meetings in resource review with one overdue step each, runs the escalation cron
(``ir.cron`` ``method_direct_trigger``: the real cron path, committing bounded batches) and
prints wall time and SQL queries, for 1,000 then 10,000 steps, to show that the number of
queries grows with the number of batches, not with the number of records.

    BENCH_DB=mb_s1 VENV=... .venv/bin/python bench/escalation.py
"""

import os
from datetime import timedelta

from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench")
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "1000,10000").split(",")]


def setup(env, total):
    from odoo import Command, fields  # noqa: PLC0415

    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    manager_group = env.ref("meeting_management.group_meeting_manager")
    Users = env["res.users"].with_context(no_reset_password=True)

    def user(login, groups=()):
        return Users.create(
            {
                "name": login,
                "login": login,
                "email": f"{login}@example.com",
                "group_ids": [Command.set([env.ref("base.group_user").id, *groups])],
            }
        )

    gm = user(f"bench_gm_{total}", [manager_group.id])
    director = user(f"bench_director_{total}")
    reviewer = user(f"bench_reviewer_{total}")
    Employee = env["hr.employee"]
    emp_gm = Employee.create({"name": "GM", "user_id": gm.id})
    Employee.create({"name": "Director", "user_id": director.id, "parent_id": emp_gm.id})
    emp_reviewer = Employee.create(
        {"name": "Reviewer", "user_id": reviewer.id, "parent_id": emp_gm.id}
    )
    dep = env["hr.department"].create({"name": "Administration", "manager_id": emp_reviewer.id})
    env["meeting.review.department"].create({"department_id": dep.id})

    now = fields.Datetime.now()
    meeting_type = env.ref("meeting_management.meeting_type_client")
    meetings = env["meeting.meeting"].create(
        [
            {
                "name": f"Bench meeting {i}",
                "type_id": meeting_type.id,
                "date_start": now + timedelta(days=30, hours=i % 500),
                "date_end": now + timedelta(days=30, hours=i % 500 + 2),
                "venue": f"Room {i}",
                "initiator_id": director.id,
                "state": "resource_review",
                "approval_round": 1,
            }
            for i in range(total)
        ]
    )
    steps = (
        env["meeting.approval"]
        .with_context(mail_activity_automation_skip=True)
        .create(
            [
                {
                    "meeting_id": meeting.id,
                    "step_type": "resource",
                    "department_id": dep.id,
                    "reviewer_id": reviewer.id,
                    "deadline": now - timedelta(hours=1),
                }
                for meeting in meetings
            ]
        )
    )
    activity_type = env.ref("meeting_management.mail_activity_meeting_approval")
    model_id = env["ir.model"]._get_id("meeting.approval")
    env["mail.activity"].with_context(mail_activity_quick_update=True).create(
        [
            {
                "res_model_id": model_id,
                "res_id": step.id,
                "activity_type_id": activity_type.id,
                "user_id": reviewer.id,
                "date_deadline": now.date(),
            }
            for step in steps
        ]
    )
    return steps


def main():
    create_db(DB)
    try:
        for size in SIZES:
            with odoo_env(DB) as env:
                env.cr.execute("UPDATE meeting_approval SET state = 'cancelled'")
                steps = setup(env, size)
                env.cr.commit()
                cron = env.ref("meeting_management.ir_cron_meeting_approval_escalation")
                with Measure() as m:
                    cron.method_direct_trigger()
                env.cr.commit()  # new snapshot: the cron may have used its own cursor
                env.invalidate_all()
                escalated = env["meeting.approval"].search_count(
                    [("id", "in", steps.ids), ("escalation_count", "=", 1)]
                )
                print(
                    f"{size:>6} overdue steps: {escalated} escalated in {m.seconds:.2f} s, "
                    f"{m.queries} SQL queries ({m.queries / size:.2f} per step)"
                )
                # Idempotence: a second run right after finds nothing to escalate.
                with Measure() as again:
                    cron.method_direct_trigger()
                env.cr.commit()  # new snapshot: the cron may have used its own cursor
                env.invalidate_all()
                twice = env["meeting.approval"].search_count(
                    [("id", "in", steps.ids), ("escalation_count", ">", 1)]
                )
                print(f"        second run: {again.queries} queries, {twice} escalated twice")
    finally:
        if os.environ.get("KEEP_BENCH_DB") != "1":
            drop_db(DB)


if __name__ == "__main__":
    main()
