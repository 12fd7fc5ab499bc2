from odoo import api, fields, models
from odoo.exceptions import AccessError


class MeetingMeeting(models.Model):
    """Attendees and check-in on the meeting (stage 3a)."""

    _inherit = "meeting.meeting"

    checkin_staff_ids = fields.Many2many(
        "res.users",
        "meeting_meeting_checkin_staff_rel",
        "meeting_id",
        "user_id",
        string="Check-in Staff",
        domain=[("share", "=", False)],
        help="Door staff who may check attendees of this meeting in (with the executor). They "
        "see the attendees' names, companies and check-in state, nothing else.",
    )
    attendee_count = fields.Integer(compute="_compute_attendee_counts")
    attendee_checked_in_count = fields.Integer(
        string="Checked In", compute="_compute_attendee_counts"
    )

    @api.depends("attendee_ids.is_checked_in", "attendee_ids.invitation_state")
    def _compute_attendee_counts(self):
        counts = self._get_attendance_counts()
        for meeting in self:
            row = counts.get(meeting._origin.id) or {"expected": 0, "checked_in": 0}
            meeting.attendee_count = row["expected"]
            meeting.attendee_checked_in_count = row["checked_in"]

    def _get_attendance_counts(self):
        """The one definition of attendance, for every place that shows it.

        ``expected``: attendees who did not decline (someone who came anyway counts too);
        ``checked_in``: attendees checked in. Returns ``{meeting id: {"expected": n,
        "checked_in": n}}`` for the saved meetings of ``self`` (new records: use their origin).

        One ``_read_group`` on the (meeting_id, is_checked_in) index; nothing is stored on the
        meeting, so a scan never writes (nor locks) the meeting row.
        """
        meeting_ids = [mid for mid in self._origin.ids if mid]
        counts = {mid: {"expected": 0, "checked_in": 0} for mid in meeting_ids}
        if not meeting_ids:
            return counts
        # sudo: counts only, no attendee data leaves this method. Everybody who may read the
        # meeting (the caller's responsibility: field access or an explicit check) sees the
        # same figure, whatever attendee record rules apply to them.
        groups = (
            self.env["meeting.attendee"]
            .sudo()
            ._read_group(
                [
                    ("meeting_id", "in", meeting_ids),
                    "|",
                    ("invitation_state", "!=", "declined"),
                    ("is_checked_in", "=", True),
                ],
                ["meeting_id", "is_checked_in"],
                ["__count"],
            )
        )
        for meeting, checked_in, count in groups:
            row = counts[meeting.id]
            row["expected"] += count
            if checked_in:
                row["checked_in"] += count
        return counts

    def _is_checkin_staff(self, user=None):
        """Whether ``user`` may check attendees of this meeting in (kiosk, sheet, search)."""
        self.ensure_one()
        user = user or self.env.user
        # sudo: the caller may not read the meeting (that is what is being decided); only the
        # executor and the staff list are compared with the user, nothing is returned.
        meeting = self.sudo()
        return (
            user.has_group("meeting_management.group_meeting_manager")
            or meeting.executor_id == user
            or user in meeting.checkin_staff_ids
        )

    def _check_checkin_staff(self):
        for meeting in self:
            if not meeting._is_checkin_staff():
                raise AccessError(
                    self.env._(
                        "You are not check-in staff of the meeting %(meeting)s.",
                        meeting=meeting.display_name,
                    )
                )

    def action_view_attendees(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_attendee_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_group_lane": 0}
        return action

    def action_open_checkin_kiosk(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.checkin_kiosk",
            "name": self.env._("Check-in Kiosk"),
            "context": {"default_meeting_id": self.id},
        }

    def action_open_signin_sheet(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.signin_sheet",
            "name": self.env._("Sign-in Sheet"),
            "context": {"default_meeting_id": self.id},
        }

    def action_export_signin_sheet_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/signin_sheet/{self.id}/xlsx",
            "target": "download",
        }

    def action_add_department_employees(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Employees of a Department"),
            "res_model": "meeting.attendee.department.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }
