import io
import threading
import zipfile
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import api, fields
from odoo.exceptions import AccessError, UserError
from odoo.sql_db import db_connect
from odoo.tests import Form, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.meeting_management.models.meeting_attendee import (
    MeetingAttendee,
    mask_identifier,
)
from odoo.addons.meeting_management.tests.common import run_side_by_side
from odoo.addons.meeting_management.tests.common_checkin import (
    CheckinCommon,
    recorded_statements,
)


@tagged("post_install", "-at_install")
class TestCheckinScan(CheckinCommon):
    def test_token_unique_and_regenerated(self):
        tokens = (self.att_vip | self.att_plain | self.att_declined | self.att_other).mapped(
            "access_token"
        )
        self.assertEqual(len(set(tokens)), 4)
        self.assertTrue(all(len(token) >= 32 for token in tokens))
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.att_plain.access_token = self.att_vip.access_token
            self.att_plain.flush_recordset()
        old = self.att_plain.access_token
        with self.assertRaises(AccessError):
            self.att_plain.with_user(self.user_checkin).action_regenerate_token()
        self.att_plain.with_user(self.user_coordinator).action_regenerate_token()
        self.assertNotEqual(self.att_plain.access_token, old)
        self.assertEqual(self.scan(old)["status"], "unknown")
        self.assertEqual(self.scan(self.att_plain.access_token)["status"], "ok")

    def test_scan_ok_then_already(self):
        result = self.scan(self.att_vip.access_token, lane="VIP")
        self.assertEqual(result["status"], "ok")
        self.assertIn("Zhang Wei", result["message"])
        self.assertEqual(result["attendee"]["company"], "Shanghai Xintai Trading")
        self.assertEqual(
            result["attendee"]["vip"], self.env.ref("meeting_management.vip_level_key_client").name
        )
        self.assertTrue(result["attendee"]["key_decision_maker"])
        self.assertEqual(result["attendee"]["dietary"], "vegetarian")
        self.assertNotIn("phone", result["attendee"])
        self.assertRecordValues(
            self.att_vip,
            [
                {
                    "is_checked_in": True,
                    "checkin_lane": "VIP",
                    "checkin_user_id": self.user_checkin.id,
                }
            ],
        )
        self.assertTrue(self.att_vip.checkin_date)
        again = self.scan(self.att_vip.access_token, lane="General")
        self.assertEqual(again["status"], "already")
        hhmm = fields.Datetime.context_timestamp(
            self.att_vip.with_user(self.user_checkin), self.att_vip.checkin_date
        ).strftime("%H:%M")
        self.assertIn(hhmm, again["message"])
        self.assertIn("VIP", again["message"])
        self.assertEqual(self.att_vip.checkin_lane, "VIP", "a repeated scan changes nothing")
        logs = self.env["meeting.checkin.log"].search([("attendee_id", "=", self.att_vip.id)])
        self.assertEqual(sorted(logs.mapped("result")), ["already", "ok"])
        self.assertEqual(logs.user_id, self.user_checkin)
        self.assertTrue(all(len(code) <= 8 for code in logs.mapped("code_prefix")))

    def test_scan_refusals(self):
        self.assertEqual(self.scan("x" * 32)["status"], "unknown")
        wrong = self.scan(self.att_other.access_token)
        self.assertEqual(wrong["status"], "wrong_meeting")
        self.assertIn("Other Summit", wrong["message"])
        self.assertFalse(self.att_other.is_checked_in)
        declined = self.scan(self.att_declined.access_token)
        self.assertEqual(declined["status"], "declined")
        self.assertFalse(self.att_declined.is_checked_in)
        self._set_state(self.meeting, "cancelled")
        self.assertEqual(self.scan(self.att_plain.access_token)["status"], "cancelled")
        self._set_state(self.meeting, "draft")
        self.assertEqual(self.scan(self.att_plain.access_token)["status"], "not_open")
        self.assertFalse(self.att_plain.is_checked_in)
        results = self.env["meeting.checkin.log"].search([("meeting_id", "=", self.meeting.id)])
        self.assertEqual(len(results), 5, "every refused scan is logged")

    def test_bad_input_answers_with_a_message(self):
        cases = [
            ("", "empty"),
            ("   ", "empty"),
            (None, "empty"),
            (12345, "empty"),
            ("x" * 5000, "invalid"),
            ("<script>alert(1)</script>", "invalid"),
            ("' OR 1=1 --", "invalid"),
            ("short", "invalid"),
        ]
        for code, status in cases:
            with self.subTest(code=code):
                result = self.scan(code)
                self.assertEqual(result["status"], status)
                self.assertFalse(result["ok"])
                self.assertTrue(result["message"])
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        for meeting_id in ("abc", -1, None, True):
            with self.subTest(meeting_id=meeting_id):
                result = Attendee.checkin_scan(meeting_id, self.att_plain.access_token, "L")
                self.assertEqual(result["status"], "bad_meeting")
        # A meeting id that does not exist: the code is simply another meeting's.
        result = Attendee.checkin_scan(987654321, self.att_plain.access_token, "L")
        self.assertEqual(result["status"], "wrong_meeting")
        result = Attendee.checkin_scan(self.meeting.id, self.att_plain.access_token, "L" * 500)
        self.assertEqual(result["status"], "ok")
        self.assertEqual(len(self.att_plain.checkin_lane), 64)
        self.assertEqual(
            Attendee.checkin_by_id(self.meeting.id, "1; DROP", "L")["status"], "invalid"
        )

    def test_checkin_window(self):
        now = fields.Datetime.now()
        self.meeting.write(
            {"date_start": now + timedelta(hours=3), "date_end": now + timedelta(hours=9)}
        )
        self.assertEqual(self.scan(self.att_plain.access_token)["status"], "too_early")
        self.env["ir.config_parameter"].set_param("meeting_management.checkin_minutes_before", 240)
        self.assertEqual(self.scan(self.att_plain.access_token)["status"], "ok")
        self.meeting.write(
            {"date_start": now - timedelta(hours=9), "date_end": now - timedelta(hours=2)}
        )
        self.assertEqual(self.scan(self.att_vip.access_token)["status"], "too_late")
        settings = self.env["res.config.settings"].create({"meeting_checkin_minutes_after": 180})
        settings.execute()
        self.assertEqual(self.scan(self.att_vip.access_token)["status"], "ok")

    def test_only_checkin_staff_may_scan(self):
        with self.assertRaises(AccessError):
            self.scan(self.att_plain.access_token, user=self.user_employee)
        with self.assertRaises(AccessError):
            self.env["meeting.attendee"].with_user(self.user_employee).checkin_walk_in(
                self.meeting.id, {"name": "X"}
            )
        self.assertFalse(self.att_plain.is_checked_in)
        # Coordinators (implied check-in group) may scan.
        self.assertEqual(
            self.scan(self.att_plain.access_token, user=self.user_coordinator)["status"], "ok"
        )

    def test_first_scan_query_count(self):
        # Warm the caches (groups, settings, translations) with one scan, then measure another
        # attendee's first scan, bus notification included (it is written at commit).
        # (The test's transaction has one now(): a line announced before hides the next ones.)
        warm, guest = self.env["meeting.attendee"].create(
            [{"meeting_id": self.meeting.id, "name": name} for name in ("W", "G")]
        )
        self.env.cr.precommit.run()  # their on-site notification, sent as the superuser
        self.env.cr.execute("UPDATE meeting_checkin_log SET notified = FALSE")
        self.assertEqual(self.scan(warm.access_token)["status"], "ok")
        self.env.cr.precommit.run()
        # this first scan sends the bus notification: forget the warm-up's announcement
        self.env.cr.execute("UPDATE meeting_checkin_log SET notified = FALSE")
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        token, guest_token = self.att_plain.access_token, guest.access_token  # read them first
        # one round trip (the check-in and its log line in one statement, with its
        # savepoint), and the bus notification written at commit: 3 statements
        with self.assertQueryCount(2), recorded_statements() as statements:
            result = Attendee.checkin_scan(self.meeting.id, token, "General")
            self.env.cr.precommit.run()
        self.assertEqual(result["status"], "ok")
        self.assertEqual(statements, ["SAVEPOINT", "WITH", "INSERT"])
        self.assertEqual(
            self.env["meeting.checkin.log"]
            .search([("attendee_id", "=", self.att_plain.id)])
            .mapped(lambda log: (log.result, log.lane, log.notified)),
            [("ok", "General", True)],
        )
        # a check-in the same second is not announced: one round trip, nothing at commit
        with self.assertQueryCount(1), recorded_statements() as statements:
            result = Attendee.checkin_scan(self.meeting.id, guest_token, "General")
            self.env.cr.precommit.run()
        self.assertEqual(result["status"], "ok")
        self.assertEqual(statements, ["SAVEPOINT", "WITH"])
        # a repeated scan: the statement matches nothing, one SELECT explains, one INSERT logs
        with self.assertQueryCount(3), recorded_statements() as statements:
            result = Attendee.checkin_scan(self.meeting.id, token, "General")
            self.env.cr.precommit.run()
        self.assertEqual(result["status"], "already")
        self.assertEqual(statements, ["SAVEPOINT", "WITH", "SELECT", "INSERT"])

    def test_checkin_commits_asynchronously_unless_configured(self):
        self.assertEqual(self.scan(self.att_plain.access_token)["status"], "ok")
        self.env.cr.execute("SELECT current_setting('synchronous_commit')")
        self.assertEqual(self.env.cr.fetchone()[0], "off")
        self.env.cr.execute("SET LOCAL synchronous_commit TO DEFAULT")
        self.env["ir.config_parameter"].set_param(
            "meeting_management.checkin_synchronous_commit", "1"
        )
        self.assertEqual(self.scan(self.att_vip.access_token)["status"], "ok")
        self.env.cr.execute("SELECT current_setting('synchronous_commit')")
        self.assertEqual(self.env.cr.fetchone()[0], "on")

    def test_bus_notification(self):
        self.scan(self.att_plain.access_token, lane="General")
        # a second check-in within the same second is not announced (the sheets reload twice)
        self.scan(self.att_vip.access_token, lane="General")
        self.env.cr.precommit.run()
        notifications = (
            self.env["bus.bus"]
            .search([])
            .filtered(lambda n: "meeting_management/checkin" in n.message)
        )
        self.assertEqual(len(notifications), 1)
        self.assertIn(
            f'"meeting.meeting",{self.meeting.id},"checkin"', notifications.channel.replace(" ", "")
        )
        self.assertIn(f'"attendee_id":{self.att_plain.id}', notifications.message.replace(" ", ""))

    def test_walk_in(self):
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        result = Attendee.checkin_walk_in(
            self.meeting.id,
            {"name": " Zhao Lei ", "phone": "13700001111", "company": "Xi'an Tech", "title": "CTO"},
            "General",
        )
        self.assertEqual(result["status"], "ok")
        walk_in = self.env["meeting.attendee"].browse(result["attendee"]["id"])
        self.assertRecordValues(
            walk_in,
            [
                {
                    "name": "Zhao Lei",
                    "phone": "13700001111",
                    "company_name": "Xi'an Tech",
                    "job_title": "CTO",
                    "is_walk_in": True,
                    "is_checked_in": True,
                    "checkin_lane": "General",
                    "invitation_state": "confirmed",
                }
            ],
        )
        self.assertTrue(walk_in.access_token)
        with self.assertRaises(UserError):
            Attendee.checkin_walk_in(self.meeting.id, {"name": "  "})
        with self.assertRaises(UserError):
            Attendee.checkin_walk_in(987654321, {"name": "Nobody"})

    def test_search_by_name_and_phone(self):
        Attendee = self.env["meeting.attendee"].with_user(self.user_checkin)
        by_name = Attendee.checkin_search(self.meeting.id, "Zhang")
        self.assertEqual([r["id"] for r in by_name], self.att_vip.ids)
        by_phone = Attendee.checkin_search(self.meeting.id, "139 0013 9000")
        self.assertEqual([r["id"] for r in by_phone], self.att_plain.ids)
        self.assertEqual(Attendee.checkin_search(self.meeting.id, "139001"), [])
        self.assertNotIn("phone", by_phone[0])
        self.assertEqual(Attendee.checkin_search(self.meeting.id, "z"), [])
        self.assertEqual(Attendee.checkin_search(self.meeting.id, None), [])
        self.assertEqual(Attendee.checkin_search(self.other_meeting.id, "Zhang"), [])
        result = Attendee.checkin_by_id(self.meeting.id, self.att_plain.id, "General")
        self.assertEqual(result["status"], "ok")
        self.assertTrue(self.att_plain.is_checked_in)
        # another meeting's attendee by id: nothing about them (not even their meeting)
        self.assertEqual(
            Attendee.checkin_by_id(self.other_meeting.id, self.att_vip.id)["status"], "unknown"
        )


