"""Two Odoo servers on one database: the door, the live sheet, the crons and the survey.

Odoo scales out as several Odoo servers (each ``--workers=N``) on one PostgreSQL database,
behind a reverse proxy (``doc/nginx.conf``), with ``proxy_mode`` and a shared filestore. This
check starts two such servers on this machine on one database and one data directory and
proves, through the same HTTP API the browsers use:

1. kiosks scanning on both servers: scans/s with one server, then with two; codes scanned on
   both servers at once are checked in once (one ``ok`` line, the other ``already``);
2. a live sign-in sheet connected (websocket) to server B is told of check-ins made on server
   A (Odoo's bus crosses servers through PostgreSQL ``NOTIFY``), and its data on B lists
   every check-in made on either server;
3. crons enabled on both servers (one cron worker each) run each job once: every overdue
   approval step escalated once, every late incident escalated once, every overdue task
   alerted once;
4. a survey answer submitted through server A and server B at the same instant for the same
   attendee is stored once.

It exits non-zero when an exactly-once check fails, so CI runs it in a small size:

    BENCH_SCANS=200 .venv/bin/python bench/scale_out.py        # CI
    .venv/bin/python bench/scale_out.py                        # 2,000 scans per phase

Environment: ``BENCH_DB`` (default meetings_bench_scale_out), ``BENCH_PORT`` (server A; B
uses +10), ``BENCH_SCANS``, ``BENCH_WORKERS`` (per server, default 2), ``KEEP_BENCH_DB=1``.
"""

