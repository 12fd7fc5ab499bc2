"""Check-in hardening: one attendance figure, flow-owned fields, no phone digits, nothing about
another meeting's attendee, an immutable audit trail, plain-text spreadsheets, clear errors on
malformed calls and an incremental sign-in sheet. ORM first, then the same over JSON-RPC as the
real users."""

import io
import re
import zipfile
from datetime import timedelta

from openpyxl import load_workbook

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin
from odoo.addons.meeting_management.tests.common_checkin import CheckinCommon

FORMULA_NAME = '=HYPERLINK("http://x","y")'


def sheet_formulas(content):
    """The <f> (formula) elements of every worksheet of an xlsx file."""
    with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
        return [
            formula
            for name in xlsx.namelist()
            if name.startswith("xl/worksheets/")
            for formula in re.findall(r"<f[ >].*?</f>", xlsx.read(name).decode())
        ]


class HardeningCommon(CheckinCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Attendee = cls.env["meeting.attendee"]
        # a realistic day: 12 more invited guests, 2 of whom declined
        cls.guests = Attendee.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": f"Guest {index:02d}",
                    "company_name": f"Dealer {index}",
                    "job_title": "Buyer",
                    "phone": f"137 0000 {index:04d}",
                    "invitation_state": "declined" if index >= 10 else "confirmed",
                }
                for index in range(12)
            ]
        )

    def checkin_staff(self):
        return self.env["meeting.attendee"].with_user(self.user_checkin)

    def scan_day(self):
        """9 guests and the VIP scanned at the door (2 lanes), one walk-in, one repeated scan."""
        Attendee = self.checkin_staff()
        for index, guest in enumerate(self.guests[:9] | self.att_vip):
            lane = "VIP" if index % 2 else "General"
            result = Attendee.checkin_scan(self.meeting.id, guest.sudo().access_token, lane)
            self.assertEqual(result["status"], "ok")
        walk_in = Attendee.checkin_walk_in(self.meeting.id, {"name": "Walk In"}, "General")
        self.assertEqual(walk_in["status"], "ok")
        again = Attendee.checkin_scan(self.meeting.id, self.att_vip.sudo().access_token, "VIP")
        self.assertEqual(again["status"], "already")
        # 2 (vip, plain) + 10 confirmed guests + 1 walk-in expected; 9 + vip + walk-in in
        return 13, 11