@tagged("post_install", "-at_install")
class TestCheckinConcurrency(TransactionCase):
    """Two lanes scan the same code at the same instant, in two real transactions."""

    def test_same_code_two_lanes(self):
        admin_id = self.env.ref("base.user_admin").id

        def env_for(cr):
            return api.Environment(cr, admin_id, {})

        db = db_connect(self.env.cr.dbname)
        # Committed fixtures (invisible to other tests' transactions), removed at the end.
        with db.cursor() as cr:
            env = env_for(cr)
            meeting = (
                env["meeting.meeting"]
                .with_context(tracking_disable=True)
                .create(
                    {
                        "name": "Concurrency Summit",
                        "type_id": env.ref("meeting_management.meeting_type_client").id,
                        "date_start": fields.Datetime.now(),
                        "date_end": fields.Datetime.now() + timedelta(hours=4),
                        "initiator_id": admin_id,
                    }
                )
            )
            cr.execute("UPDATE meeting_meeting SET state = 'approved' WHERE id = %s", [meeting.id])
            attendee = (
                env["meeting.attendee"]
                .with_context(tracking_disable=True)
                .create({"meeting_id": meeting.id, "name": "Concurrent Guest"})
            )
            meeting_id, token, attendee_id = meeting.id, attendee.access_token, attendee.id
        try:
            barrier = threading.Barrier(2, timeout=20)
            results, errors = {}, []

            def lane(name, hold):
                try:
                    with db.cursor() as cr:
                        cr.execute("SET LOCAL lock_timeout = '5s'")
                        cr.execute("SELECT 1")  # both snapshots are taken before either commits
                        barrier.wait()
                        if not hold:
                            barrier.wait()  # let the other lane update first
                        res = env_for(cr)["meeting.attendee"].checkin_scan(meeting_id, token, name)
                        if hold:
                            barrier.wait()
                            threading.Event().wait(0.3)  # keep the row lock a moment
                        results[name] = res["status"]
                    # leaving the block commits (and releases the row lock)
                except Exception as e:  # noqa: BLE001
                    errors.append((name, repr(e)))

            run_side_by_side((lane, ("A", True)), (lane, ("B", False)), timeout=30)
            self.assertFalse(errors, errors)
            self.assertEqual(results, {"A": "ok", "B": "already"})
            with db.cursor() as cr:
                cr.execute(
                    "SELECT result FROM meeting_checkin_log WHERE attendee_id = %s ORDER BY id",
                    [attendee_id],
                )
                self.assertEqual([r for (r,) in cr.fetchall()], ["ok", "already"])
                cr.execute(
                    "SELECT checkin_lane FROM meeting_attendee WHERE id = %s AND is_checked_in",
                    [attendee_id],
                )
                self.assertEqual(cr.fetchall(), [("A",)])
        finally:
            with db.cursor() as cr:
                cr.execute("DELETE FROM meeting_checkin_log WHERE meeting_id = %s", [meeting_id])
                cr.execute("DELETE FROM meeting_attendee WHERE meeting_id = %s", [meeting_id])
                cr.execute(
                    "DELETE FROM mail_message WHERE model = 'meeting.meeting' AND res_id = %s",
                    [meeting_id],
                )
                cr.execute("DELETE FROM meeting_meeting WHERE id = %s", [meeting_id])