import json
import os
import re
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import _common
import requests
from _common import create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench_scale_out")
PORT_A = int(os.environ.get("BENCH_PORT", "8290"))
PORT_B = PORT_A + 10
SCANS = int(os.environ.get("BENCH_SCANS", "2000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
LANES = 4  # per server
BOTH_SERVERS_SHARE = 10  # every 10th code of the two-server phase is scanned on A and on B
SURVEY_ATTENDEES = max(10, SCANS // 20)
CRON_RECORDS = max(20, SCANS // 10)
LOGIN, PASSWORD = "bench_door", "bench_door_pw"
CRON_XMLIDS = (
    "meeting_management.ir_cron_meeting_approval_escalation",
    "meeting_management.ir_cron_incident_sla",
    "meeting_management.ir_cron_meeting_task_alerts",
)


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# ----------------------------------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------------------------------
def setup_data():
    from escalation import setup as overdue_steps  # noqa: PLC0415 - the escalation bench's data

    with odoo_env(DB) as env:
        env = env(
            context={"tracking_disable": True, "mail_create_nolog": True, "no_reset_password": True}
        )
        Users = env["res.users"]
        staff = Users.create(
            {
                "name": "Door Staff",
                "login": LOGIN,
                "password": PASSWORD,
                "email": "door@example.com",
                "tz": "Asia/Shanghai",
                "group_ids": [
                    (4, env.ref("base.group_user").id),
                    (4, env.ref("meeting_management.group_meeting_checkin").id),
                ],
            }
        )
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        meeting_type = env.ref("meeting_management.meeting_type_client")
        summit, survey_meeting, tasks_meeting = env["meeting.meeting"].create(
            [
                {
                    "name": "Scale-out Summit",
                    "type_id": meeting_type.id,
                    "date_start": now,
                    "date_end": now + timedelta(hours=6),
                    "checkin_staff_ids": [(4, staff.id)],
                },
                {
                    "name": "Scale-out Survey",
                    "type_id": meeting_type.id,
                    "date_start": now - timedelta(days=1),
                    "date_end": now - timedelta(days=1) + timedelta(hours=3),
                },
                {
                    "name": "Scale-out Preparation",
                    "type_id": meeting_type.id,
                    "date_start": now + timedelta(days=3),
                    "date_end": now + timedelta(days=3, hours=3),
                    "executor_id": staff.id,
                },
            ]
        )
        # the states these meetings reached through the flow (tested elsewhere)
        env.cr.execute(
            "UPDATE meeting_meeting SET state = CASE WHEN id = %s THEN 'review' "
            "WHEN id = %s THEN 'in_progress' ELSE 'approved' END WHERE id IN %s",
            [survey_meeting.id, summit.id, (summit.id, survey_meeting.id, tasks_meeting.id)],
        )
        env["meeting.attendee"].create(
            [
                {"meeting_id": summit.id, "name": f"Guest {i:05d}", "company_name": "Bench"}
                for i in range(3 * SCANS)
            ]
        )
        voters = env["meeting.attendee"].create(
            [
                {"meeting_id": survey_meeting.id, "name": f"Voter {i:05d}"}
                for i in range(SURVEY_ATTENDEES)
            ]
        )
        voters._ensure_feedback_token()  # what finishing the meeting does before inviting
        # late incidents on the summit, each to be escalated once
        handler = Users.create({"name": "Bench Handler", "login": "bench_handler"})
        incident_type = env["meeting.incident.type"].search([], limit=1)
        incidents = env["meeting.incident"].create(
            [
                {
                    "meeting_id": summit.id,
                    "name": f"Late incident {i}",
                    "type_id": incident_type.id,
                    "handler_id": handler.id,
                    "urgency": "high",
                }
                for i in range(CRON_RECORDS)
            ]
        )
        env.flush_all()  # the computed deadlines first, then ours
        env.cr.execute(
            "UPDATE meeting_incident SET sla_deadline = %s WHERE id IN %s",
            [now - timedelta(minutes=5), tuple(incidents.ids)],
        )
        # overdue tasks, each to be alerted once
        env["meeting.task"].create(
            [
                {
                    "meeting_id": tasks_meeting.id,
                    "name": f"Overdue task {i}",
                    "user_id": staff.id,
                    "date_deadline": now - timedelta(hours=30),
                }
                for i in range(CRON_RECORDS)
            ]
        )
        steps = overdue_steps(env, CRON_RECORDS)
        # the crons wait until both servers are up: then they are due at the same instant
        crons = env["ir.cron"].browse([env.ref(x).id for x in CRON_XMLIDS])
        crons.write({"active": True, "nextcall": now + timedelta(days=1)})
        env.cr.execute(
            "SELECT access_token FROM meeting_attendee WHERE meeting_id = %s ORDER BY id",
            [summit.id],
        )
        tokens = [r[0] for r in env.cr.fetchall()]
        env.cr.execute(
            "SELECT feedback_token FROM meeting_attendee WHERE meeting_id = %s ORDER BY id",
            [survey_meeting.id],
        )
        feedback_tokens = [r[0] for r in env.cr.fetchall()]
        return {
            "meeting_id": summit.id,
            "survey_meeting_id": survey_meeting.id,
            "tasks_meeting_id": tasks_meeting.id,
            "tokens": tokens,
            "feedback_tokens": feedback_tokens,
            "incident_ids": incidents.ids,
            "step_ids": steps.ids,
            "cron_ids": crons.ids,
        }


# ----------------------------------------------------------------------------------------------
# Servers and clients
# ----------------------------------------------------------------------------------------------
def start_servers():
    options = (
        f"--workers={WORKERS}",
        "--max-cron-threads=1",
        "--proxy-mode",
        "--limit-time-real=600",
        "--limit-time-cpu=600",
    )
    # start_server passes --max-cron-threads=0 first; the later option wins
    return [_common.start_server(DB, port, *options) for port in (PORT_A, PORT_B)]


def url(port):
    return f"http://127.0.0.1:{port}"


def new_session(port):
    return _common.web_session(url(port), DB, LOGIN, PASSWORD)


def call_kw(session, port, model, method, args):
    return _common.call_kw(session, url(port), model, method, args)


def scan_lanes(data, plan):
    """``plan``: one (port, lane name, codes) per lane, all started at once.
    Returns (seconds, statuses)."""
    sessions = [new_session(port) for port, _lane, _codes in plan]
    statuses = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(plan) + 1)

    def worker(index):
        port, lane, codes = plan[index]
        local = []
        barrier.wait()
        for code in codes:
            result = call_kw(
                sessions[index],
                port,
                "meeting.attendee",
                "checkin_scan",
                [data["meeting_id"], code, lane],
            )
            local.append((code, lane, result["status"]))
        with lock:
            statuses.extend(local)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(plan))]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - start, statuses


class SheetListener:
    """A live sign-in sheet's websocket on one server: the check-in notifications it gets."""

    def __init__(self, port, session, meeting_id):
        import websocket  # noqa: PLC0415 - websocket-client, installed for the browser tours

        gevent_port = port + 1
        self.ws = websocket.create_connection(
            f"ws://127.0.0.1:{gevent_port}/websocket",
            cookie=f"session_id={session.cookies['session_id']}",
            origin=f"http://127.0.0.1:{gevent_port}",
            timeout=5,
        )
        self.ws.send(
            json.dumps(
                {
                    "event_name": "subscribe",
                    "data": {"channels": [f"meeting_management.checkin:{meeting_id}"], "last": 0},
                }
            )
        )
        self.lanes = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self):
        import websocket  # noqa: PLC0415

        while not self.stop.is_set():
            try:
                raw = self.ws.recv()
            except websocket.WebSocketTimeoutException:
                continue
            except (websocket.WebSocketConnectionClosedException, OSError):
                return
            for notification in json.loads(raw or "[]"):
                message = notification.get("message") or {}
                if message.get("type") == "meeting_management/checkin":
                    self.lanes.append(message["payload"].get("lane"))

    def close(self):
        self.stop.set()
        self.ws.close()


