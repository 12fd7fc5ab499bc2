"""Monitoring report (模板4) benchmark.

A meeting with 2,000 attendees, 1,500 survey answers, 200 tasks and 50 incidents: seconds and
SQL queries to build the report data, render the PDF (wkhtmltopdf) and the Excel workbook.
The same measures on a meeting with 500 attendees / 375 answers show that the number of
queries does not grow with the number of attendees. The PDF is rendered in English and in
Simplified Chinese (the median of ``BENCH_PDF_RUNS`` renders, default 3); its size, page count
and embedded faces are printed.

wkhtmltopdf loads the report's stylesheets from the Odoo server (``report.url``), as in
production: the benchmark starts one on ``BENCH_PORT``. Without a server the PDF is rendered
without any stylesheet, which is not what users get.

    VENV=... BENCH_DB=mb_s4 BENCH_PORT=8172 .venv/bin/python bench/report.py
"""

import os
import random
import re
from datetime import datetime, timedelta

import _common
from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench")
PORT = int(os.environ.get("BENCH_PORT", "8172"))
URL = f"http://127.0.0.1:{PORT}"
LANGS = ("en_US", "zh_CN")
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "3"))


def start_server():
    """An Odoo server for wkhtmltopdf to fetch the report assets from."""
    return _common.start_server(DB, PORT)


def pdf_facts(content):
    """Pages and embedded font names of a PDF (wkhtmltopdf writes them uncompressed)."""
    pages = len(re.findall(rb"/Type\s*/Page\b", content))
    fonts = sorted(
        {name.split(b"+")[-1].decode() for name in re.findall(rb"/FontName\s*/(\S+)", content)}
    )
    return pages, fonts


def build_meeting(env, attendees, answers, tasks=200, incidents=50):
    start = datetime(2024, 3, 20, 1, 0)
    meeting_type = env.ref("meeting_management.meeting_type_client")
    user = env.ref("base.user_admin")
    meeting = env["meeting.meeting"].create(
        {
            "name": f"Bench summit {attendees}",
            "type_id": meeting_type.id,
            "date_start": start,
            "date_end": start + timedelta(hours=9),
            "venue": "国际会议中心",
            "initiator_id": user.id,
            "executor_id": user.id,
            "expected_external_count": attendees,
            "objective_ids": [
                (0, 0, {"name": "Dealers", "target_value": 50, "actual_value": 48}),
                (0, 0, {"name": "Orders", "target_value": 300, "actual_value": 315}),
            ],
            "budget_line_ids": [
                (0, 0, {"category": cat, "amount_planned": 100000, "amount_actual": 98000 + i})
                for i, cat in enumerate(("venue", "materials", "catering", "travel", "other"))
            ],
        }
    )
    rnd = random.Random(attendees)
    people = env["meeting.attendee"].create(
        [
            {
                "meeting_id": meeting.id,
                "name": f"Guest {i}",
                "email": f"g{i}@example.com",
                "phone": f"1380000{i:04d}",
                "is_checked_in": rnd.random() < 0.95,
            }
            for i in range(attendees)
        ]
    )
    env["meeting.task"].create(
        [
            {
                "meeting_id": meeting.id,
                "name": f"Task {i}",
                "user_id": user.id,
                "date_deadline": start - timedelta(days=5, hours=i),
                "date_done": start
                - timedelta(days=5, hours=i)
                + timedelta(hours=rnd.choice((-2, -1, 2))),
                "state": "done",
            }
            for i in range(tasks)
        ]
    )
    env["meeting.agenda.item"].create(
        [
            {
                "meeting_id": meeting.id,
                "name": f"Session {i}",
                "date_start": start + timedelta(minutes=50 * i),
                "date_end": start + timedelta(minutes=50 * i + 45),
                "actual_start": start + timedelta(minutes=50 * i + rnd.randint(0, 5)),
                "actual_end": start + timedelta(minutes=50 * i + 45 + rnd.randint(0, 10)),
                "state": "done",
            }
            for i in range(10)
        ]
    )
    device = env.ref("meeting_management.incident_type_device")
    catering = env.ref("meeting_management.incident_type_catering")
    env["meeting.incident"].create(
        [
            {
                "meeting_id": meeting.id,
                "name": f"Projector issue {i}" if i % 3 == 0 else f"Catering issue {i}",
                "type_id": (device if i % 3 == 0 else catering).id,
                "handler_id": user.id,
                "date_reported": start + timedelta(minutes=5 * i),
                "sla_deadline": start + timedelta(minutes=5 * i + 15),
                "date_responded": start + timedelta(minutes=5 * i + rnd.randint(2, 20)),
                "cause": "cable",
                "resolution": "fixed",
                "state": "resolved",
            }
            for i in range(incidents)
        ]
    )
    meeting.state = "review"
    env["meeting.feedback"].create(
        [
            {
                "meeting_id": meeting.id,
                "attendee_id": attendee.id,
                **{
                    f"score_{k}": rnd.randint(3, 5)
                    for k in ("overall", "agenda", "venue", "catering", "service")
                },
            }
            for attendee in people[:answers]
        ]
    )
    env["report.meeting_management.report_meeting_monitoring"]._draft_texts(meeting, force=True)
    return meeting.id


