"""Escalation crons on a backlog: overdue approval steps, then late incidents.

Creates meetings in resource review with one overdue step each, runs the escalation cron
(``ir.cron`` ``method_direct_trigger``: the real cron path, committing bounded batches) and
prints wall time and SQL queries, for 1,000 then 10,000 steps, to show that the number of
queries grows with the number of batches, not with the number of records.

Then the incident SLA escalation: ``BENCH_INCIDENT_SIZES`` (default 200, 2,000) incidents of
a running meeting, none responded to in time, with 20 handlers (each with their manager) and
the meeting's executor to tell; the cron (5-minute SLA job, batches of 200) is run the same
way and the SQL of each batch is printed (``bench/scale.py``'s ``batch_counter``).

    BENCH_DB=mb_s1 VENV=... .venv/bin/python bench/escalation.py
    BENCH_SIZES= BENCH_INCIDENT_SIZES=200,2000 .venv/bin/python bench/escalation.py

``BENCH_REVIEWERS`` (default 1): the overdue steps are spread over that many reviewers, each
with their own manager (the escalation moves the steps to that many distinct people).
"""

import os
from datetime import timedelta

from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench")
SIZES = [int(x) for x in os.environ.get("BENCH_SIZES", "1000,10000").split(",") if x]
REVIEWERS = int(os.environ.get("BENCH_REVIEWERS", "1"))
INCIDENT_SIZES = [
    int(x) for x in os.environ.get("BENCH_INCIDENT_SIZES", "200,2000").split(",") if x
]


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
    reviewers = [reviewer]
    if REVIEWERS > 1:
        # each further reviewer has their own manager: the escalation tells distinct people
        people = Users.create(
            [
                {
                    "name": f"{role} {index}",
                    "login": f"bench_{role}_{total}_{index}",
                    "email": f"bench_{role}_{total}_{index}@example.com",
                    "group_ids": [Command.set([env.ref("base.group_user").id])],
                }
                for index in range(1, REVIEWERS)
                for role in ("reviewer", "manager")
            ]
        )
        bosses = Employee.create(
            [{"name": manager.name, "user_id": manager.id} for manager in people[1::2]]
        )
        Employee.create(
            [
                {"name": other.name, "user_id": other.id, "parent_id": boss.id}
                for other, boss in zip(people[0::2], bosses, strict=True)
            ]
        )
        reviewers += list(people[0::2])
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
                    "reviewer_id": reviewers[index % len(reviewers)].id,
                    "deadline": now - timedelta(hours=1),
                }
                for index, meeting in enumerate(meetings)
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
                "user_id": step.reviewer_id.id,
                "date_deadline": now.date(),
            }
            for step in steps
        ]
    )
    return steps


def setup_incidents(env, total):
    """``total`` incidents reported two hours ago on one running meeting, 20 handlers."""
    from odoo import Command, fields  # noqa: PLC0415

    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True))
    Users = env["res.users"].with_context(no_reset_password=True)
    Employee = env["hr.employee"]

    def user(login):
        return Users.create(
            {
                "name": login,
                "login": login,
                "email": f"{login}@example.com",
                "group_ids": [Command.set([env.ref("base.group_user").id])],
            }
        )

    executor = user(f"bench_exec_{total}")
    handlers = env["res.users"]
    for i in range(20):
        manager = user(f"bench_head_{total}_{i}")
        handler = user(f"bench_handler_{total}_{i}")
        Employee.create(
            {
                "name": handler.name,
                "user_id": handler.id,
                "parent_id": Employee.create({"name": manager.name, "user_id": manager.id}).id,
            }
        )
        handlers |= handler
    types = env["meeting.incident.type"].create(
        [
            {"name": f"Bench type {total}-{i}", "handler_user_id": h.id}
            for i, h in enumerate(handlers)
        ]
    )
    now = fields.Datetime.now()
    meeting = env["meeting.meeting"].create(
        {
            "name": f"Bench summit {total}",
            "type_id": env.ref("meeting_management.meeting_type_client").id,
            "date_start": now - timedelta(hours=3),
            "date_end": now + timedelta(hours=5),
            "venue": "Hall",
            "initiator_id": executor.id,
            "executor_id": executor.id,
            "state": "in_progress",
        }
    )
    return env["meeting.incident"].create(
        [
            {
                "meeting_id": meeting.id,
                "type_id": types[i % len(types)].id,
                "name": f"Incident {i}",
                "urgency": "medium",
                "date_reported": now - timedelta(hours=2),
            }
            for i in range(total)
        ]
    )


def bench_incidents():
    from scale import batch_counter  # noqa: PLC0415

    for size in INCIDENT_SIZES:
        with odoo_env(DB) as env:
            env.cr.execute("UPDATE meeting_incident SET state = 'closed'")
            incidents = setup_incidents(env, size)
            env.cr.commit()
            cron = env.ref("meeting_management.ir_cron_incident_sla")
            with Measure() as m, batch_counter(env, "meeting.incident", "_escalate_sla") as batches:
                cron.method_direct_trigger()
            env.cr.commit()  # new snapshot: the cron used its own cursor
            env.invalidate_all()
            escalated = env["meeting.incident"].search_count(
                [("id", "in", incidents.ids), ("sla_escalated_at", "!=", False)]
            )
            print(
                f"{size:>6} late incidents: {escalated} escalated in {m.seconds:.2f} s, "
                f"{m.queries} SQL queries ({m.queries / size:.2f} per incident); per batch "
                "(incidents, SQL, ms): "
                + "; ".join(f"{n}, {sql}, {ms:.0f}" for n, sql, ms in batches)
            )
            with Measure() as again:
                cron.method_direct_trigger()
            env.cr.commit()
            events = env["meeting.incident.event"].search_count(
                [("incident_id", "in", incidents.ids), ("kind", "=", "escalated")]
            )
            print(
                f"        second run: {again.queries} queries; {events} escalation lines for "
                f"{size} incidents"
            )


def main():
    from scale import batch_counter  # noqa: PLC0415

    create_db(DB)
    try:
        bench_incidents()
        for size in SIZES:
            with odoo_env(DB) as env:
                env.cr.execute("UPDATE meeting_approval SET state = 'cancelled'")
                steps = setup(env, size)
                env.cr.commit()
                cron = env.ref("meeting_management.ir_cron_meeting_approval_escalation")
                with Measure() as m, batch_counter(env, "meeting.approval", "_escalate") as batches:
                    cron.method_direct_trigger()
                env.cr.commit()  # new snapshot: the cron may have used its own cursor
                env.invalidate_all()
                print(
                    f"        batches (steps, SQL, ms), {REVIEWERS} reviewer(s): "
                    + "; ".join(f"{n}, {sql}, {ms:.0f}" for n, sql, ms in batches)
                )
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