# ----------------------------------------------------------------------------------------------
# Checks
# ----------------------------------------------------------------------------------------------
def survey_race(data):
    """Each voter submits through A and B at the same instant."""
    outcomes = []
    for token in data["feedback_tokens"]:
        forms = []
        for port in (PORT_A, PORT_B):
            session = requests.Session()
            page = session.get(f"{url(port)}/meeting/feedback/{token}", timeout=30)
            match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            if not match:
                raise RuntimeError(f"no survey form on server {port}: {page.status_code}")
            forms.append((port, session, match.group(1)))
        barrier = threading.Barrier(2)
        codes = {}

        def submit(port, session, csrf, barrier=barrier, codes=codes, token=token):
            payload = {f"score_{key}": "4" for key in ("overall", "agenda", "venue")}
            payload.update(score_catering="3", score_service="5", csrf_token=csrf)
            payload["suggestions"] = "Two servers, one answer."
            barrier.wait()
            response = session.post(
                f"{url(port)}/meeting/feedback/{token}/submit", data=payload, timeout=60
            )
            codes[port] = response.status_code

        threads = [threading.Thread(target=submit, args=form) for form in forms]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(codes)
    return outcomes


def trigger_crons(data):
    """Make the three crons due now and wake both servers' cron workers."""
    with odoo_env(DB) as env:
        env.cr.execute(
            "UPDATE ir_cron SET nextcall = now() AT TIME ZONE 'UTC' - interval '1 second' "
            "WHERE id IN %s",
            [tuple(data["cron_ids"])],
        )
        env.cr.execute("NOTIFY cron_trigger, %s", [DB])


