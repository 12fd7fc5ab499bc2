"""Offline check-in lanes benchmark: 4 lanes sync their queued scans at once.

A fresh database (no demo data), one meeting of 1,950 attendees, 4 check-in staff users, one
Odoo server ``--workers=2`` on loopback. Each lane is prepared over JSON-RPC (what the kiosk
downloads), then queues 500 scans offline built from its own download (attendee id + keyed
hash, scan times over the last 40 minutes); 50 people are scanned on two lanes (25 on lanes
1 and 2, 25 on lanes 3 and 4) at different times. Then the 4 lanes send their 500-scan batch
at the same instant (``checkin_lane_sync`` through ``call_kw``), and lane 1 sends its batch a
second time (the answer was "lost"). Printed: the time of each batch, the SQL statements per
sync counted in-process (like ``bench/checkin.py``) for a batch of 50 and of 500 scans, and
the check of the database: every person checked in once at their earliest scan, one log line
per scan, 50 duplicates, nothing lost, nothing doubled.

    VENV=/work/main/.venv BENCH_DB=mb_offline BENCH_PORT=8411 \
        /work/main/.venv/bin/python bench/checkin_offline.py

Environment: BENCH_DB, BENCH_PORT (gevent port = +1), KEEP_BENCH_DB=1 to keep the database.
"""

import os
import random
import secrets
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _common
from _common import Measure, create_db, drop_db, odoo_env

DB = os.environ.get("BENCH_DB", "meetings_bench_offline")
PORT = int(os.environ.get("BENCH_PORT", "8411"))
URL = f"http://127.0.0.1:{PORT}"
LANES = 4
BATCH = 500
SHARED_PER_PAIR = 25  # people scanned on lanes 1+2, and on lanes 3+4: 50 in all
PEOPLE = LANES * BATCH - 2 * SHARED_PER_PAIR
COUNT_SIZES = (50, 500)  # batch sizes of the in-process query count


def login(index):
    return f"bench_lane{index}"


# ----------------------------------------------------------------------------------------------
# Fixtures
# ----------------------------------------------------------------------------------------------
def setup_data():
    with odoo_env(DB) as env:
        env = env(
            context={"tracking_disable": True, "mail_create_nolog": True, "no_reset_password": True}
        )
        groups = [
            (4, env.ref("base.group_user").id),
            (4, env.ref("meeting_management.group_meeting_checkin").id),
        ]
        users = env["res.users"].create(
            [
                {
                    "name": f"Lane Staff {i}",
                    "login": login(i),
                    "password": login(i),
                    "tz": "Asia/Shanghai",
                    "group_ids": groups,
                }
                for i in range(LANES + 1)  # the last one counts the queries
            ]
        )
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        meeting = env["meeting.meeting"].create(
            {
                "name": "Offline Bench Summit",
                "type_id": env.ref("meeting_management.meeting_type_client").id,
                "date_start": now,
                "date_end": now + timedelta(hours=6),
                "checkin_staff_ids": [(6, 0, users.ids)],
            }
        )
        env.cr.execute("UPDATE meeting_meeting SET state = 'approved' WHERE id = %s", [meeting.id])
        attendees = env["meeting.attendee"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": f"Guest {i:05d}",
                    "company_name": f"Company {i % 97}",
                }
                for i in range(PEOPLE + sum(COUNT_SIZES))
            ]
        )
        return {
            "meeting_id": meeting.id,
            "people": attendees.ids[:PEOPLE],
            "spare": attendees.ids[PEOPLE:],
            "counter_uid": users[-1].id,
        }


def lane_people(people):
    """The 500 people of each lane: lanes 1+2 share 25, lanes 3+4 share 25."""
    step = BATCH - SHARED_PER_PAIR
    first = people[0:BATCH]
    second = people[step : step + BATCH]
    third = people[step + BATCH : step + 2 * BATCH]
    fourth = people[2 * step + BATCH : 2 * step + 2 * BATCH]
    lanes = [first, second, third, fourth]
    assert all(len(lane) == BATCH for lane in lanes), [len(lane) for lane in lanes]
    assert len({aid for lane in lanes for aid in lane}) == PEOPLE
    return lanes


def queue(prepared, attendee_ids, now, rng):
    """What a lane queues offline: one scan per person from its download, at its own time."""
    hashes = {line["id"]: line["h"] for line in prepared["attendees"]}
    return [
        {
            "uid": secrets.token_urlsafe(16),
            "scanned_at": (now - timedelta(seconds=rng.randint(60, 2400))).strftime(
                "%Y-%m-%d %H:%M:%S"
            ),
            "kind": "scan",
            "attendee_id": aid,
            "h": hashes[aid],
        }
        for aid in attendee_ids
    ]