def measure(env, meeting_id, facts=None):
    meeting = env["meeting.meeting"].browse(meeting_id)
    results = {}
    env.invalidate_all()
    with Measure() as m:
        env["report.meeting_management.report_meeting_monitoring"]._get_report_data(meeting)
    results["report data"] = m
    for lang in LANGS:
        # the median of PDF_RUNS renders: wkhtmltopdf's time moves with the machine's load
        runs = []
        for _run in range(PDF_RUNS):
            env.invalidate_all()
            with Measure() as m:
                content, _kind = (
                    env["ir.actions.report"]
                    .with_context(lang=lang)
                    ._render_qweb_pdf(
                        "meeting_management.action_report_meeting_monitoring", [meeting_id]
                    )
                )
            runs.append(m)
        results[f"PDF {lang}"] = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
        if facts is not None:
            facts[lang] = (len(content), *pdf_facts(content))
    env.invalidate_all()
    with Measure() as m:
        content = env["report.meeting_management.report_meeting_monitoring"]._get_workbook(meeting)
    results[f"workbook ({len(content) // 1024} KiB)"] = m
    return results


def main():
    create_db(DB)
    server = None
    try:
        with odoo_env(DB) as env:
            lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "zh_CN")])
            env["base.language.install"].create({"lang_ids": [(6, 0, lang.ids)]}).lang_install()
            env["ir.config_parameter"].set_param("report.url", URL)
            big = build_meeting(env, 2000, 1500)
            small = build_meeting(env, 500, 375)
            env.cr.commit()
            server = start_server()
            # warm the caches (QWeb compilation, assets) so both runs compare the same work
            measure(env, small)
            res_small = measure(env, small)
            facts = {}
            res_big = measure(env, big, facts)
            print(
                f"{'step':<32} {'500 att. s':>10} {'queries':>8} {'2000 att. s':>12} {'queries':>8}"
            )
            for m_s, (name, m_b) in zip(res_small.values(), res_big.items(), strict=True):
                print(
                    f"{name:<32} {m_s.seconds:>10.3f} {m_s.queries:>8} "
                    f"{m_b.seconds:>12.3f} {m_b.queries:>8}"
                )
            for lang, (size, pages, fonts) in facts.items():
                seconds = res_big[f"PDF {lang}"].seconds
                print(
                    f"PDF at 2,000 attendees, {lang}: {size / 1024:.0f} KiB, {pages} pages, "
                    f"{seconds:.2f} s; faces: {', '.join(fonts)}"
                )
    finally:
        if server:
            server.terminate()
            server.wait(timeout=30)
        if os.environ.get("KEEP_BENCH_DB") != "1":
            drop_db(DB)


if __name__ == "__main__":
    main()
