"""Every screen a user opens daily, at a group-sized company's volume (issue #18).

Generates a company group at ``--scale`` (1.0 = 5 companies, 200 departments, 5,000 users with
employees and manager chains, 100,000 meetings over 4 years in every state, 2,000,000
attendees, 1,000,000 tasks, 300,000 approval steps, 200,000 incidents, 1,000,000 survey
answers, 3,000,000 check-in log lines), then measures, as the user who does it (not as
superuser) and with warm caches, the time and SQL count of what they open every day:

* a plain employee's "My Meetings" list (first page + count) and one meeting's form;
* a department head's "To Approve" list and the approval of one step;
* an owner's task board and the coordinator's board of one meeting;
* the kiosk's first scan and the sign-in sheet of a 6,000-attendee meeting;
* management's KPI pivot and graph over a year, and the scheduled management summary;
* the overdue-task and escalation crons when 1 % of everything is due.

The people (users, employees, departments: a few thousand rows whose creation runs Odoo's own
logic — partners, groups, HR versions, resources) are created through the ORM in batches; the
millions are inserted with ``INSERT ... SELECT generate_series`` in one statement per table.
The generator is reusable: ``--scale 0.1`` for a quick run, ``--reuse`` to measure again an
existing database (``KEEP_BENCH_DB=1`` keeps it).

    BENCH_DB=mb_scale .venv/bin/python bench/scale.py --scale 0.1
    BENCH_DB=mb_scale KEEP_BENCH_DB=1 .venv/bin/python bench/scale.py --scale 1
    BENCH_DB=mb_scale .venv/bin/python bench/scale.py --reuse

Each line is measured ``--repeat`` times (default 5) after one warm-up run, in a savepoint
rolled back afterwards, with the ORM cache emptied before each run (a new request starts with
an empty cache; PostgreSQL's and the registry's caches stay warm); the median is printed.
"""

import argparse
import collections
import contextlib
import os
import re
import statistics
import sys
import time
from datetime import timedelta

from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench_scale")

FULL = {
    "companies": 5,
    "departments": 200,
    "users": 5000,
    "meetings": 100_000,
    "attendees": 2_000_000,
    "tasks": 1_000_000,
    "approvals": 300_000,
    "incidents": 200_000,
    "answers": 1_000_000,
    "checkins": 3_000_000,
}
BIG_MEETING_ATTENDEES = 6000
INTERACTIVE_TARGET_MS = 200