def count_queries(data):
    """SQL statements per sync, in-process, for a batch of 50 and of 500 fresh scans (warm
    caches; the transaction is rolled back)."""
    with odoo_env(DB) as env:
        staff = env(user=data["counter_uid"])
        Attendee = staff["meeting.attendee"]
        prepared = Attendee.checkin_lane_prepare(data["meeting_id"], "count")
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        rng = random.Random(7)
        spare = list(data["spare"])
        warm = queue(prepared, spare[:1], now, rng)
        Attendee.checkin_lane_sync(data["meeting_id"], prepared["lane_uid"], warm)
        env.flush_all()
        env.cr.precommit.run()
        counts, offset = {}, 1
        for size in COUNT_SIZES:
            scans = queue(prepared, spare[offset : offset + size], now, rng)
            offset += size
            env.invalidate_all()
            with Measure() as m:
                answer = Attendee.checkin_lane_sync(data["meeting_id"], prepared["lane_uid"], scans)
                env.flush_all()
                env.cr.precommit.run()
            assert all(r["status"] == "ok" for r in answer["results"]), answer["results"][:3]
            counts[size] = (m.queries, m.seconds)
        env.cr.rollback()
        return counts


# ----------------------------------------------------------------------------------------------
# Clients
# ----------------------------------------------------------------------------------------------
def new_session(user_login):
    return _common.web_session(URL, DB, user_login, user_login)


def call_kw(session, method, args):
    return _common.call_kw(session, URL, "meeting.attendee", method, args, timeout=120)


def sync_all(sessions, data, prepared, batches):
    """Every lane sends its batch at the same instant: {lane: (seconds, answer)}."""
    barrier = threading.Barrier(len(batches))
    out, errors = {}, []

    def worker(index):
        try:
            barrier.wait()
            t0 = time.perf_counter()
            answer = call_kw(
                sessions[index],
                "checkin_lane_sync",
                [data["meeting_id"], prepared[index]["lane_uid"], batches[index]],
            )
            out[index] = (time.perf_counter() - t0, answer)
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(errors)
    return out


def verify(data, batches):
    """Exactly once: per person one check-in at their earliest scan, one log line per scan."""
    earliest = {}
    for lane_index, batch in enumerate(batches):
        for scan in batch:
            key = (scan["scanned_at"], f"L{lane_index + 1}")
            earliest[scan["attendee_id"]] = min(earliest.get(scan["attendee_id"], key), key)
    with odoo_env(DB) as env:
        cr = env.cr
        cr.execute(
            "SELECT id, is_checked_in, to_char(checkin_date, 'YYYY-MM-DD HH24:MI:SS'), "
            "checkin_lane FROM meeting_attendee WHERE id = ANY(%s)",
            [data["people"]],
        )
        rows = cr.fetchall()
        not_checked = sum(1 for _id, checked, _d, _l in rows if not checked)
        wrong_time = sum(1 for aid, _c, date, lane in rows if (date, lane) != earliest.get(aid))
        cr.execute(
            "SELECT result, count(*) FROM meeting_checkin_log WHERE meeting_id = %s "
            "AND lane LIKE 'L_' GROUP BY result",
            [data["meeting_id"]],
        )
        results = dict(cr.fetchall())
        cr.execute(
            "SELECT count(*) FROM (SELECT attendee_id FROM meeting_checkin_log WHERE "
            "meeting_id = %s AND result = 'ok' GROUP BY attendee_id HAVING count(*) > 1) d",
            [data["meeting_id"]],
        )
        doubled = cr.fetchone()[0]
        uids = [scan["uid"] for batch in batches for scan in batch]
        cr.execute(
            "SELECT count(DISTINCT client_uid), count(*) FROM meeting_checkin_log "
            "WHERE client_uid = ANY(%s)",
            [uids],
        )
        logged_uids, logged_lines = cr.fetchone()
        cr.execute(
            "SELECT client_uid, result FROM meeting_checkin_log WHERE client_uid = ANY(%s)",
            [uids],
        )
        log_result_of = dict(cr.fetchall())
    return {
        "people": len(rows),
        "not_checked_in": not_checked,
        "not_at_earliest_scan": wrong_time,
        "log_results": results,
        "people_with_two_ok_lines": doubled,
        "scans_sent": len(uids),
        "scans_logged": logged_uids,
        "log_lines": logged_lines,
        "log_result_of": log_result_of,
    }