@tagged("post_install", "-at_install")
class TestAttendeeData(CheckinCommon):
    def test_checkin_staff_field_access(self):
        attendee = self.att_vip.with_user(self.user_checkin)
        self.assertEqual(attendee.name, "Zhang Wei")
        self.assertEqual(attendee.company_name, "Shanghai Xintai Trading")
        self.assertFalse(attendee.is_checked_in)
        for field in (
            "phone",
            "email",
            "id_number",
            "access_token",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                attendee.read([field])
        with self.assertRaises(AccessError):
            attendee.write({"phone": "123"})
        coordinator = self.att_vip.with_user(self.user_coordinator)
        self.assertEqual(coordinator.phone, "13800138000")

    def test_id_number_encrypted_masked_and_revealed(self):
        self.assertEqual(mask_identifier("110101199003071234"), "110***********1234")
        attendee = self.att_vip.with_user(self.user_coordinator)
        attendee.id_number = "110101199003071234"
        attendee.flush_recordset()
        attendee.invalidate_recordset()
        self.assertEqual(attendee.id_number, "110***********1234")
        self.env.cr.execute(
            "SELECT id_number_encrypted FROM meeting_attendee WHERE id = %s", [attendee.id]
        )
        cipher = self.env.cr.fetchone()[0]
        self.assertTrue(cipher)
        self.assertNotIn("1101011990", cipher)
        # Writing the masked value back (form save) keeps the number.
        attendee.write({"id_number": "110***********1234"})
        self.assertEqual(self.att_vip.sudo().id_number_encrypted, cipher)
        with self.assertRaises(AccessError):
            attendee.action_reveal_id_number()
        self.assertFalse(attendee.can_reveal_id_number)
        officer = self.att_vip.with_user(self.user_sensitive)
        self.assertTrue(officer.can_reveal_id_number)
        messages_before = len(self.att_vip.message_ids)
        action = officer.action_reveal_id_number()
        self.assertEqual(action["params"]["message"], "110101199003071234")
        self.assertEqual(len(self.att_vip.message_ids), messages_before + 1)
        self.assertIn("revealed by Data Officer", self.att_vip.message_ids[0].body)
        with self.assertRaises(UserError):
            attendee.id_number = "110***5678"

    def test_id_number_without_key(self):
        original = MeetingAttendee._get_fernet_key
        try:
            MeetingAttendee._get_fernet_key = lambda self: None
            with self.assertRaisesRegex(UserError, "no encryption key"):
                self.att_plain.id_number = "310101198001011234"
        finally:
            MeetingAttendee._get_fernet_key = original

    def test_employee_defaults_and_department_wizard(self):
        with Form(
            self.env["meeting.attendee"].with_context(default_meeting_id=self.meeting.id)
        ) as form:
            form.attendee_type = "internal"
            form.employee_id = self.emp_director
        attendee = form.save()
        self.assertRecordValues(
            attendee,
            [
                {
                    "attendee_type": "internal",
                    "name": "Director",
                    "user_id": self.user_director.id,
                    "department_id": self.dep_product.id,
                    "company_name": "Product",
                }
            ],
        )
        wizard = (
            self.env["meeting.attendee.department.wizard"]
            .with_user(self.user_coordinator)
            .create({"meeting_id": self.meeting.id, "department_ids": [(6, 0, self.dep_gm.ids)]})
        )
        employees = self.env["hr.employee"].search([("department_id", "child_of", self.dep_gm.id)])
        self.assertEqual(wizard.already_count, 1)
        self.assertEqual(wizard.employee_count, len(employees) - 1)
        wizard.action_add()
        self.assertEqual(set(self.meeting.attendee_ids.employee_id.ids), set(employees.ids))
        with self.assertRaises(UserError):
            wizard.action_add()

    def test_invitation_mail_carries_the_qr_code(self):
        self.att_vip.with_user(self.user_coordinator).action_send_invitation()
        mail = self.env["mail.mail"].search([("email_to", "=", self.att_vip.email)])
        self.assertIn("Dealer Summit", mail.subject)
        self.assertIn("data:image/png;base64", mail.body_html, "the QR code is in the mail")
        # the QR code goes to the attendee only (see test_feedback_hardening)
        self.assertFalse(mail.model)
        self.assertIn("Invitation sent to", self.att_vip.message_ids[0].body)
        self.assertFalse(self.att_vip.message_ids[0].attachment_ids)
        self.assertTrue(self.att_vip.invitation_sent_date)
        with self.assertRaises(UserError):
            self.att_declined.with_user(self.user_coordinator).action_send_invitation()

    def test_reports_and_signin_sheet(self):
        self.scan(self.att_vip.access_token, lane="VIP")
        Report = self.env["ir.actions.report"]
        badge = Report._render_qweb_html(
            "meeting_management.action_report_attendee_badge", self.att_vip.ids
        )[0]
        self.assertIn(b"Zhang Wei", badge)
        self.assertIn(b"data:image/png;base64", badge)
        sheet = Report._render_qweb_html(
            "meeting_management.action_report_attendee_badge_sheet", self.meeting.ids
        )[0]
        self.assertIn(b"Li Na", sheet)
        self.assertNotIn(b"Wang Fang", sheet, "no badge for a declined attendee")
        signin = Report._render_qweb_html(
            "meeting_management.action_report_signin_sheet", self.meeting.ids
        )[0]
        self.assertIn(b"Not Arrived", signin)
        self.assertIn(b"13900139000", signin)

        data = (
            self.env["meeting.attendee"]
            .with_user(self.user_checkin)
            .get_signin_sheet_data(self.meeting.id)
        )
        self.assertEqual((data["expected"], data["checked_in"], data["missing"]), (2, 1, 1))
        self.assertEqual(data["rates"], [{"lane": "VIP", "per_minute": 0.2}])
        self.assertEqual(
            data["missing_list"][0]["phone"], "", "no phone numbers for check-in staff"
        )
        coordinator_data = (
            self.env["meeting.attendee"]
            .with_user(self.user_coordinator)
            .get_signin_sheet_data(self.meeting.id)
        )
        self.assertEqual(coordinator_data["missing_list"][0]["phone"], "13900139000")
        counters = (
            self.env["meeting.attendee"]
            .with_user(self.user_checkin)
            .get_checkin_counters(self.meeting.id)
        )
        self.assertEqual(counters, {"expected": 2, "checked_in": 1, "missing": 1})
        self.assertEqual(
            (self.meeting.attendee_count, self.meeting.attendee_checked_in_count), (2, 1)
        )

        content = (
            self.env["report.meeting_management.report_signin_sheet"]
            .with_user(self.user_coordinator)
            ._get_workbook(self.meeting)
        )
        with zipfile.ZipFile(io.BytesIO(content)) as xlsx:
            strings = xlsx.read("xl/sharedStrings.xml").decode()
        self.assertIn("Zhang Wei", strings)
        self.assertIn("13900139000", strings)

    def test_demo_seed_meeting(self):
        meeting = self.env.ref("meeting_management.demo_meeting_summit", raise_if_not_found=False)
        if not meeting:
            self.skipTest("installed without demo data")
        attendees = meeting.attendee_ids
        self.assertEqual(len(attendees), 185)
        self.assertEqual(len(attendees.filtered(lambda a: a.attendee_type == "internal")), 65)
        checked = attendees.filtered("is_checked_in")
        self.assertEqual(len(checked), 178)
        self.assertEqual(len(set(checked.mapped("checkin_lane"))), 3)
        day = meeting.date_start.date()
        for attendee in checked:
            self.assertEqual(attendee.checkin_date.date(), day)
            minutes = attendee.checkin_date.hour * 60 + attendee.checkin_date.minute
            self.assertTrue(40 <= minutes <= 95, attendee.checkin_date)  # 08:40-09:35 +08:00
        self.assertEqual(len(set(attendees.mapped("access_token"))), 185)