def sizes_for(scale):
    sizes = {key: max(1, round(value * scale)) for key, value in FULL.items()}
    sizes["companies"] = FULL["companies"]
    sizes["departments"] = max(sizes["departments"], 2 * sizes["companies"])
    sizes["users"] = max(sizes["users"], 10 * sizes["departments"] // 2, 60)
    sizes["meetings"] = max(sizes["meetings"], 100)
    sizes["attendees"] = max(sizes["attendees"], BIG_MEETING_ATTENDEES + 20 * sizes["meetings"])
    return sizes


# ----------------------------------------------------------------------
# Generation
# ----------------------------------------------------------------------


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def create_people(env, sizes):
    """Companies, departments with their heads, users with employees and manager chains.

    Per company: a general manager heading the root department, department heads reporting
    to them, employees reporting to their department head; one coordinator, one check-in
    staff member, one incident handler and one meeting administrator (management)."""
    from odoo import Command  # noqa: PLC0415

    env = env(
        context=dict(
            env.context, tracking_disable=True, mail_create_nolog=True, no_reset_password=True
        )
    )
    Company = env["res.company"]
    companies = env.company | Company.create(
        [
            {"name": f"Scale Subsidiary {i}", "currency_id": env.company.currency_id.id}
            for i in range(1, sizes["companies"])
        ]
    )
    user_group = env.ref("base.group_user")
    role_groups = {
        "coordinator": env.ref("meeting_management.group_meeting_coordinator"),
        "checkin": env.ref("meeting_management.group_meeting_checkin"),
        "handler": env.ref("meeting_management.group_meeting_incident_handler"),
        "management": env.ref("meeting_management.group_meeting_manager"),
    }
    departments_per_company = sizes["departments"] // len(companies)
    users_per_company = sizes["users"] // len(companies)
    people = {}
    for number, company in enumerate(companies):
        log(f"people of company {number + 1}/{len(companies)}")
        Users = env["res.users"].with_company(company)
        logins = [f"scale_c{number}_u{i}" for i in range(users_per_company)]
        roles = {0: "gm", 1: "coordinator", 2: "checkin", 3: "handler", 4: "management"}
        vals = []
        for i, login in enumerate(logins):
            groups = [user_group.id]
            if roles.get(i) in role_groups:
                groups.append(role_groups[roles[i]].id)
            vals.append(
                {
                    "name": f"Employee {number}-{i}",
                    "login": login,
                    "email": f"{login}@example.com",
                    "company_id": company.id,
                    "company_ids": [Command.set([company.id])],
                    "group_ids": [Command.set(groups)],
                    "tz": "Asia/Shanghai",
                }
            )
        users = env["res.users"]
        for start in range(0, len(vals), 500):
            users |= Users.create(vals[start : start + 500])
        Employee = env["hr.employee"].with_company(company)
        Department = env["hr.department"].with_company(company)
        gm_employee = Employee.create(
            {"name": users[0].name, "user_id": users[0].id, "company_id": company.id}
        )
        root = Department.create(
            {"name": f"GM Office {number}", "manager_id": gm_employee.id, "company_id": company.id}
        )
        gm_employee.department_id = root
        # department heads: users 5 .. 5 + departments - 2
        head_users = users[5 : 5 + departments_per_company - 1]
        heads = Employee.create(
            [
                {
                    "name": u.name,
                    "user_id": u.id,
                    "company_id": company.id,
                    "parent_id": gm_employee.id,
                }
                for u in head_users
            ]
        )
        departments = Department.create(
            [
                {
                    "name": f"Department {number}-{i}",
                    "manager_id": head.id,
                    "parent_id": root.id,
                    "company_id": company.id,
                }
                for i, head in enumerate(heads)
            ]
        )
        for head, department in zip(heads, departments, strict=True):
            head.department_id = department
        others = users[1:5] | users[5 + departments_per_company - 1 :]
        employee_vals = []
        for i, u in enumerate(others):
            department = departments[i % len(departments)]
            employee_vals.append(
                {
                    "name": u.name,
                    "user_id": u.id,
                    "company_id": company.id,
                    "department_id": department.id,
                    "parent_id": department.manager_id.id,
                }
            )
        for start in range(0, len(employee_vals), 500):
            Employee.create(employee_vals[start : start + 500])
        people[company.id] = {
            "gm": users[0],
            "coordinator": users[1],
            "checkin": users[2],
            "handler": users[3],
            "management": users[4],
            "heads": head_users,
            "users": users,
        }
        env["meeting.review.department"].create(
            {"department_id": departments[0].id, "company_id": company.id}
        )
    env.cr.commit()
    return companies, people


def insert_bulk(env, sizes):
    """The millions: one ``INSERT ... SELECT`` per table, spread over 4 years around today."""
    cr = env.cr
    cr.execute(
        """
        CREATE TEMP TABLE scale_company AS
        SELECT row_number() OVER (ORDER BY c.id) - 1 AS cnum, c.id AS company_id,
               c.currency_id, count(e.id) AS n
          FROM res_company c
          JOIN hr_employee e ON e.company_id = c.id
          JOIN res_users u ON u.id = e.user_id AND u.login LIKE 'scale\\_%%'
         GROUP BY c.id;
        CREATE TEMP TABLE scale_people AS
        SELECT row_number() OVER (PARTITION BY e.company_id ORDER BY e.user_id) AS cidx,
               e.company_id, e.user_id AS uid, e.id AS emp, v.department_id AS dep,
               e.name, m.user_id AS mgr_uid
          FROM hr_employee e
          JOIN hr_version v ON v.id = e.current_version_id
          JOIN res_users u ON u.id = e.user_id AND u.login LIKE 'scale\\_%%'
          LEFT JOIN hr_employee m ON m.id = e.parent_id;
        CREATE INDEX ON scale_people (company_id, cidx);
        ANALYZE scale_company; ANALYZE scale_people;
        """
    )
    cr.execute("SELECT count(*) FROM scale_company")
    ncompanies = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id ORDER BY id) FROM meeting_type WHERE active")
    type_ids = cr.fetchone()[0]
    cr.execute("SELECT array_agg(id ORDER BY id) FROM meeting_incident_type WHERE active")
    incident_type_ids = cr.fetchone()[0]
    params = {
        "n": sizes["meetings"],
        "ncomp": ncompanies,
        "types": type_ids,
        "itypes": incident_type_ids,
    }

    log(f"{sizes['meetings']:,} meetings")
    cr.execute(
        """
        INSERT INTO meeting_meeting (
            name, reference, state, type_id, company_id, currency_id, initiator_id,
            initiator_employee_id, department_id, executor_id, date_start, date_end,
            approval_round, priority, is_urgent, expected_internal_count,
            expected_external_count, budget_total, venue, date_approved,
            kpi_satisfaction, kpi_satisfaction_status, kpi_agenda_completion,
            kpi_agenda_completion_status, kpi_incident_timeliness,
            kpi_incident_timeliness_status, kpi_objective_attainment,
            kpi_objective_attainment_status, kpi_budget_variance, kpi_budget_variance_status,
            kpi_preparation_ontime, kpi_preparation_ontime_status,
            create_uid, write_uid, create_date, write_date)
        SELECT 'Scale meeting ' || s.g, 'SC/' || lpad(s.g::text, 6, '0'), s.state,
               (%(types)s::int[])[1 + s.g %% array_length(%(types)s::int[], 1)],
               c.company_id, c.currency_id, p.uid, p.emp, p.dep, x.uid,
               s.ds, s.ds + (2 + s.h %% 6) * interval '1 hour',
               1, (s.h %% 3)::text, s.h %% 50 = 0, 10 + s.h %% 40, s.h %% 15,
               1000 + s.h * 10, 'Room ' || (s.g %% 300),
               CASE WHEN s.state IN ('approved', 'in_progress', 'review', 'closed')
                    THEN s.ds - interval '10 days' END,
               k.v * 5, k.st, k.v * 100, k.st, k.v * 100, k.st, k.v * 100, k.st,
               CASE WHEN k.v IS NOT NULL THEN (k.v - 0.8) * 50 END, k.st, k.v * 100, k.st,
               1, 1, s.ds - interval '30 days', s.ds - interval '30 days'
          FROM (
                SELECT g, h, ds,
                       CASE WHEN ds < now_utc - interval '1 day' THEN
                                CASE WHEN h < 800 THEN 'closed' WHEN h < 850 THEN 'review'
                                     WHEN h < 950 THEN 'cancelled' ELSE 'rejected' END
                            WHEN ds < now_utc + interval '1 day' THEN 'in_progress'
                            ELSE CASE WHEN h < 300 THEN 'draft'
                                      WHEN h < 450 THEN 'resource_review'
                                      WHEN h < 600 THEN 'manager_approval'
                                      ELSE 'approved' END
                       END AS state
                  FROM (
                        SELECT g, (g * 2654435761::bigint) %% 1000 AS h,
                               date_trunc('hour', now_utc - interval '3 years'
                                   + (g::float / %(n)s) * interval '4 years') AS ds,
                               now_utc
                          FROM generate_series(1, %(n)s) g,
                               (SELECT now() AT TIME ZONE 'UTC' AS now_utc) t
                       ) r
               ) s
          JOIN scale_company c ON c.cnum = s.g %% %(ncomp)s
          JOIN scale_people p ON p.company_id = c.company_id
                             AND p.cidx = 1 + (s.g::bigint * 7919) %% c.n
          JOIN scale_people x ON x.company_id = c.company_id
                             AND x.cidx = 1 + (s.g::bigint * 104729) %% c.n
          LEFT JOIN LATERAL (
                SELECT 0.6 + (s.h %% 40) / 100.0 AS v,
                       CASE WHEN s.h %% 40 >= 20 THEN 'met' ELSE 'not_met' END AS st
                 WHERE s.state IN ('review', 'closed')
               ) k ON TRUE
        """,
        params,
    )
    # The 6,000-attendee meeting: running now, check-in open, the company's check-in staff on it.
    cr.execute(
        """
        UPDATE meeting_meeting m
           SET name = 'Scale summit (6,000 attendees)', state = 'in_progress',
               date_start = date_trunc('minute', now() AT TIME ZONE 'UTC') - interval '30 minutes',
               date_end = date_trunc('minute', now() AT TIME ZONE 'UTC') + interval '4 hours',
               executor_id = (SELECT uid FROM scale_people p
                               WHERE p.company_id = m.company_id AND p.cidx = 2)
         WHERE id = (SELECT max(id) FROM meeting_meeting WHERE company_id =
                        (SELECT company_id FROM scale_company WHERE cnum = 0))
        RETURNING id
        """
    )
    big_id = cr.fetchone()[0]

    per_meeting = max(1, (sizes["attendees"] - BIG_MEETING_ATTENDEES) // (sizes["meetings"] - 1))
    log(
        f"{sizes['attendees']:,} attendees ({per_meeting} per meeting, "
        f"{BIG_MEETING_ATTENDEES:,} at the summit)"
    )
    cr.execute(
        """
        INSERT INTO meeting_attendee (
            meeting_id, company_id, name, attendee_type, user_id, employee_id, department_id,
            job_title, company_name, invitation_state, access_token, feedback_token,
            is_checked_in, checkin_date, checkin_lane, checkin_user_id, has_feedback,
            feedback_invited, dietary_need, create_uid, write_uid, create_date, write_date)
        SELECT a.meeting_id, a.company_id, COALESCE(p.name, 'Guest ' || a.meeting_id || '-' || a.i),
               CASE WHEN p.uid IS NULL THEN 'external' ELSE 'internal' END,
               p.uid, p.emp, p.dep, 'Manager', CASE WHEN p.uid IS NULL THEN 'Partner Ltd' END,
               CASE WHEN a.i %% 20 = 0 THEN 'declined'
                    WHEN a.i %% 20 = 1 THEN 'invited' ELSE 'confirmed' END,
               md5(a.meeting_id || ':' || a.i || ':a'), md5(a.meeting_id || ':' || a.i || ':f'),
               a.done AND a.i %% 20 > 1,
               CASE WHEN a.done AND a.i %% 20 > 1
                    THEN a.date_start - interval '20 minutes'
                         + (a.i %% 30) * interval '1 minute' END,
               CASE WHEN a.done AND a.i %% 20 > 1 THEN 'Lane ' || (1 + a.i %% 4) END,
               CASE WHEN a.done AND a.i %% 20 > 1 THEN a.staff END,
               a.closed AND a.i %% 3 <> 0, a.closed,
               CASE WHEN a.i %% 17 = 0 THEN 'vegetarian' END,
               1, 1, a.date_start - interval '20 days', a.date_start - interval '20 days'
          FROM (
                SELECT m.id AS meeting_id, m.company_id, m.date_start, i,
                       m.state IN ('review', 'closed') AS done, m.state = 'closed' AS closed,
                       (SELECT uid FROM scale_people s WHERE s.company_id = m.company_id
                           AND s.cidx = 3) AS staff,
                       c.n
                  FROM meeting_meeting m
                  JOIN scale_company c ON c.company_id = m.company_id
                 CROSS JOIN LATERAL generate_series(
                       1, CASE WHEN m.id = %(big)s THEN %(bign)s ELSE %(per)s END) i
               ) a
          LEFT JOIN scale_people p
                 ON a.i %% 10 < 7 AND a.i < a.n
                AND p.company_id = a.company_id
                AND p.cidx = 1 + (a.meeting_id * 31 + a.i * 7919) %% a.n
        """,
        {"big": big_id, "bign": BIG_MEETING_ATTENDEES, "per": per_meeting},
    )
    cr.execute(
        """
        INSERT INTO meeting_meeting_checkin_staff_rel (meeting_id, user_id)
        SELECT %s, uid FROM scale_people p
          JOIN meeting_meeting m ON m.id = %s AND m.company_id = p.company_id
         WHERE p.cidx = 3
        """,
        (big_id, big_id),
    )

    tasks_per = max(1, sizes["tasks"] // sizes["meetings"])
    log(f"{sizes['tasks']:,} tasks ({tasks_per} per meeting, 1 % overdue and not alerted)")
    cr.execute(
        """
        INSERT INTO meeting_task (
            meeting_id, company_id, sequence, user_id, department_id, name, phase, priority,
            state, is_milestone, requires_deliverable, is_done_late, date_deadline, date_done,
            overdue_alert_sent_at, create_uid, write_uid, create_date, write_date)
        SELECT t.id, t.company_id, t.i, p.uid, p.dep, 'Task ' || t.i || ' of ' || t.id,
               CASE WHEN t.i %% 3 = 0 THEN 'before' WHEN t.i %% 3 = 1 THEN 'during'
                    ELSE 'after' END,
               (t.i %% 3)::text,
               CASE WHEN t.overdue THEN 'in_progress'
                    WHEN t.state IN ('review', 'closed', 'in_progress') THEN 'done'
                    WHEN t.state = 'approved' THEN 'todo' ELSE 'waiting' END,
               t.i = 1, FALSE, FALSE,
               t.deadline,
               CASE WHEN NOT t.overdue AND t.state IN ('review', 'closed', 'in_progress')
                    THEN t.deadline - interval '1 hour' END,
               CASE WHEN NOT t.overdue AND t.deadline < now() AT TIME ZONE 'UTC'
                         AND t.state NOT IN ('review', 'closed', 'in_progress')
                    THEN t.deadline END,
               1, 1, t.date_start - interval '25 days', t.date_start - interval '25 days'
          FROM (
                SELECT m.id, m.company_id, m.state, m.date_start, i,
                       m.date_start - (%(per)s - i + 1) * interval '1 day' AS deadline,
                       FALSE AS overdue
                  FROM meeting_meeting m
                 CROSS JOIN LATERAL generate_series(1, %(per)s) i
               ) t
          JOIN scale_company c ON c.company_id = t.company_id
          JOIN scale_people p ON p.company_id = t.company_id
                             AND p.cidx = 1 + (t.id * 13 + t.i * 7919) %% c.n
        """,
        {"per": tasks_per},
    )
    # 1 % of the tasks due: overdue, open, never alerted, on meetings in preparation or
    # running (what the alert cron picks up)
    cr.execute(
        """
        UPDATE meeting_task SET date_deadline = now() AT TIME ZONE 'UTC' - interval '2 days',
                                state = 'in_progress', date_done = NULL,
                                overdue_alert_sent_at = NULL
         WHERE id IN (SELECT t.id FROM meeting_task t
                        JOIN meeting_meeting m ON m.id = t.meeting_id
                       WHERE m.state IN ('approved', 'in_progress')
                       ORDER BY t.id %% 97, t.id
                       LIMIT %s)
        """,
        (sizes["tasks"] // 100,),
    )

    approvals_per = max(1, round(sizes["approvals"] / sizes["meetings"]))
    log(f"{sizes['meetings'] * approvals_per:,} approval steps (1 % pending and overdue)")
    cr.execute(
        """
        INSERT INTO meeting_approval (
            meeting_id, company_id, approval_round, sequence, department_id, reviewer_id,
            step_type, state, deadline, decision_date, decided_by_id, is_urgent,
            create_uid, write_uid, create_date, write_date)
        SELECT m.id, m.company_id, 1, i, p.dep,
               COALESCE(CASE WHEN i = %(per)s THEN p.mgr_uid END, h.uid),
               CASE WHEN i = %(per)s THEN 'manager' ELSE 'resource' END,
               CASE WHEN m.state = 'resource_review' AND i < %(per)s THEN 'pending'
                    WHEN m.state = 'manager_approval' AND i = %(per)s THEN 'pending'
                    WHEN m.state = 'resource_review' THEN 'cancelled'
                    WHEN m.state = 'draft' THEN 'cancelled'
                    WHEN m.state = 'rejected' AND i = 1 THEN 'rejected'
                    ELSE 'approved' END,
               GREATEST(m.create_date + interval '3 days',
                        now() AT TIME ZONE 'UTC' + interval '1 day'),
               CASE WHEN m.state IN ('approved', 'in_progress', 'review', 'closed', 'rejected')
                    THEN m.create_date + interval '1 day' END,
               CASE WHEN m.state IN ('approved', 'in_progress', 'review', 'closed', 'rejected')
                    THEN h.uid END,
               FALSE, 1, 1, m.create_date, m.create_date
          FROM meeting_meeting m
          JOIN scale_company c ON c.company_id = m.company_id
          JOIN scale_people p ON p.company_id = m.company_id AND p.uid = m.initiator_id
          CROSS JOIN LATERAL generate_series(1, %(per)s) i
          JOIN scale_people h ON h.company_id = m.company_id
                             AND h.cidx = 6 + (m.id + i) %% %(heads)s
        """,
        {"per": approvals_per, "heads": max(1, sizes["departments"] // ncompanies - 1)},
    )

    # 1 % of the steps due: pending and past their deadline (what the escalation cron takes)
    cr.execute(
        """
        UPDATE meeting_approval SET deadline = now() AT TIME ZONE 'UTC' - interval '1 day'
         WHERE id IN (SELECT id FROM meeting_approval WHERE state = 'pending'
                       ORDER BY id %% 97, id LIMIT %s)
        """,
        (sizes["approvals"] // 100,),
    )

    incidents_per = max(1, round(sizes["incidents"] / max(1, _held(cr))))
    log(
        f"{sizes['incidents']:,} incidents ({incidents_per} per meeting held, "
        "1 % open past their deadline)"
    )
    cr.execute(
        """
        INSERT INTO meeting_incident (
            meeting_id, company_id, type_id, reporter_id, handler_id, name, urgency, state,
            date_reported, date_responded, date_resolved, date_closed, sla_deadline,
            responded_in_sla, response_minutes, resolution_minutes,
            create_uid, write_uid, create_date, write_date)
        SELECT m.id, m.company_id,
               (%(itypes)s::int[])[1 + (m.id + i) %% array_length(%(itypes)s::int[], 1)],
               m.executor_id, h.uid, 'Incident ' || i || ' of ' || m.id,
               CASE (m.id + i) %% 3 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' ELSE 'high' END,
               CASE WHEN (m.id + i) %% 100 = 0 THEN 'reported' ELSE 'closed' END,
               m.date_start + i * interval '20 minutes',
               CASE WHEN (m.id + i) %% 100 <> 0
                    THEN m.date_start + i * interval '20 minutes' + interval '8 minutes' END,
               CASE WHEN (m.id + i) %% 100 <> 0
                    THEN m.date_start + i * interval '20 minutes' + interval '30 minutes' END,
               CASE WHEN (m.id + i) %% 100 <> 0
                    THEN m.date_start + i * interval '20 minutes' + interval '40 minutes' END,
               CASE WHEN (m.id + i) %% 100 = 0 THEN now() AT TIME ZONE 'UTC' - interval '5 minutes'
                    ELSE m.date_start + i * interval '20 minutes' + interval '15 minutes' END,
               (m.id + i) %% 100 <> 0,
               CASE WHEN (m.id + i) %% 100 <> 0 THEN 8 END,
               CASE WHEN (m.id + i) %% 100 <> 0 THEN 30 END,
               1, 1, m.date_start, m.date_start
          FROM meeting_meeting m
          JOIN scale_company c ON c.company_id = m.company_id
          CROSS JOIN LATERAL generate_series(1, %(per)s) i
          JOIN scale_people h ON h.company_id = m.company_id AND h.cidx = 4
         WHERE m.state IN ('in_progress', 'review', 'closed')
        """,
        {"per": incidents_per, **params},
    )

    log("survey answers")
    cr.execute(
        """
        INSERT INTO meeting_feedback (
            meeting_id, company_id, attendee_id, score_overall, score_agenda, score_venue,
            score_catering, score_service, source, date_submitted,
            create_uid, write_uid, create_date, write_date)
        SELECT a.meeting_id, a.company_id, a.id, 3 + a.id %% 3, 3 + a.id %% 3, 2 + a.id %% 4,
               2 + a.id %% 4, 4 + a.id %% 2, 'online', a.checkin_date + interval '1 day',
               1, 1, a.checkin_date + interval '1 day', a.checkin_date + interval '1 day'
          FROM meeting_attendee a
         WHERE a.has_feedback
         LIMIT %(answers)s
        """,
        {"answers": sizes["answers"]},
    )

    log("check-in log lines")
    cr.execute(
        """
        INSERT INTO meeting_checkin_log (
            meeting_id, company_id, attendee_id, user_id, lane, result, code_prefix, notified,
            scan_date)
        SELECT a.meeting_id, a.company_id, a.id, a.checkin_user_id, a.checkin_lane,
               CASE WHEN r = 1 THEN 'ok' ELSE 'already' END, left(a.access_token, 6), r = 1,
               a.checkin_date + (r - 1) * interval '1 minute'
          FROM meeting_attendee a
         CROSS JOIN LATERAL generate_series(1, 3) r
         WHERE a.is_checked_in
         LIMIT %(checkins)s
        """,
        {"checkins": sizes["checkins"]},
    )
    env.cr.commit()
    return big_id


def analyze(env):
    log("ANALYZE")
    cr = env.cr
    old_autocommit = cr._cnx.autocommit
    cr._cnx.autocommit = True
    try:
        cr.execute("ANALYZE")
    finally:
        cr._cnx.autocommit = old_autocommit


def insert_activities(env):
    """The activities the flow gives: each pending approval step's reviewer and each open
    task's owner (of meetings in preparation or running) have one."""
    cr = env.cr
    log("activities of pending steps and open tasks")
    cr.execute(
        """
        INSERT INTO mail_activity (
            res_model_id, res_model, res_id, activity_type_id, user_id, date_deadline,
            summary, automated, active, create_uid, write_uid, create_date, write_date)
        SELECT %(approval_model)s, 'meeting.approval', a.id, %(approval_type)s, a.reviewer_id,
               a.deadline::date, 'Approve', TRUE, TRUE, 1, 1, a.create_date, a.create_date
          FROM meeting_approval a
         WHERE a.state = 'pending'
        """,
        {
            "approval_model": env["ir.model"]._get_id("meeting.approval"),
            "approval_type": env.ref("meeting_management.mail_activity_meeting_approval").id,
        },
    )
    cr.execute(
        """
        INSERT INTO mail_activity (
            res_model_id, res_model, res_id, activity_type_id, user_id, date_deadline,
            summary, automated, active, create_uid, write_uid, create_date, write_date)
        SELECT %(task_model)s, 'meeting.task', t.id, %(todo_type)s, t.user_id,
               t.date_deadline::date, t.name, TRUE, TRUE, 1, 1, t.create_date, t.create_date
          FROM meeting_task t
          JOIN meeting_meeting m ON m.id = t.meeting_id
         WHERE t.state <> 'done' AND m.state IN ('approved', 'in_progress')
        """,
        {
            "task_model": env["ir.model"]._get_id("meeting.task"),
            "todo_type": env.ref("meeting_management.mail_act_meeting_task_todo").id,
        },
    )
    env.cr.commit()


def _held(cr):
    cr.execute(
        "SELECT count(*) FROM meeting_meeting WHERE state IN ('in_progress', 'review', 'closed')"
    )
    return cr.fetchone()[0]


def counts(env):
    cr = env.cr
    result = {}
    for table in (
        "res_company",
        "hr_department",
        "res_users",
        "hr_employee",
        "meeting_meeting",
        "meeting_attendee",
        "meeting_task",
        "meeting_approval",
        "meeting_incident",
        "meeting_feedback",
        "meeting_checkin_log",
    ):
        cr.execute(f"SELECT count(*) FROM {table}")
        result[table] = cr.fetchone()[0]
    return result


# ----------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------


def view_spec(env, model, view_type, view_id=None):
    """The ``specification`` the web client sends for a view: its fields, x2many fields with
    the fields of their embedded list, many2ones with their display name."""
    from lxml import etree  # noqa: PLC0415

    Model = env[model]
    views = Model.get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    fields_info = views["models"][model]["fields"]

    def spec_of(node, fields):
        spec = {}
        for field_node in node.iter("field"):
            # only the fields of this level: skip fields of nested x2many subviews
            parent = field_node.getparent()
            nested = False
            while parent is not None and parent is not node:
                if parent.tag == "field":
                    nested = True
                    break
                parent = parent.getparent()
            if nested:
                continue
            name = field_node.get("name")
            info = fields.get(name)
            if not info:
                continue
            if info["type"] in ("one2many", "many2many"):
                sub = {}
                sub_views = [c for c in field_node if c.tag in ("list", "kanban")]
                relation_fields = views["models"].get(info["relation"], {}).get("fields", {})
                if sub_views and relation_fields:
                    sub = spec_of(sub_views[0], relation_fields)
                spec[name] = {"fields": sub} if sub else {}
            elif info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    return spec_of(arch, fields_info)


def action_domain(env, xmlid):
    """The domain the web client searches with when it opens ``xmlid``: the action's domain
    and the search view filters its context switches on by default."""
    from lxml import etree  # noqa: PLC0415

    from odoo.fields import Domain  # noqa: PLC0415
    from odoo.tools.safe_eval import safe_eval  # noqa: PLC0415

    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    eval_context = env["ir.actions.actions"]._get_eval_context()
    eval_context.update({"uid": env.uid, "user": env.user})
    domain = Domain(safe_eval(action.get("domain") or "[]", eval_context))
    context = safe_eval(action.get("context") or "{}", eval_context)
    search_view_id = action.get("search_view_id")
    search_view_id = search_view_id[0] if search_view_id else None
    views = env[action["res_model"]].get_views([(search_view_id, "search")])
    arch = etree.fromstring(views["views"]["search"]["arch"])
    for key, value in context.items():
        if not key.startswith("search_default_") or not value:
            continue
        name = key[len("search_default_") :]
        for node in arch.iter("filter"):
            if node.get("name") == name and node.get("domain"):
                domain &= Domain(safe_eval(node.get("domain"), eval_context))
    return action, domain


# --only / --explain (see main): which lines to measure, how many slow queries to explain
OPTIONS = {"only": None, "explain": 0}


def run_measure(env, label, func, repeat, rows):
    """Run ``func(env)`` once to warm up, then ``repeat`` times, each in a savepoint rolled
    back, with the ORM cache emptied first; record the median time and SQL count."""
    if OPTIONS["only"] and OPTIONS["only"] not in label:
        return
    timings, queries = [], []
    for attempt in range(repeat + 1):
        env.invalidate_all()
        with env.cr.savepoint(flush=False) as savepoint:
            with Measure() as measure:
                func(env)
                env.flush_all()
            savepoint.rollback()
        env.invalidate_all()
        if attempt:
            timings.append(measure.seconds * 1000)
            queries.append(measure.queries)
    rows.append((label, statistics.median(timings), statistics.median(queries)))
    print(f"  {label:<62} {rows[-1][1]:>9.1f} ms {rows[-1][2]:>5} SQL", flush=True)
    if OPTIONS["explain"]:
        explain(env, func)


def explain(env, func):
    """Run ``func`` once more, then EXPLAIN ANALYZE its slowest SELECT statements."""
    from odoo import sql_db  # noqa: PLC0415

    captured = []
    original = sql_db.Cursor.execute

    def execute(cursor, query, params=None, log_exceptions=True):
        start = time.perf_counter()
        try:
            return original(cursor, query, params, log_exceptions)
        finally:
            code, args = (query.code, query.params) if hasattr(query, "code") else (query, params)
            captured.append((time.perf_counter() - start, code, args))

    env.invalidate_all()
    with env.cr.savepoint(flush=False) as savepoint:
        sql_db.Cursor.execute = execute
        try:
            func(env)
            env.flush_all()
        finally:
            sql_db.Cursor.execute = original
        shapes = collections.Counter(
            re.sub(r"\s+", " ", code)[:150] for _seconds, code, _args in captured
        )
        print(f"    {len(captured)} statements; the most frequent:")
        for shape, count in shapes.most_common(8):
            print(f"    {count:>6} × {shape}")
        slowest = sorted(captured, key=lambda item: -item[0])[: OPTIONS["explain"]]
        for seconds, code, args in slowest:
            print(f"    --- {seconds * 1000:.1f} ms")
            print("    " + env.cr.mogrify(code, args).decode()[:2000].replace("\n", "\n    "))
            if code.lstrip().upper().startswith("SELECT"):
                env.cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + code, args)
                for (line,) in env.cr.fetchall()[:30]:
                    print(f"      {line}")
        savepoint.rollback()
    env.invalidate_all()


def measure(env, repeat):
    from odoo import fields  # noqa: PLC0415

    root = env
    cr = env.cr
    company = env["res.company"].search([], order="id", limit=1)
    cr.execute("SELECT max(id) FROM meeting_meeting WHERE name = 'Scale summit (6,000 attendees)'")
    big_id = cr.fetchone()[0]
    big = root["meeting.meeting"].browse(big_id)
    company = big.company_id
    Users = root["res.users"]

    def login(name):
        return Users.search([("login", "=", name)], limit=1)

    number = root["res.company"].search_count([("id", "<=", company.id)]) - 1
    prefix = f"scale_c{number}_u"
    coordinator = login(f"{prefix}1")
    checkin_staff = login(f"{prefix}2")
    management = login(f"{prefix}4")
    # the plain employee with the most meetings (attendee) of this company
    cr.execute(
        """
        SELECT a.user_id FROM meeting_attendee a
          JOIN res_users u ON u.id = a.user_id
         WHERE a.company_id = %s AND u.login LIKE %s
           AND NOT EXISTS (SELECT 1 FROM hr_department d JOIN hr_employee e
                              ON e.id = d.manager_id WHERE e.user_id = a.user_id)
         GROUP BY a.user_id ORDER BY count(*) DESC LIMIT 1
        """,
        (company.id, f"{prefix}%"),
    )
    employee = Users.browse(cr.fetchone()[0])
    # the department head with the most pending steps
    cr.execute(
        """
        SELECT reviewer_id FROM meeting_approval
         WHERE state = 'pending' AND company_id = %s
         GROUP BY reviewer_id ORDER BY count(*) DESC LIMIT 1
        """,
        (company.id,),
    )
    head = Users.browse(cr.fetchone()[0])
    cr.execute(
        """
        SELECT user_id FROM meeting_task t WHERE company_id = %s
         AND state IN ('todo', 'in_progress', 'delayed', 'waiting')
         GROUP BY user_id ORDER BY count(*) DESC LIMIT 1
        """,
        (company.id,),
    )
    owner = Users.browse(cr.fetchone()[0])
    cr.execute(
        """
        SELECT id FROM meeting_meeting WHERE company_id = %s AND state = 'approved'
         ORDER BY date_start LIMIT 1
        """,
        (company.id,),
    )
    coordinated = root["meeting.meeting"].browse(cr.fetchone()[0])
    coordinated.sudo().executor_id = coordinator
    env.cr.commit()

    def as_user(user):
        return root(user=user.id, context={"lang": "en_US", "tz": "Asia/Shanghai"})

    rows = []
    print(
        f"Measured in {company.name}: employee {employee.login}, head {head.login}, "
        f"task owner {owner.login}, coordinator {coordinator.login}, "
        f"door {checkin_staff.login}, management {management.login}"
    )

    # -- a plain employee: My Meetings, one meeting's form ------------------------
    e_env = as_user(employee)
    _action, my_domain = action_domain(e_env, "meeting_management.meeting_meeting_action_my")
    kanban_spec = view_spec(e_env, "meeting.meeting", "kanban")
    list_spec = view_spec(e_env, "meeting.meeting", "list")

    def my_meetings_kanban(env):
        env["meeting.meeting"].web_search_read(my_domain, kanban_spec, limit=40, count_limit=10001)

    def my_meetings_list(env):
        env["meeting.meeting"].web_search_read(my_domain, list_spec, limit=80, count_limit=10001)

    run_measure(
        e_env, "employee: My Meetings kanban (first page + count)", my_meetings_kanban, repeat, rows
    )
    run_measure(
        e_env, "employee: My Meetings list (first page + count)", my_meetings_list, repeat, rows
    )
    first = e_env["meeting.meeting"].search(my_domain, limit=1)
    form_spec = view_spec(e_env, "meeting.meeting", "form")

    def meeting_form(env):
        env["meeting.meeting"].browse(first.id).web_read(form_spec)

    run_measure(
        e_env, "employee: open one meeting's form (every field)", meeting_form, repeat, rows
    )

    # -- a department head: To Approve, approve one step -------------------------
    h_env = as_user(head)
    _action, approve_domain = action_domain(
        h_env, "meeting_management.meeting_approval_action_to_approve"
    )
    approval_list_spec = view_spec(h_env, "meeting.approval", "list")

    def to_approve(env):
        env["meeting.approval"].web_search_read(
            approve_domain, approval_list_spec, limit=80, count_limit=10001
        )

    run_measure(
        h_env, "department head: To Approve list (first page + count)", to_approve, repeat, rows
    )
    step = h_env["meeting.approval"].search(approve_domain, order="deadline", limit=1)

    def approve(env):
        env["meeting.approval"].browse(step.id).action_approve()

    run_measure(h_env, "department head: approve one step", approve, repeat, rows)

    # -- a task owner's board, the coordinator's board of one meeting -------------
    o_env = as_user(owner)
    _action, task_domain = action_domain(o_env, "meeting_management.meeting_task_action")
    task_kanban_spec = view_spec(o_env, "meeting.task", "kanban")

    def task_board(env):
        env["meeting.task"].web_read_group(
            task_domain,
            ["state"],
            ["__count"],
            auto_unfold=True,
            unfold_read_specification=task_kanban_spec,
            unfold_read_default_limit=80,
        )

    run_measure(o_env, "task owner: task board (kanban by state)", task_board, repeat, rows)
    c_env = as_user(coordinator)

    def meeting_board(env):
        env["meeting.task"].web_read_group(
            [("meeting_id", "=", coordinated.id)],
            ["state"],
            ["__count"],
            auto_unfold=True,
            unfold_read_specification=task_kanban_spec,
            unfold_read_default_limit=80,
        )

    run_measure(c_env, "coordinator: task board of one meeting", meeting_board, repeat, rows)

    # -- the door ----------------------------------------------------------------
    d_env = as_user(checkin_staff)
    cr.execute(
        """
        SELECT access_token FROM meeting_attendee
         WHERE meeting_id = %s AND NOT is_checked_in AND invitation_state <> 'declined'
         ORDER BY id LIMIT %s
        """,
        (big_id, repeat + 1),
    )
    tokens = [row[0] for row in cr.fetchall()]

    def first_scan(env):
        result = env["meeting.attendee"].checkin_scan(big_id, tokens.pop(), "Lane 1")
        if result["status"] != "ok":
            raise RuntimeError(f"the scan was refused: {result}")

    run_measure(d_env, "door: first scan at the 6,000-attendee meeting", first_scan, repeat, rows)

    def signin_sheet(env):
        env["meeting.attendee"].get_signin_sheet_data(big_id)

    run_measure(
        d_env, "door: sign-in sheet of the 6,000-attendee meeting", signin_sheet, repeat, rows
    )

    # -- management -----------------------------------------------------------------
    m_env = as_user(management)
    year_ago = fields.Datetime.now() - timedelta(days=365)
    kpi_domain = [("state", "in", ("review", "closed")), ("date_start", ">=", year_ago)]
    measures = [
        "kpi_satisfaction:avg",
        "kpi_agenda_completion:avg",
        "kpi_incident_timeliness:avg",
        "kpi_objective_attainment:avg",
        "kpi_budget_variance:avg",
    ]

    def kpi_pivot(env):
        env["meeting.meeting"].formatted_read_grouping_sets(
            kpi_domain,
            [[], ["type_id"], ["date_start:quarter"], ["type_id", "date_start:quarter"]],
            measures,
        )

    def kpi_graph(env):
        env["meeting.meeting"].formatted_read_group(
            kpi_domain, ["date_start:month"], ["kpi_satisfaction:avg"]
        )

    run_measure(m_env, "management: KPI pivot over a year", kpi_pivot, repeat, rows)
    run_measure(m_env, "management: KPI graph over a year", kpi_graph, repeat, rows)

    def summary(env):
        env["meeting.meeting"]._get_management_summary(
            company, fields.Datetime.now() - timedelta(days=7), fields.Datetime.now()
        )

    run_measure(
        m_env, "management: scheduled summary (one company, one week)", summary, repeat, rows
    )

    return rows


@contextlib.contextmanager
def batch_counter(env, model, method):
    """Wrap ``method`` (called once per batch of the cron) of ``model``'s registry class:
    yields a list of (records, SQL, ms) per batch, a batch running from the end of the
    previous one to the end of this call (its claim, its work and its flush included)."""
    from odoo import sql_db  # noqa: PLC0415

    batches = []
    if not method:
        yield batches
        return
    cls = type(env[model])
    original = getattr(cls, method)
    mark = {"sql": sql_db.sql_counter, "time": time.perf_counter()}

    def wrapper(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        self.env.flush_all()
        size = args[0] if method == "_progress" else len(self)
        now_sql, now_time = sql_db.sql_counter, time.perf_counter()
        batches.append((size, now_sql - mark["sql"], (now_time - mark["time"]) * 1000))
        mark.update(sql=now_sql, time=now_time)
        return result

    setattr(cls, method, wrapper)
    try:
        yield batches
    finally:
        setattr(cls, method, original)


def print_batches(label, batches):
    if not batches:
        return
    sqls = [sql for _size, sql, _ms in batches]
    print(
        f"    {label[6:]}: {len(batches)} batches of up to {max(b[0] for b in batches)}, "
        f"{sum(b[0] for b in batches):,} records, SQL per batch min/median/max "
        f"{min(sqls)}/{statistics.median(sqls):g}/{max(sqls)} (sum {sum(sqls):,}), "
        f"ms per batch median {statistics.median(b[2] for b in batches):.0f}; "
        "records, SQL, ms: " + "; ".join(f"{size}, {sql}, {ms:.0f}" for size, sql, ms in batches),
        flush=True,
    )


def measure_crons(env):
    """The overdue and escalation crons as they run (superuser), 1 % of everything due:
    time, SQL and what they processed, to compare the SQL per batch between sizes."""
    cr = env.cr
    due = {}
    cr.execute(
        """
        SELECT count(*) FROM meeting_task t JOIN meeting_meeting m ON m.id = t.meeting_id
         WHERE t.state IN ('waiting', 'todo', 'in_progress', 'delayed')
           AND t.date_deadline < now() AT TIME ZONE 'UTC'
           AND m.state IN ('approved', 'in_progress')
        """
    )
    due["meeting.task"] = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM meeting_approval WHERE state = 'pending'"
        " AND deadline < now() AT TIME ZONE 'UTC'"
    )
    due["meeting.approval"] = cr.fetchone()[0]
    cr.execute(
        "SELECT count(*) FROM meeting_incident WHERE state = 'reported'"
        " AND sla_deadline < now() AT TIME ZONE 'UTC' AND sla_escalated_at IS NULL"
    )
    due["meeting.incident"] = cr.fetchone()[0]
    # open incidents whose next step of their type's escalation path is due
    cr.execute(
        """
        SELECT count(*) FROM meeting_incident i
          JOIN LATERAL (SELECT e.after_minutes FROM meeting_incident_escalation e
                         WHERE e.type_id = i.type_id
                         ORDER BY e.after_minutes, e.sequence, e.id
                        OFFSET coalesce(i.escalation_level, 0) LIMIT 1) nxt ON TRUE
         WHERE i.state IN ('reported', 'in_progress', 'external')
           AND i.date_reported + make_interval(mins => nxt.after_minutes)
               <= now() AT TIME ZONE 'UTC'
        """
    )
    due["_cron_escalate_plan"] = cr.fetchone()[0]
    rows = []
    cron_env = env(context={"lang": "en_US"})
    for label, model, method, batch_end in (
        (
            "cron: overdue tasks and milestone warnings",
            "meeting.task",
            "_cron_send_alerts",
            "_progress",
        ),
        ("cron: approval escalation", "meeting.approval", "_cron_escalate", "_escalate"),
        (
            "cron: incident SLA escalation",
            "meeting.incident",
            "_cron_escalate_sla",
            "_escalate_sla",
        ),
        # the escalation path of the incident types (emergency plans): one batch per run
        (
            "cron: incident escalation path",
            "meeting.incident",
            "_cron_escalate_plan",
            "_escalate_path",
        ),
    ):
        if OPTIONS["only"] and OPTIONS["only"] not in label:
            continue
        with cr.savepoint(flush=False) as savepoint:
            cron_env.invalidate_all()
            with Measure() as m, batch_counter(cron_env, model, batch_end) as batches:
                getattr(cron_env[model], method)()
                cron_env.flush_all()
            savepoint.rollback()
        print_batches(label, batches)
        cron_env.invalidate_all()
        if OPTIONS["explain"]:
            explain(cron_env, lambda env, model=model, method=method: getattr(env[model], method)())
        due_count = due.get(method, due[model])
        rows.append((label, m.seconds * 1000, m.queries, due_count))
        print(
            f"  {label:<62} {m.seconds * 1000:>9.1f} ms {m.queries:>5} SQL  ({due_count:,} due)",
            flush=True,
        )
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("BENCH_SCALE", "0.1")))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", help="measure only the lines whose label contains this")
    parser.add_argument("--no-crons", action="store_true", help="skip the cron lines")
    parser.add_argument(
        "--explain", type=int, default=0, help="EXPLAIN ANALYZE the N slowest queries of a line"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the existing database (generate only what it lacks) and keep it",
    )
    args = parser.parse_args()
    sizes = sizes_for(args.scale)
    OPTIONS.update(only=args.only, explain=args.explain)
    if not args.reuse:
        log(f"database {DB}, scale {args.scale}: {sizes}")
        create_db(DB)
    start = time.perf_counter()
    with odoo_env(DB) as env:
        # what is missing is generated: a run that stopped half-way is resumed with --reuse
        env.cr.execute("SELECT count(*) FROM res_users WHERE login LIKE 'scale\\_%%'")
        if not env.cr.fetchone()[0]:
            create_people(env, sizes)
            log(f"people in {time.perf_counter() - start:.0f} s")
        env.cr.execute("SELECT count(*) FROM meeting_meeting")
        if not env.cr.fetchone()[0]:
            insert_bulk(env, sizes)
        env.cr.execute("SELECT count(*) FROM mail_activity WHERE res_model = 'meeting.approval'")
        if not env.cr.fetchone()[0]:
            insert_activities(env)
            analyze(env)
            log(f"generated in {time.perf_counter() - start:.0f} s")
    try:
        with odoo_env(DB) as env:
            table = counts(env)
            print("\nRows:", ", ".join(f"{k} {v:,}" for k, v in table.items()))
            print(f"\n  {'line':<62} {'median':>12} {'':>5}")
            rows = measure(env, args.repeat)
            if not args.no_crons and (not args.only or "cron" in args.only):
                measure_crons(env)
            env.cr.rollback()
        # the management summary is sent by a cron: measured, not an interactive line
        interactive = [r for r in rows if "scheduled" not in r[0]]
        slow = [r for r in interactive if r[1] > INTERACTIVE_TARGET_MS]
        rows = interactive
        print(
            f"\n{len(rows) - len(slow)}/{len(rows)} interactive lines under "
            f"{INTERACTIVE_TARGET_MS} ms"
            + (f"; over: {', '.join(r[0] for r in slow)}" if slow else "")
        )
    finally:
        if not os.environ.get("KEEP_BENCH_DB") and not args.reuse:
            drop_db(DB)
    return 0


if __name__ == "__main__":
    sys.exit(main())