def main():
    print(f"Creating {DB} with meeting_management ...", flush=True)
    create_db(DB)
    data = setup_data()
    counts = count_queries(data)
    server = _common.start_server(
        DB, PORT, "--workers=2", "--limit-time-real=600", "--limit-time-cpu=600"
    )
    try:
        sessions = [new_session(login(i)) for i in range(LANES)]
        t0 = time.perf_counter()
        prepared = [
            call_kw(sessions[i], "checkin_lane_prepare", [data["meeting_id"], f"L{i + 1}"])
            for i in range(LANES)
        ]
        prepare_seconds = (time.perf_counter() - t0) / LANES
        now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
        rng = random.Random(16)
        batches = [
            queue(prepared[i], people, now, rng)
            for i, people in enumerate(lane_people(data["people"]))
        ]
        # the two scans of a shared person are at different seconds (the earliest is known)
        first_time = {}
        for batch in batches:
            for scan in batch:
                while first_time.get(scan["attendee_id"]) == scan["scanned_at"]:
                    scan["scanned_at"] = (
                        datetime.strptime(scan["scanned_at"], "%Y-%m-%d %H:%M:%S")
                        - timedelta(seconds=1)
                    ).strftime("%Y-%m-%d %H:%M:%S")
                first_time.setdefault(scan["attendee_id"], scan["scanned_at"])
        # warm-up: each worker loads the registry and the routes (pings, no scan)
        for i in range(LANES):
            for _call in range(2):
                call_kw(
                    sessions[i],
                    "checkin_lane_ping",
                    [data["meeting_id"], prepared[i]["lane_uid"], 0],
                )
        wall0 = time.perf_counter()
        synced = sync_all(sessions, data, prepared, batches)
        wall = time.perf_counter() - wall0
        t0 = time.perf_counter()
        again = call_kw(
            sessions[0],
            "checkin_lane_sync",
            [data["meeting_id"], prepared[0]["lane_uid"], batches[0]],
        )
        resend_seconds = time.perf_counter() - t0
    finally:
        server.terminate()
        server.wait(30)
    statuses = {}
    for _seconds, answer in synced.values():
        for result in answer["results"]:
            statuses[result["status"]] = statuses.get(result["status"], 0) + 1
    check = verify(data, batches)
    # the re-sent batch gets the recorded results: the first ones, except a first "ok" that an
    # earlier scan of another lane replaced since (then "duplicate", as in the log)
    first = synced[0][1]["results"]
    same_again = [r["uid"] for r in again["results"]] == [r["uid"] for r in first] and all(
        r["status"] == check["log_result_of"][r["uid"]] for r in again["results"]
    )
    replaced = sum(
        1 for a, b in zip(first, again["results"], strict=True) if a["status"] != b["status"]
    )
    check.pop("log_result_of")

    print()
    print(f"{LANES} lanes x {BATCH} offline scans, {PEOPLE} people, 50 of them on two lanes")
    print(f"prepare (download of {PEOPLE} attendees), per lane: {prepare_seconds * 1000:.0f} ms")
    for index in sorted(synced):
        seconds, _answer = synced[index]
        print(f"sync of lane L{index + 1}, {BATCH} scans, all 4 at once: {seconds * 1000:.0f} ms")
    print(f"all 4 batches applied (wall): {wall * 1000:.0f} ms")
    print(
        f"lane L1 sends its batch again: {resend_seconds * 1000:.0f} ms, the recorded results: "
        f"{same_again} ({replaced} first 'ok' since replaced by an earlier scan on L2)"
    )
    for size, (queries, seconds) in counts.items():
        print(f"SQL per sync of {size} scans (in-process): {queries} ({seconds * 1000:.0f} ms)")
    print(f"statuses returned: {statuses}")
    for key, value in check.items():
        print(f"  {key}: {value}")
    ok = (
        check["not_checked_in"] == 0
        and check["not_at_earliest_scan"] == 0
        and check["people_with_two_ok_lines"] == 0
        and check["scans_logged"] == check["scans_sent"] == check["log_lines"]
        and check["log_results"] == {"ok": PEOPLE, "duplicate": 2 * SHARED_PER_PAIR}
        and same_again
        and len({q for q, _s in counts.values()}) == 1
    )
    print("exactly once: " + ("OK" if ok else "FAILED"))
    if os.environ.get("KEEP_BENCH_DB") != "1":
        drop_db(DB)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
