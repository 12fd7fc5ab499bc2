"""The approved meeting's calendar invitations leave from a cron, once each, not in the
approver's request (Odoo renders one invitation per attendee)."""

from datetime import timedelta

from odoo.tests import freeze_time, tagged

from .common_approval import NOW, MeetingApprovalCommon


@freeze_time(NOW)
@tagged("post_install", "-at_install")
class TestCalendarInvitations(MeetingApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the demo meetings' invitations are not these tests' business
        cls.env["calendar.attendee"].search([("meeting_invitation_pending", "=", True)]).write(
            {"meeting_invitation_pending": False}
        )

    def _invitations(self, event):
        """The invitations Odoo's calendar sent for ``event`` (one message per attendee)."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "calendar.event"),
                ("res_id", "=", event.id),
                ("message_type", "=", "user_notification"),
            ]
        )

    def _approve(self, meeting):
        meeting.with_user(self.user_director).action_submit()
        self._approve_all_resource(meeting)
        meeting.with_user(self.user_gm).action_approve()
        self.assertEqual(meeting.state, "approved")

    def test_approval_leaves_the_invitations_to_the_cron(self):
        meeting = self._create_meeting()
        Attendee = self.env["meeting.attendee"].with_user(self.user_director)
        Attendee.create({"meeting_id": meeting.id, "employee_id": self.emp_employee.id})
        self._approve(meeting)
        event = meeting.calendar_event_id
        self.assertIn(self.user_employee.partner_id, event.partner_ids)
        # the approver's request rendered no invitation; every attendee of the event waits
        self.assertFalse(self._invitations(event))
        self.assertTrue(all(event.attendee_ids.mapped("meeting_invitation_pending")))

        sent = self.env["calendar.attendee"]._cron_send_meeting_invitations()
        self.assertEqual(sent, len(event.attendee_ids))
        self.assertFalse(any(event.attendee_ids.mapped("meeting_invitation_pending")))
        invitations = self._invitations(event)
        # one invitation per attendee of the event (the cron is none of them)
        self.assertEqual(invitations.partner_ids, event.partner_ids)
        self.assertEqual(len(invitations), len(event.partner_ids))

        # a second run sends nothing again
        self.assertEqual(self.env["calendar.attendee"]._cron_send_meeting_invitations(), 0)
        self.assertEqual(self._invitations(event), invitations)

    def test_an_attendee_added_later_is_invited_alone(self):
        meeting = self._create_meeting()
        self._approve(meeting)
        event = meeting.calendar_event_id
        self.env["calendar.attendee"]._cron_send_meeting_invitations()
        before = self._invitations(event)

        Attendee = self.env["meeting.attendee"].with_user(self.user_coordinator)
        Attendee.create({"meeting_id": meeting.id, "employee_id": self.emp_employee.id})
        pending = event.attendee_ids.filtered("meeting_invitation_pending")
        self.assertEqual(pending.partner_id, self.user_employee.partner_id)

        self.assertEqual(self.env["calendar.attendee"]._cron_send_meeting_invitations(), 1)
        # the newcomer is invited; the others get nothing (their date did not change)
        new = self._invitations(event) - before
        self.assertEqual(new.partner_ids, self.user_employee.partner_id)
        self.assertEqual(len(new), 1)

    def test_a_past_event_invites_nobody(self):
        meeting = self._create_meeting()
        self._approve(meeting)
        event = meeting.calendar_event_id
        with freeze_time(meeting.date_start + timedelta(hours=1)):
            self.assertEqual(
                self.env["calendar.attendee"]._cron_send_meeting_invitations(),
                len(event.attendee_ids),
            )
        self.assertFalse(self._invitations(event))