def wait_crons(data, timeout=240):
    """Until each cron ran once since it was triggered (its next call moved forward)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        with odoo_env(DB) as env:
            env.cr.execute(
                "SELECT count(*) FROM ir_cron WHERE id IN %s "
                "AND nextcall > now() AT TIME ZONE 'UTC' + interval '1 minute'",
                [tuple(data["cron_ids"])],
            )
            if env.cr.fetchone()[0] == len(data["cron_ids"]):
                return True
        time.sleep(2)
    return False


def verify(data, scanned_codes, both_codes, survey_outcomes, listener_lanes):
    failures = []
    with odoo_env(DB) as env:
        cr = env.cr
        cr.execute(
            "SELECT count(*) FROM meeting_attendee WHERE meeting_id = %s AND is_checked_in",
            [data["meeting_id"]],
        )
        checked_in = cr.fetchone()[0]
        cr.execute(
            "SELECT l.attendee_id, count(*) FROM meeting_checkin_log l WHERE l.meeting_id = %s "
            "AND l.result = 'ok' GROUP BY l.attendee_id HAVING count(*) > 1",
            [data["meeting_id"]],
        )
        doubled = cr.fetchall()
        print(
            f"check-in: {len(scanned_codes)} distinct codes scanned ({len(both_codes)} on both "
            f"servers at once), {checked_in} checked in, {len(doubled)} attendees with two "
            "'ok' lines"
        )
        if checked_in != len(scanned_codes) or doubled:
            failures.append("check-in not exactly once")

        cr.execute(
            "SELECT count(*), count(DISTINCT attendee_id) FROM meeting_feedback "
            "WHERE meeting_id = %s",
            [data["survey_meeting_id"]],
        )
        answers, voters = cr.fetchone()
        accepted = sum(1 for codes in survey_outcomes if 200 in codes.values())
        print(
            f"survey: {len(survey_outcomes)} voters submitted through A and B at once -> "
            f"{answers} answers stored ({voters} voters); responses "
            f"{sorted({tuple(sorted(c.values())) for c in survey_outcomes})}"
        )
        if answers != len(survey_outcomes) or voters != answers or accepted != answers:
            failures.append("survey answer not stored exactly once")

        cr.execute(
            "SELECT count(*) FILTER (WHERE escalation_count = 1), "
            "count(*) FILTER (WHERE escalation_count > 1) FROM meeting_approval WHERE id IN %s",
            [tuple(data["step_ids"])],
        )
        once, twice = cr.fetchone()
        print(f"cron approval escalation: {once}/{len(data['step_ids'])} once, {twice} twice")
        if once != len(data["step_ids"]) or twice:
            failures.append("approval escalation not exactly once")

        cr.execute(
            "SELECT i.id, count(m.id) FROM meeting_incident i LEFT JOIN mail_message m "
            "ON m.model = 'meeting.incident' AND m.res_id = i.id "
            "AND m.message_type = 'notification' WHERE i.id IN %s GROUP BY i.id",
            [tuple(data["incident_ids"])],
        )
        per_incident = [count for _id, count in cr.fetchall()]
        print(
            f"cron incident escalation: {per_incident.count(1)}/{len(per_incident)} once, "
            f"{sum(1 for c in per_incident if c > 1)} more than once"
        )
        if per_incident.count(1) != len(per_incident):
            failures.append("incident escalation not exactly once")

        cr.execute(
            "SELECT count(*) FILTER (WHERE overdue_alert_sent_at IS NOT NULL), count(*) "
            "FROM meeting_task WHERE meeting_id = %s",
            [data["tasks_meeting_id"]],
        )
        alerted, tasks = cr.fetchone()
        cr.execute(
            "SELECT t.id, count(a.id) FROM meeting_task t LEFT JOIN mail_activity a "
            "ON a.res_model = 'meeting.task' AND a.res_id = t.id WHERE t.meeting_id = %s "
            "GROUP BY t.id HAVING count(a.id) > 1",
            [data["tasks_meeting_id"]],
        )
        doubled_tasks = cr.fetchall()
        print(
            f"cron task alerts: {alerted}/{tasks} alerted, {len(doubled_tasks)} with more "
            "than one activity"
        )
        if alerted != tasks or doubled_tasks:
            failures.append("task alerts not exactly once")

        cr.execute(
            "SELECT count(*) FROM meeting_checkin_log WHERE meeting_id = %s AND notified "
            "AND lane LIKE 'A-%%'",
            [data["meeting_id"]],
        )
        announced_on_a = cr.fetchone()[0]
        from_a = sum(1 for lane in listener_lanes if (lane or "").startswith("A-"))
        print(
            f"bus: the sheet on server B received {len(listener_lanes)} check-in "
            f"notifications, {from_a} of them from scans on server A ({announced_on_a} "
            "announced on A)"
        )
        if not from_a:
            failures.append("the bus did not cross servers")
    return failures


def main():
    log(f"database {DB}: two servers on ports {PORT_A} and {PORT_B}, --workers={WORKERS} each")
    create_db(DB)
    servers = []
    try:
        data = setup_data()
        servers = start_servers()
        tokens = data["tokens"]
        one = tokens[:SCANS]
        two = tokens[SCANS : 2 * SCANS]
        both = two[::BOTH_SERVERS_SHARE]
        both_set = set(both)

        # 1. one server
        plan = [(PORT_A, f"A-{i + 1}", one[i::LANES]) for i in range(LANES)]
        seconds_one, statuses_one = scan_lanes(data, plan)
        rate_one = len(statuses_one) / seconds_one
        log(f"one server, {LANES} lanes: {len(statuses_one)} scans, {rate_one:.1f} scans/s")

        # 2. two servers, a sheet listening on B; every 10th code also scanned on the other
        sheet_session = new_session(PORT_B)
        listener = SheetListener(PORT_B, sheet_session, data["meeting_id"])
        time.sleep(1)
        # A scans the even positions, B the odd ones and, at the same time, every 10th code
        # (even positions: A scans them too)
        codes_a = two[0::2]
        codes_b = [code for index, code in enumerate(two) if index % 2 or code in both_set]
        plan = [(PORT_A, f"A-{i + 1}", codes_a[i::LANES]) for i in range(LANES)]
        plan += [(PORT_B, f"B-{i + 1}", codes_b[i::LANES]) for i in range(LANES)]
        seconds_two, statuses_two = scan_lanes(data, plan)
        rate_two = len(statuses_two) / seconds_two
        log(f"two servers, {LANES} lanes each: {len(statuses_two)} scans, {rate_two:.1f} scans/s")
        time.sleep(3)  # the last notification of the throttle window
        sheet = call_kw(
            sheet_session,
            PORT_B,
            "meeting.attendee",
            "get_signin_sheet_data",
            [data["meeting_id"], 0],
        )
        listener.close()

        # 3. survey through both servers at once
        survey_outcomes = survey_race(data)

        # 4. crons due at once on both servers
        trigger_crons(data)
        ran = wait_crons(data)
        log("crons ran" if ran else "crons did not all run in time")

        scanned = set(one) | {code for code, _lane, _status in statuses_two}
        failures = verify(data, scanned, set(both), survey_outcomes, listener.lanes)
        sheet_count = len(sheet["checked_list"])
        print(f"sheet on server B: {sheet_count} lines checked in (scanned: {len(scanned)})")
        if sheet_count != len(scanned):
            failures.append("the sheet on server B misses check-ins")
        if not ran:
            failures.append("the crons did not run")
        print()
        print("| servers | lanes | scans | scans/s |")
        print("| --- | ---: | ---: | ---: |")
        print(f"| 1 (A) | {LANES} | {len(statuses_one)} | {rate_one:.1f} |")
        print(f"| 2 (A + B) | {2 * LANES} | {len(statuses_two)} | {rate_two:.1f} |")
        print()
        if failures:
            print("FAILED: " + "; ".join(failures))
            return 1
        print(
            "exactly once: check-in, survey answer, approval escalation, incident escalation, "
            "task alerts; the bus crosses servers"
        )
        return 0
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=30)
            except Exception:  # noqa: BLE001 - a server that does not stop is killed
                server.kill()
        if os.environ.get("KEEP_BENCH_DB") != "1":
            drop_db(DB)


if __name__ == "__main__":
    sys.exit(main())