@tagged("post_install", "-at_install")
class TestCheckinHardening(HardeningCommon):
    # ------------------------------------------------------------------
    # 1. attendance is one figure
    # ------------------------------------------------------------------
    def test_attendance_is_one_figure_after_a_day_of_scans(self):
        meeting = self.meeting.with_user(self.user_coordinator)
        # the figures are read once before the day (cached, stored) like a screen would
        self.assertEqual(meeting.kpi_attendance_checked_in, 0)
        self.assertEqual(meeting.attendee_checked_in_count, 0)
        expected, checked_in = self.scan_day()
        figures = {
            "one definition": (
                self.meeting._get_attendance_counts()[self.meeting.id]["expected"],
                self.meeting._get_attendance_counts()[self.meeting.id]["checked_in"],
            ),
            "meeting counts": (meeting.attendee_count, meeting.attendee_checked_in_count),
            "KPI": (meeting.kpi_attendance_expected, meeting.kpi_attendance_checked_in),
        }
        sheet = self.checkin_staff().get_signin_sheet_data(self.meeting.id)
        figures["sign-in sheet"] = (sheet["expected"], sheet["checked_in"])
        self.assertEqual(len(sheet["checked_list"]), checked_in)
        counters = self.checkin_staff().get_checkin_counters(self.meeting.id)
        figures["kiosk counters"] = (counters["expected"], counters["checked_in"])
        onsite = meeting.get_onsite_data()["checkin"]
        figures["on-site view"] = (onsite["expected"], onsite["checked_in"])
        basic = meeting.env["report.meeting_management.report_meeting_monitoring"]._get_report_data(
            meeting
        )["basic"]
        figures["monitoring report data"] = (basic["expected"], basic["checked_in"])
        for place, figure in figures.items():
            with self.subTest(place=place):
                self.assertEqual(figure, (expected, checked_in))
        self.assertEqual(meeting.kpi_attendance_rate, round(checked_in / expected * 100, 1))
        self.assertEqual(meeting.kpi_attendance_status, "not_met")  # 84.6% < 90%
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_coordinator)
            ._render_qweb_html("meeting_management.action_report_meeting_monitoring", meeting.ids)[
                0
            ]
            .decode()
        )
        self.assertIn(f'<span class="o_checked_in">{checked_in}</span>', html)
        signin_pdf = (
            self.env["ir.actions.report"]
            .with_user(self.user_coordinator)
            ._render_qweb_html("meeting_management.action_report_signin_sheet", meeting.ids)[0]
            .decode()
        )
        self.assertIn(f'<td class="o_signin_checked_in">{checked_in}</td>', signin_pdf)
        self.assertIn(f'<td class="o_signin_expected">{expected}</td>', signin_pdf)
        workbook = load_workbook(
            io.BytesIO(
                meeting.env["report.meeting_management.report_meeting_monitoring"]._get_workbook(
                    meeting
                )
            ),
            data_only=True,
        )
        basic_sheet = workbook["Basic Information"]
        values = {
            basic_sheet.cell(row, 1).value: basic_sheet.cell(row, 2).value for row in range(1, 30)
        }
        self.assertEqual(values["Expected attendees"], expected)
        self.assertEqual(values["Checked in"], checked_in)

    def test_a_scan_does_not_write_the_meeting_row(self):
        self.meeting.flush_recordset()
        self.env.cr.execute("SELECT xmin FROM meeting_meeting WHERE id = %s", [self.meeting.id])
        before = self.env.cr.fetchone()[0]
        self.scan(self.att_plain.access_token)
        self.env.flush_all()
        self.env.cr.execute("SELECT xmin FROM meeting_meeting WHERE id = %s", [self.meeting.id])
        self.assertEqual(self.env.cr.fetchone()[0], before, "the meeting row was not rewritten")
        self.assertEqual(self.meeting.kpi_attendance_checked_in, 1)

    # ------------------------------------------------------------------
    # 2. flow-owned fields
    # ------------------------------------------------------------------
    def test_checkin_fields_only_through_the_flow(self):
        coordinator = self.att_plain.with_user(self.user_coordinator)
        for vals in (
            {"is_checked_in": True},
            {"checkin_date": fields.Datetime.now()},
            {"checkin_lane": "VIP"},
            {"checkin_user_id": self.user_coordinator.id},
            {"is_walk_in": True},
            {"is_checked_in": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                coordinator.with_context(meeting_checkin_flow=True, sudo=True).write(vals)
        self.assertFalse(self.att_plain.is_checked_in)
        Attendee = self.env["meeting.attendee"].with_user(self.user_coordinator)
        for vals in ({"is_checked_in": True}, {"is_walk_in": True}, {"checkin_lane": "X"}):
            with self.subTest(create=vals), self.assertRaises(UserError):
                Attendee.create({"meeting_id": self.meeting.id, "name": "Sneaky", **vals})
        # an ordinary edit and creation still work, and a copy is not a walk-in
        coordinator.write({"job_title": "Buyer"})
        walk_in = self.checkin_staff().checkin_walk_in(
            self.meeting.id, {"name": "Zhao Lei"}, "General"
        )
        original = Attendee.browse(walk_in["attendee"]["id"])
        self.assertTrue(original.is_walk_in)
        copy = original.copy()
        self.assertRecordValues(copy, [{"is_walk_in": False, "is_checked_in": False}])
        # a context default does not slip into the walk-in created as superuser
        result = (
            self.checkin_staff()
            .with_context(default_vip_level_id=self.att_vip.vip_level_id.id)
            .checkin_walk_in(self.meeting.id, {"name": "Qian Yu"}, "General")
        )
        self.assertFalse(Attendee.browse(result["attendee"]["id"]).sudo().vip_level_id)

    # ------------------------------------------------------------------
    # 3. search by name or the full phone number only
    # ------------------------------------------------------------------
    def test_search_never_reveals_phone_digits(self):
        Attendee = self.checkin_staff()
        for partial in ("139001", "9000", "13900", "0013"):
            with self.subTest(partial=partial):
                self.assertEqual(Attendee.checkin_search(self.meeting.id, partial), [])
        for full in ("13900139000", "139 0013 9000", "139-0013-9000"):
            with self.subTest(full=full):
                results = Attendee.checkin_search(self.meeting.id, full)
                self.assertEqual([r["id"] for r in results], self.att_plain.ids)
                self.assertNotIn("phone", results[0])
        # stored with spaces, typed without
        results = Attendee.checkin_search(self.meeting.id, "13700000003")
        self.assertEqual([r["id"] for r in results], self.guests[3].ids)
        self.assertEqual(
            [r["id"] for r in Attendee.checkin_search(self.meeting.id, "Li N")], self.att_plain.ids
        )
        self.assertFalse(any("phone" in r for r in Attendee.checkin_search(self.meeting.id, "Gu")))

    # ------------------------------------------------------------------
    # 4. another meeting's attendee by id
    # ------------------------------------------------------------------
    def test_by_id_of_another_meeting_says_nothing_about_them(self):
        Attendee = self.checkin_staff()
        result = Attendee.checkin_by_id(self.meeting.id, self.att_other.id, "General")
        self.assertIn(result["status"], ("unknown", "wrong_meeting"))
        self.assertNotIn("attendee", result)
        self.assertNotIn("Chen Jie", str(result))
        self.assertNotIn("Other Summit", str(result))
        self.assertFalse(self.att_other.is_checked_in)
        log = self.env["meeting.checkin.log"].search(
            [("meeting_id", "=", self.meeting.id)], limit=1
        )
        self.assertFalse(log.attendee_id, "the log does not link the other meeting's attendee")
        # the QR code of someone at the wrong door still says where they belong
        scan = self.scan(self.att_other.access_token)
        self.assertEqual(scan["status"], "wrong_meeting")
        self.assertIn("Other Summit", scan["message"])

    # ------------------------------------------------------------------
    # 5. the ID number reveal note is immutable
    # ------------------------------------------------------------------
    def test_id_reveal_note_is_immutable(self):
        self.att_vip.with_user(self.user_coordinator).id_number = "110101199003071234"
        officer = self.att_vip.with_user(self.user_sensitive)
        officer.action_reveal_id_number()
        note = self.att_vip.message_ids[0]
        self.assertIn("revealed by Data Officer", note.body)
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        body = note.body
        for user in (self.user_sensitive, self.user_coordinator):
            message = note.with_user(user)
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    message.write({"body": "nothing happened"})
                with self.assertRaises(UserError):
                    message.unlink()
                with self.assertRaises(UserError):
                    self.att_vip.with_user(user)._message_update_content(note, body="")
        self.assertEqual(note.body, body)
        # an ordinary note of the attendee can still be edited by its author
        own = self.att_vip.with_user(self.user_coordinator).message_post(
            body="call back", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        self.att_vip.with_user(self.user_coordinator)._message_update_content(own, body="done")
        self.assertIn("done", own.body)

    # ------------------------------------------------------------------
    # 6. spreadsheets hold text, not formulas
    # ------------------------------------------------------------------
    def test_workbooks_keep_formulas_as_text(self):
        result = self.checkin_staff().checkin_walk_in(
            self.meeting.id, {"name": FORMULA_NAME, "company": "=1+1"}, "General"
        )
        self.assertEqual(result["status"], "ok")
        content = (
            self.env["report.meeting_management.report_signin_sheet"]
            .with_user(self.user_coordinator)
            ._get_workbook(self.meeting)
        )
        self.assertEqual(sheet_formulas(content), [])
        sheet = load_workbook(io.BytesIO(content)).active
        names = [sheet.cell(row, 1).value for row in range(1, sheet.max_row + 1)]
        self.assertIn(FORMULA_NAME, names)
        # the three other workbooks
        meeting = self.meeting
        self.env["meeting.task"].create(
            {
                "meeting_id": meeting.id,
                "name": FORMULA_NAME,
                "user_id": self.user_coordinator.id,
                "date_deadline": fields.Datetime.now() + timedelta(days=1),
            }
        )
        self.env["meeting.agenda.item"].create(
            {
                "meeting_id": meeting.id,
                "name": FORMULA_NAME,
                "date_start": meeting.date_start,
                "date_end": meeting.date_start + timedelta(hours=1),
            }
        )
        meeting.objective_ids = [Command.create({"name": FORMULA_NAME, "target_value": 1})]
        coordinator_meeting = meeting.with_user(self.user_coordinator)
        for label, report_name in (
            ("tasks", "report_meeting_task_tracking"),
            ("agenda", "report_meeting_agenda"),
            ("monitoring report", "report_meeting_monitoring"),
        ):
            with self.subTest(workbook=label):
                report = coordinator_meeting.env[f"report.meeting_management.{report_name}"]
                content = report._get_workbook(coordinator_meeting)
                self.assertEqual(sheet_formulas(content), [])
                with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
                    self.assertIn("HYPERLINK", xlsx.read("xl/sharedStrings.xml").decode())

    # ------------------------------------------------------------------
    # 7. malformed arguments
    # ------------------------------------------------------------------
    def test_malformed_arguments_get_a_clear_answer(self):
        Attendee = self.checkin_staff()
        meeting_id = self.meeting.id
        statuses = [
            (Attendee.checkin_scan, (True, self.att_plain.access_token, "L"), "bad_meeting"),
            (Attendee.checkin_scan, ("12", self.att_plain.access_token, "L"), "bad_meeting"),
            (Attendee.checkin_scan, (2**40, self.att_plain.access_token, "L"), "bad_meeting"),
            (Attendee.checkin_scan, (meeting_id, {"code": 1}, "L"), "empty"),
            (Attendee.checkin_scan, (meeting_id, ["x"], ["L"]), "empty"),
            (Attendee.checkin_by_id, (meeting_id, True, "L"), "invalid"),
            (Attendee.checkin_by_id, (meeting_id, 2**40, "L"), "invalid"),
            (Attendee.checkin_by_id, (meeting_id, [self.att_plain.id], "L"), "invalid"),
            (Attendee.checkin_by_id, (meeting_id, 1.5, "L"), "invalid"),
        ]
        for method, args, status in statuses:
            with self.subTest(method=method.__name__, args=args):
                self.assertEqual(method(*args)["status"], status)
        for method, args in (
            (Attendee.checkin_walk_in, (meeting_id, {"name": ["x"]}, "L")),
            (Attendee.checkin_walk_in, (meeting_id, {"name": "A", "phone": {"a": 1}}, "L")),
            (Attendee.checkin_walk_in, (meeting_id, ["A"], "L")),
            (Attendee.checkin_walk_in, ("x", {"name": "A"}, "L")),
            (Attendee.get_signin_sheet_data, ("abc",)),
            (Attendee.get_signin_sheet_data, (True,)),
            (Attendee.get_signin_sheet_data, (2**40,)),
            (Attendee.get_signin_sheet_data, (meeting_id, 10**9)),
            (Attendee.get_signin_sheet_data, (meeting_id, "all")),
            (Attendee.get_signin_sheet_data, (meeting_id, -1)),
            (Attendee.get_checkin_counters, ("abc",)),
            (Attendee.get_checkin_counters, ([meeting_id],)),
            (Attendee.get_signin_sheet_changes, (meeting_id, "x")),
            (Attendee.get_signin_sheet_changes, (meeting_id, True)),
            (Attendee.get_signin_sheet_changes, ({}, 0)),
        ):
            with self.subTest(method=method.__name__, args=args), self.assertRaises(UserError):
                method(*args)
        self.assertEqual(Attendee.checkin_search([meeting_id], "Li"), [])
        self.assertEqual(Attendee.checkin_search(meeting_id, {"term": "Li"}), [])
        self.assertFalse(self.att_plain.is_checked_in)

    # ------------------------------------------------------------------
    # 8. the live sheet is incremental
    # ------------------------------------------------------------------
    def test_signin_sheet_changes_since_cursor(self):
        Attendee = self.checkin_staff()
        self.scan(self.att_vip.access_token)
        self.env.cr.execute(
            "UPDATE meeting_checkin_log SET scan_date = scan_date - interval '1 minute'"
        )
        sheet = Attendee.get_signin_sheet_data(self.meeting.id)
        cursor = sheet["cursor"]
        self.assertTrue(cursor)
        self.assertEqual(sheet["checked_in"], 1)
        # nothing new: no line, same counters
        changes = Attendee.get_signin_sheet_changes(self.meeting.id, cursor)
        self.assertEqual(changes["checked_lines"], [])
        self.assertEqual((changes["checked_in"], changes["cursor"]), (1, cursor))
        # two check-ins: only they come back, with the counters
        self.scan(self.att_plain.access_token, lane="General")
        self.scan(self.guests[0].access_token, lane="General")
        changes = Attendee.get_signin_sheet_changes(self.meeting.id, cursor)
        self.assertEqual(
            {line["id"] for line in changes["checked_lines"]},
            {self.att_plain.id, self.guests[0].id},
        )
        self.assertEqual(changes["checked_lines"][0]["phone"], "", "no phone for staff")
        self.assertEqual((changes["expected"], changes["checked_in"]), (12, 3))
        self.assertEqual(changes["cursor"], cursor, "recent lines stay unsettled a moment")
        self.assertIn({"lane": "General", "per_minute": 0.4}, changes["rates"])
        self.env.cr.execute(
            "UPDATE meeting_checkin_log SET scan_date = scan_date - interval '1 minute'"
        )
        changes = Attendee.get_signin_sheet_changes(self.meeting.id, cursor)
        self.assertGreater(changes["cursor"], cursor)
        settled = Attendee.get_signin_sheet_changes(self.meeting.id, changes["cursor"])
        self.assertEqual(settled["checked_lines"], [])
        counters = Attendee.get_signin_sheet_changes(self.meeting.id, 0, with_lines=False)
        self.assertNotIn("checked_lines", counters)
        self.assertEqual(counters["checked_in"], 3)
        # only the meeting's own staff
        with self.assertRaises(AccessError):
            self.env["meeting.attendee"].with_user(self.user_employee).get_signin_sheet_changes(
                self.meeting.id, 0
            )

    def log_id_of(self, attendee):
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT max(id) FROM meeting_checkin_log WHERE attendee_id = %s AND result = 'ok'",
            [attendee.id],
        )
        return self.env.cr.fetchone()[0]

    def age_log(self, log_ids=None):
        """The scans of ``log_ids`` (default: all) happened a minute ago: settled."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE meeting_checkin_log SET scan_date = scan_date - interval '1 minute' "
            "WHERE %s IS NULL OR id = ANY(%s)",
            [log_ids, log_ids or []],
        )

    def test_signin_sheet_seen_lines_are_not_sent_again(self):
        Attendee = self.checkin_staff()
        meeting = self.meeting
        cursor = Attendee.get_signin_sheet_data(meeting.id)["cursor"]
        for guest in self.guests[:3]:
            self.scan(guest.access_token, lane="General")
        first = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=[])
        self.assertEqual(len(first["checked_lines"]), 3)
        self.assertEqual(len(first["log_ids"]), 3)
        self.assertEqual(first["cursor"], cursor, "the lines are not settled yet")
        # the sheet says what it holds above its cursor: nothing is read nor sent again
        again = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=first["log_ids"])
        self.assertEqual((again["checked_lines"], again["log_ids"]), ([], []))
        self.assertEqual(again["checked_in"], 3)
        # one more scan: only its line comes
        self.scan(self.guests[3].access_token, lane="General")
        more = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=first["log_ids"])
        self.assertEqual([line["id"] for line in more["checked_lines"]], self.guests[3].ids)
        self.assertEqual(more["log_ids"], [self.log_id_of(self.guests[3])])
        # a sheet that sends only part of what it holds gets the rest again (merged by id)
        part = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=first["log_ids"][:1])
        self.assertEqual(len(part["checked_lines"]), 3)
        # once settled, the cursor passes them all
        self.age_log()
        settled = Attendee.get_signin_sheet_changes(
            meeting.id, cursor, seen=first["log_ids"] + more["log_ids"]
        )
        self.assertEqual(settled["cursor"], self.log_id_of(self.guests[3]))
        self.assertEqual(settled["checked_lines"], [])

    def test_signin_sheet_gets_a_late_committed_scan(self):
        """A scan whose log id was allocated before later ids that committed first: the sheet
        already holds the later lines (and the cursor passed the older ones), it still gets
        the late line when it commits."""
        Attendee = self.checkin_staff()
        meeting = self.meeting
        cursor = Attendee.get_signin_sheet_data(meeting.id)["cursor"]
        self.scan(self.guests[0].access_token, lane="General")
        # the late scan's transaction takes its log id now ...
        self.env.cr.execute("SELECT nextval('meeting_checkin_log_id_seq')")
        late_id = self.env.cr.fetchone()[0]
        # ... while other lanes' scans commit with higher ids
        self.scan(self.guests[1].access_token, lane="VIP")
        self.scan(self.guests[2].access_token, lane="VIP")
        early_id = self.log_id_of(self.guests[0])
        self.age_log([early_id])
        changes = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=[])
        self.assertEqual(changes["cursor"], early_id, "the cursor passed the settled line")
        self.assertGreater(late_id, changes["cursor"])
        held = [log_id for log_id in changes["log_ids"] if log_id > changes["cursor"]]
        self.assertEqual(len(held), 2)
        self.assertTrue(all(log_id > late_id for log_id in held))
        cursor = changes["cursor"]
        nothing = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=held)
        self.assertEqual(nothing["checked_lines"], [])
        # the late scan commits now, with its lower id
        self.scan(self.guests[3].access_token, lane="General")
        self.env.cr.execute(
            "UPDATE meeting_checkin_log SET id = %s WHERE id = %s",
            [late_id, self.log_id_of(self.guests[3])],
        )
        late = Attendee.get_signin_sheet_changes(meeting.id, cursor, seen=held)
        self.assertEqual([line["id"] for line in late["checked_lines"]], self.guests[3].ids)
        self.assertEqual(late["log_ids"], [late_id])
        self.assertEqual(late["cursor"], cursor, "the late line is not settled either")
        counts = meeting._get_attendance_counts()[meeting.id]
        self.assertEqual((late["expected"], late["checked_in"]), (12, 4))
        self.assertEqual((counts["expected"], counts["checked_in"]), (12, 4))

    def test_signin_sheet_counters_and_rates(self):
        Attendee = self.checkin_staff()
        meeting = self.meeting
        expected, checked_in = self.scan_day()
        counts = meeting._get_attendance_counts()[meeting.id]
        self.assertEqual((counts["expected"], counts["checked_in"]), (expected, checked_in))
        without = Attendee.get_signin_sheet_changes(meeting.id, 0, with_rates=False, seen=[])
        self.assertNotIn("rates", without)
        kiosk = Attendee.get_checkin_counters(meeting.id)
        for answer in (without, kiosk, Attendee.get_signin_sheet_data(meeting.id)):
            self.assertEqual(
                (answer["expected"], answer["checked_in"], answer["missing"]),
                (counts["expected"], counts["checked_in"], expected - checked_in),
            )
        rates = Attendee.get_signin_sheet_changes(meeting.id, 0, with_rates=True)["rates"]
        # 11 check-ins (5 VIP, 6 General with the walk-in) over 5 minutes
        self.assertEqual(
            rates,
            [{"lane": "General", "per_minute": 1.2}, {"lane": "VIP", "per_minute": 1.0}],
        )

    def test_signin_sheet_refresh_queries_do_not_grow(self):
        Attendee = self.checkin_staff()
        meeting = self.meeting
        cursor = Attendee.get_signin_sheet_data(meeting.id)["cursor"]

        def queries(**kwargs):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            answer = Attendee.get_signin_sheet_changes(meeting.id, cursor, **kwargs)
            return self.env.cr.sql_log_count - before, answer

        self.scan(self.guests[0].access_token, lane="General")
        queries(seen=[])  # warm the caches (groups, settings)
        one, answer = queries(seen=[])
        self.assertEqual(len(answer["checked_lines"]), 1)
        for guest in self.guests[1:9] | self.att_vip | self.att_plain:
            self.scan(guest.access_token, lane="General")
        many, answer = queries(seen=[])
        self.assertEqual(len(answer["checked_lines"]), 11)
        held, answer = queries(seen=answer["log_ids"])
        self.assertEqual(answer["checked_lines"], [])
        rates, answer = queries(seen=answer["log_ids"], with_rates=True)
        self.assertEqual(one, many)
        self.assertEqual(held, one - 1, "no line to read")
        # 9 with the rates: the offline lanes come with them (one query, test_checkin_lane)
        self.assertLessEqual(many, 9)
        self.assertLessEqual(rates, many)

    def test_signin_sheet_seen_is_checked(self):
        Attendee = self.checkin_staff()
        meeting_id = self.meeting.id
        for seen in (
            "1,2",
            {"1": 2},
            [True],
            [0],
            [-3],
            [2**40],
            ["12"],
            [1.5],
            [None],
            [[1]],
            list(range(1, 1002)),
        ):
            with self.subTest(seen=str(seen)[:40]), self.assertRaises(UserError):
                Attendee.get_signin_sheet_changes(meeting_id, 0, seen=seen)
        answer = Attendee.get_signin_sheet_changes(meeting_id, 0, seen=list(range(1, 1001)))
        self.assertEqual(answer["checked_lines"], [])


@tagged("post_install", "-at_install")
class TestCheckinHardeningRpc(MeetingRpcMixin, HttpCase, HardeningCommon):
    """The same, over JSON-RPC, logged in as the real users."""

    def call_kw(self, model, method, args, kwargs=None):
        return self.call_kw_answer(model, method, args, kwargs)

    def assertClearError(self, answer, names=("odoo.exceptions.UserError",)):
        """A functional error (no server error dialog): its message names no code."""
        self.assertIn("error", answer, answer)
        data = answer["error"]["data"]
        self.assertIn(data["name"], names, data["message"])
        self.assertNotIn("Traceback", data["message"])
        self.assertNotRegex(data["message"], r"\.py\b|File \"")
        return data["message"]

    def test_rpc_attendance_counts(self):
        self.authenticate("t_coordinator", "t_coordinator")
        before = self.call_kw(
            "meeting.meeting", "read", [self.meeting.ids, ["kpi_attendance_checked_in"]]
        )
        self.assertEqual(before["result"][0]["kpi_attendance_checked_in"], 0)
        self.authenticate("t_checkin", "t_checkin")
        for attendee in self.guests[:3]:
            answer = self.call_kw(
                "meeting.attendee",
                "checkin_scan",
                [self.meeting.id, attendee.sudo().access_token, "General"],
            )
            self.assertEqual(answer["result"]["status"], "ok")
        counters = self.call_kw("meeting.attendee", "get_checkin_counters", [self.meeting.id])
        self.assertEqual(counters["result"], {"expected": 12, "checked_in": 3, "missing": 9})
        self.authenticate("t_coordinator", "t_coordinator")
        fnames = ["kpi_attendance_expected", "kpi_attendance_checked_in", "attendee_count"]
        after = self.call_kw("meeting.meeting", "read", [self.meeting.ids, fnames])
        self.assertEqual([after["result"][0][f] for f in fnames], [12, 3, 12])
        onsite = self.call_kw("meeting.meeting", "get_onsite_data", [self.meeting.ids])
        self.assertEqual(onsite["result"]["checkin"]["checked_in"], 3)

    def test_rpc_checkin_fields_refused(self):
        self.authenticate("t_coordinator", "t_coordinator")
        for vals in ({"is_checked_in": True}, {"checkin_lane": "VIP"}, {"is_walk_in": True}):
            with self.subTest(vals=vals):
                answer = self.call_kw(
                    "meeting.attendee",
                    "write",
                    [self.att_plain.ids, vals],
                    {"context": {"meeting_checkin_flow": True, "walk_in": True}},
                )
                self.assertClearError(answer)
        answer = self.call_kw(
            "meeting.attendee",
            "create",
            [{"meeting_id": self.meeting.id, "name": "Sneaky", "is_checked_in": True}],
        )
        self.assertClearError(answer)
        self.assertFalse(self.att_plain.is_checked_in)
        self.assertFalse(self.env["meeting.attendee"].search([("name", "=", "Sneaky")]))

    def test_rpc_search_and_by_id(self):
        self.authenticate("t_checkin", "t_checkin")
        partial = self.call_kw("meeting.attendee", "checkin_search", [self.meeting.id, "139001"])
        self.assertEqual(partial["result"], [])
        full = self.call_kw(
            "meeting.attendee", "checkin_search", [self.meeting.id, "139-0013-9000"]
        )
        self.assertEqual([r["id"] for r in full["result"]], self.att_plain.ids)
        self.assertNotIn("13900139000", str(full["result"]))
        other = self.call_kw(
            "meeting.attendee", "checkin_by_id", [self.meeting.id, self.att_other.id, "L"]
        )
        self.assertIn(other["result"]["status"], ("unknown", "wrong_meeting"))
        self.assertNotIn("Chen Jie", str(other["result"]))
        self.assertNotIn("Other Summit", str(other["result"]))
        manual = self.call_kw(
            "meeting.attendee", "checkin_by_id", [self.meeting.id, self.att_other.id]
        )
        self.assertNotIn("Chen Jie", str(manual["result"]))

    def test_rpc_reveal_note_cannot_be_edited(self):
        self.att_vip.with_user(self.user_coordinator).id_number = "110101199003071234"
        self.authenticate("t_sensitive", "t_sensitive")
        answer = self.call_kw("meeting.attendee", "action_reveal_id_number", [self.att_vip.ids])
        self.assertEqual(answer["result"]["params"]["message"], "110101199003071234")
        note = self.att_vip.message_ids[0]
        body = note.body
        self.assertIn("revealed by Data Officer", body)
        # the chatter's edit and delete (an empty body) buttons
        for update in ({"body": "nothing happened"}, {"body": "", "attachment_ids": []}):
            with self.subTest(update=update):
                answer = self.jsonrpc_answer(
                    "/mail/message/update_content",
                    {"message_id": note.id, "update_data": update},
                )
                self.assertIn("error", answer)
        self.assertClearError(self.call_kw("mail.message", "write", [note.ids, {"body": "x"}]))
        self.assertClearError(
            self.call_kw("mail.message", "unlink", [note.ids]),
            ("odoo.exceptions.UserError", "odoo.exceptions.AccessError"),
        )
        note.invalidate_recordset()
        self.assertTrue(note.exists())
        self.assertEqual(note.body, body)

    def test_rpc_walk_in_formula_is_text_in_the_sheet(self):
        self.authenticate("t_checkin", "t_checkin")
        answer = self.call_kw(
            "meeting.attendee", "checkin_walk_in", [self.meeting.id, {"name": FORMULA_NAME}, "G"]
        )
        self.assertEqual(answer["result"]["status"], "ok")
        self.authenticate("t_coordinator", "t_coordinator")
        response = self.url_open(f"/meeting_management/xlsx/report_signin_sheet/{self.meeting.id}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(sheet_formulas(response.content), [])
        with zipfile.ZipFile(io.BytesIO(response.content)) as xlsx:
            self.assertIn("HYPERLINK", xlsx.read("xl/sharedStrings.xml").decode())

    def test_rpc_malformed_arguments(self):
        self.authenticate("t_checkin", "t_checkin")
        meeting_id = self.meeting.id
        for method, args in (
            ("checkin_scan", [True, "x" * 20, "L"]),
            ("checkin_scan", [meeting_id, {"a": 1}, ["L"]]),
            ("checkin_by_id", [meeting_id, True, "L"]),
            ("checkin_by_id", [meeting_id, 2**40, "L"]),
            ("checkin_by_id", ["1", {"id": 1}, "L"]),
        ):
            with self.subTest(method=method, args=args):
                answer = self.call_kw("meeting.attendee", method, args)
                self.assertNotIn("error", answer, answer.get("error"))
                self.assertIn(answer["result"]["status"], ("bad_meeting", "empty", "invalid"))
        for method, args in (
            ("checkin_walk_in", [meeting_id, {"name": ["x"]}, "L"]),
            ("checkin_walk_in", [meeting_id, "name", "L"]),
            ("get_signin_sheet_data", ["abc"]),
            ("get_signin_sheet_data", [True]),
            ("get_signin_sheet_data", [meeting_id, 10**12]),
            ("get_signin_sheet_data", [meeting_id, "all"]),
            ("get_checkin_counters", ["abc"]),
            ("get_checkin_counters", [2**40]),
            ("get_signin_sheet_changes", [meeting_id, "x"]),
            ("get_signin_sheet_changes", [[meeting_id], 0]),
        ):
            with self.subTest(method=method, args=args):
                self.assertClearError(self.call_kw("meeting.attendee", method, args))
        search = self.call_kw("meeting.attendee", "checkin_search", [meeting_id, ["Li"]])
        self.assertEqual(search["result"], [])
        # the calls the kiosk makes, with what a broken client could send (these were the
        # kiosk's own JSON routes before it called the model methods)
        for method, args, status in (
            ("checkin_scan", ["1", [1]], "empty"),
            ("checkin_scan", ["1", "x" * 20], "bad_meeting"),
            ("checkin_by_id", [meeting_id, True], "invalid"),
        ):
            with self.subTest(method=method, args=args):
                answer = self.call_kw("meeting.attendee", method, args)
                self.assertNotIn("error", answer, answer.get("error"))
                self.assertEqual(answer["result"]["status"], status)
                self.assertNotIn("Traceback", answer["result"].get("message", ""))
        for values in (["A"], {"name": 5}):
            with self.subTest(values=values):
                self.assertClearError(
                    self.call_kw("meeting.attendee", "checkin_walk_in", [meeting_id, values])
                )
        answer = self.call_kw("meeting.attendee", "checkin_search", [{}, 5])
        self.assertEqual(answer["result"], [])

    def test_rpc_signin_sheet_changes(self):
        self.authenticate("t_checkin", "t_checkin")
        sheet = self.call_kw("meeting.attendee", "get_signin_sheet_data", [self.meeting.id])
        cursor = sheet["result"]["cursor"]
        self.call_kw(
            "meeting.attendee",
            "checkin_scan",
            [self.meeting.id, self.guests[1].sudo().access_token],
        )
        changes = self.call_kw(
            "meeting.attendee", "get_signin_sheet_changes", [self.meeting.id, cursor]
        )["result"]
        self.assertEqual([line["id"] for line in changes["checked_lines"]], self.guests[1].ids)
        self.assertEqual(changes["checked_in"], 1)
        self.assertLess(len(str(changes)), len(str(sheet["result"])))

    def test_rpc_signin_sheet_seen(self):
        self.authenticate("t_checkin", "t_checkin")
        meeting_id = self.meeting.id
        cursor = self.call_kw("meeting.attendee", "get_signin_sheet_data", [meeting_id])["result"][
            "cursor"
        ]
        for guest in self.guests[:2]:
            answer = self.call_kw(
                "meeting.attendee", "checkin_scan", [meeting_id, guest.sudo().access_token, "G"]
            )
            self.assertEqual(answer["result"]["status"], "ok")
        first = self.call_kw(
            "meeting.attendee",
            "get_signin_sheet_changes",
            [meeting_id, cursor],
            {"seen": [], "with_rates": False},
        )["result"]
        self.assertEqual(len(first["checked_lines"]), 2)
        self.assertNotIn("rates", first)
        again = self.call_kw(
            "meeting.attendee",
            "get_signin_sheet_changes",
            [meeting_id, cursor],
            {"seen": first["log_ids"], "with_rates": True},
        )["result"]
        self.assertEqual(again["checked_lines"], [])
        self.assertEqual(
            (again["checked_in"], again["rates"]), (2, [{"lane": "G", "per_minute": 0.4}])
        )
        for seen in ("1", [True], [0], [-1], [2**40], ["5"], [1.5], [[1]], {"a": 1}, [1] * 1001):
            with self.subTest(seen=str(seen)[:40]):
                message = self.assertClearError(
                    self.call_kw(
                        "meeting.attendee",
                        "get_signin_sheet_changes",
                        [meeting_id, cursor],
                        {"seen": seen},
                    )
                )
                self.assertIn("reload", message)
