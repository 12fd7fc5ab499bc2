import io
from datetime import datetime

import openpyxl
from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common_onsite import OnsiteCommon


@tagged("post_install", "-at_install")
class TestAgenda(OnsiteCommon):
    def _start(self):
        self.meeting.with_user(self.user_coordinator).action_start()

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    def test_overlap_refused(self):
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self.env["meeting.agenda.item"].create(
                {
                    "meeting_id": self.meeting.id,
                    "name": "Too early",
                    "date_start": datetime(2024, 3, 20, 1, 40),
                    "date_end": datetime(2024, 3, 20, 2, 0),
                }
            )
        with self.assertRaisesRegex(ValidationError, "overlap"):
            self.item_opening.date_end = datetime(2024, 3, 20, 1, 50)

    def test_outside_meeting_refused(self):
        with self.assertRaisesRegex(ValidationError, "outside the meeting time"):
            self.env["meeting.agenda.item"].create(
                {
                    "meeting_id": self.meeting.id,
                    "name": "Dinner",
                    "date_start": datetime(2024, 3, 20, 9, 30),
                    "date_end": datetime(2024, 3, 20, 11, 0),
                }
            )
        with self.assertRaisesRegex(ValidationError, "must end after it starts"):
            self.item_launch.date_end = datetime(2024, 3, 20, 1, 45)

    def test_adjacent_items_and_skipped_items_allowed(self):
        item = self.env["meeting.agenda.item"].create(
            {
                "meeting_id": self.meeting.id,
                "name": "Tea Break",
                "date_start": datetime(2024, 3, 20, 2, 45),
                "date_end": datetime(2024, 3, 20, 3, 0),
            }
        )
        self.assertEqual(item.planned_minutes, 15)

    # ------------------------------------------------------------------
    # Running the agenda
    # ------------------------------------------------------------------
    def test_start_meeting_rules(self):
        with self.assertRaisesRegex(UserError, "Only the executor"):
            self.meeting.with_user(self.user_employee).action_start()
        self.assertFalse(self.meeting.with_user(self.user_employee).can_start)
        self.assertTrue(self.meeting.with_user(self.user_coordinator).can_start)
        with self.assertRaisesRegex(UserError, "Start the meeting"):
            self.item_checkin.with_user(self.user_coordinator).action_start_item()
        self._start()
        self.assertEqual(self.meeting.state, "in_progress")
        with self.assertRaisesRegex(UserError, "Only an approved meeting"):
            self._start()

    def test_actual_times_and_deviation(self):
        self._start()
        item_checkin = self.item_checkin.with_user(self.user_coordinator)
        with freeze_time("2024-03-20 01:02:00"):
            item_checkin.action_start_item()
        with freeze_time("2024-03-20 01:20:00"):
            meeting = self.meeting.with_user(self.user_coordinator)
            meeting.invalidate_recordset()
            self.assertEqual(meeting.current_agenda_item_id, self.item_checkin)
            self.assertEqual(meeting.next_agenda_item_id, self.item_opening)
            self.assertEqual(meeting.next_item_countdown, 10)
            self.assertEqual(meeting.agenda_deviation, 2)
        with freeze_time("2024-03-20 01:35:00"):
            item_checkin.action_finish_item()
        with freeze_time("2024-03-20 01:36:00"):
            # starting the next item records its start; deviation follows the last item
            self.item_opening.with_user(self.user_coordinator).action_start_item()
        with freeze_time("2024-03-20 01:52:00"):
            # starting the launch finishes the running opening speech
            self.item_launch.with_user(self.user_coordinator).action_start_item()
        self.assertRecordValues(
            self.item_checkin | self.item_opening | self.item_launch,
            [
                {
                    "state": "done",
                    "actual_start": datetime(2024, 3, 20, 1, 2),
                    "actual_end": datetime(2024, 3, 20, 1, 35),
                    "start_deviation": 2,
                    "end_deviation": 5,
                    "actual_minutes": 33,
                },
                {
                    "state": "done",
                    "actual_start": datetime(2024, 3, 20, 1, 36),
                    "actual_end": datetime(2024, 3, 20, 1, 52),
                    "start_deviation": 6,
                    "end_deviation": 7,
                    "actual_minutes": 16,
                },
                {
                    "state": "running",
                    "actual_start": datetime(2024, 3, 20, 1, 52),
                    "actual_end": False,
                    "start_deviation": 7,
                    "end_deviation": 0,
                    "actual_minutes": 0,
                },
            ],
        )
        with freeze_time("2024-03-20 02:00:00"):
            self.meeting.invalidate_recordset()
            self.assertEqual(self.meeting.agenda_deviation, 7)
            self.assertEqual(self.meeting.current_agenda_item_id, self.item_launch)
            self.assertFalse(self.meeting.next_agenda_item_id)
        with freeze_time("2024-03-20 02:55:00"):
            # still running 10 minutes after its planned end: running deviation grows
            self.meeting.invalidate_recordset()
            self.assertEqual(self.meeting.agenda_deviation, 10)

    def test_only_executor_runs_agenda(self):
        self._start()
        with self.assertRaisesRegex(UserError, "Only the executor"):
            self.item_checkin.with_user(self.user_employee).action_start_item()
        self.item_checkin.with_user(self.user_coordinator).action_start_item()
        with self.assertRaisesRegex(UserError, "already started"):
            self.item_checkin.with_user(self.user_coordinator).action_start_item()
        with self.assertRaisesRegex(UserError, "not running"):
            self.item_opening.with_user(self.user_coordinator).action_finish_item()
        # status and actual times cannot be written around the buttons
        with self.assertRaisesRegex(UserError, "Start, Finish and Skip"):
            self.item_opening.with_user(self.user_coordinator).write({"state": "done"})
        # planned times of a started meeting only move through a change request
        with self.assertRaisesRegex(UserError, "request an agenda change"):
            self.item_launch.with_user(self.user_coordinator).date_end = datetime(2024, 3, 20, 3, 0)

    def test_skip_needs_reason(self):
        self._start()
        action = self.item_opening.with_user(self.user_coordinator).action_open_skip_wizard()
        wizard_model = self.env[action["res_model"]].with_user(self.user_coordinator)
        with self.assertRaisesRegex(UserError, "reason"):
            wizard_model.create({"item_id": self.item_opening.id, "reason": "  "}).action_confirm()
        form = Form(wizard_model.with_context(**action["context"]))
        form.reason = "Speaker delayed"
        form.save().action_confirm()
        self.assertRecordValues(
            self.item_opening, [{"state": "skipped", "skip_reason": "Speaker delayed"}]
        )
        with self.assertRaisesRegex(UserError, "already over"):
            self.item_opening.with_user(self.user_coordinator)._skip("again")

    # ------------------------------------------------------------------
    # Change requests
    # ------------------------------------------------------------------
    def _request(self, item, user, start, end, **extra):
        return (
            self.env["meeting.agenda.change"]
            .with_user(user)
            .create(
                {
                    "item_id": item.id,
                    "new_date_start": start,
                    "new_date_end": end,
                    "reason": "Q&A runs over",
                    **extra,
                }
            )
        )

    def test_change_request_approved_notifies_attendees(self):
        self._start()
        change = self._request(
            self.item_opening,
            self.user_coordinator,
            datetime(2024, 3, 20, 1, 30),
            datetime(2024, 3, 20, 1, 55),
            shift_following=True,
        )
        self.assertEqual(change.approver_id, self.user_director)
        self.assertEqual(change.activity_ids.user_id, self.user_director)
        self.assertFalse(change.with_user(self.user_coordinator).can_decide)
        with self.assertRaisesRegex(UserError, "Only the initiator"):
            change.with_user(self.user_coordinator).action_approve()
        before = self.env["mail.mail"].search([("model", "=", "meeting.attendee")])
        change.with_user(self.user_director).action_approve()
        self.assertRecordValues(
            change, [{"state": "approved", "decided_by_id": self.user_director.id}]
        )
        self.assertFalse(change.activity_ids)
        # the item is extended and the following one shifted by the same 10 minutes
        self.assertRecordValues(
            self.item_opening | self.item_launch,
            [
                {
                    "date_start": datetime(2024, 3, 20, 1, 30),
                    "date_end": datetime(2024, 3, 20, 1, 55),
                },
                {
                    "date_start": datetime(2024, 3, 20, 1, 55),
                    "date_end": datetime(2024, 3, 20, 2, 55),
                },
            ],
        )
        # one mail per attendee with an address, with the new agenda in it
        mails = self.env["mail.mail"].search([("model", "=", "meeting.attendee")]) - before
        self.assertEqual(
            sorted(mails.mapped("email_to")),
            ["dealer.zhang@example.com", "t_employee@example.com"],
        )
        self.assertIn("09:55-10:55", mails[0].body_html)
        self.assertIn("Q&amp;A runs over", mails[0].body_html)
        # attendees who are users also get an Odoo notification
        notified = self.env["mail.message"].search(
            [
                ("model", "=", "meeting.meeting"),
                ("res_id", "=", self.meeting.id),
                ("partner_ids", "in", self.user_employee.partner_id.ids),
            ]
        )
        self.assertTrue(notified)
        self.assertIn("Product Launch", notified[0].body)

    def test_change_request_refused(self):
        change = self._request(
            self.item_launch,
            self.user_director,  # the item owner may request too
            datetime(2024, 3, 20, 1, 45),
            datetime(2024, 3, 20, 3, 0),
        )
        change.refuse_reason = "Keep the plan"
        change.with_user(self.user_director).action_refuse()
        self.assertEqual(change.state, "refused")
        self.assertEqual(self.item_launch.date_end, datetime(2024, 3, 20, 2, 45))
        with self.assertRaisesRegex(UserError, "Only the initiator"):
            change.with_user(self.user_director).action_approve()

    def test_change_request_rights_and_validation(self):
        with self.assertRaisesRegex(UserError, "host of the meeting or the owner"):
            self._request(
                self.item_opening,
                self.user_employee,
                datetime(2024, 3, 20, 1, 30),
                datetime(2024, 3, 20, 1, 50),
            )
        with self.assertRaisesRegex(UserError, "changes nothing"):
            self._request(
                self.item_opening,
                self.user_coordinator,
                datetime(2024, 3, 20, 1, 30),
                datetime(2024, 3, 20, 1, 45),
            )
        # without shifting the next item, the extension would overlap: refused on approval
        change = self._request(
            self.item_opening,
            self.user_coordinator,
            datetime(2024, 3, 20, 1, 30),
            datetime(2024, 3, 20, 1, 55),
        )
        with self.assertRaisesRegex(ValidationError, "overlap"):
            change.with_user(self.user_director).action_approve()

    # ------------------------------------------------------------------
    # Exports
    # ------------------------------------------------------------------
    def test_agenda_pdf_and_excel(self):
        self.item_launch.write({"location": "Main Hall", "notes": "Demo devices"})
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_coordinator)
            ._render_qweb_html("meeting_management.action_report_meeting_agenda", self.meeting.ids)
        )
        html = html.decode()
        self.assertIn("Product Launch", html)
        self.assertIn("09:45-10:45", html)  # shown in the user's time zone
        self.assertIn("Demo devices", html)

        content = (
            self.env["report.meeting_management.report_meeting_agenda"]
            .with_user(self.user_coordinator)
            ._get_workbook(self.meeting)
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5, max_col=5)]
        self.assertEqual(
            rows,
            [
                ["09:00-09:30", "Check-in", None, None, None],
                ["09:30-09:45", "Opening Speech", "General Manager", None, None],
                ["09:45-10:45", "Product Launch", "Director", "Main Hall", "Demo devices"],
            ],
        )

    def test_demo_agenda(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit")
        self.assertEqual(len(summit.agenda_item_ids), 12)
        first = summit.agenda_item_ids.sorted("date_start")[0]
        self.assertEqual(first.date_start, summit.date_start)
        self.assertEqual(summit.agenda_item_ids.sorted("date_start")[-1].date_end, summit.date_end)
        # the projector failure, the vegetarian meals and the seating complaint
        self.assertEqual(summit.incident_count, 3)
        self.assertEqual(summit.kpi_incident_timeliness, 100.0)
