from odoo import api, fields, models
from odoo.exceptions import UserError

from .meeting_meeting import _harmless


class MeetingClosedLockMixin(models.AbstractModel):
    """Lines of a closed meeting are read-only for everyone but meeting administrators."""

    _name = "meeting.closed.lock.mixin"
    _description = "Read-only lines of closed meetings"

    def _check_meeting_closed_lock(self, meetings, vals=None):
        if self.env.su or self.env["meeting.meeting"]._is_meeting_admin():
            return
        if vals is not None and _harmless(vals):
            return
        closed = meetings.filtered(lambda m: m.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The meeting %(name)s is closed: its report is published and its "
                    "%(lines)s can no longer be changed.",
                    name=closed[0].display_name,
                    lines=self._description,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        meeting_ids = {vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")}
        self._check_meeting_closed_lock(self.env["meeting.meeting"].browse(meeting_ids))
        return super().create(vals_list)

    def write(self, vals):
        meetings = self.meeting_id
        if vals.get("meeting_id"):
            meetings |= self.env["meeting.meeting"].browse(vals["meeting_id"])
        self._check_meeting_closed_lock(meetings, vals)
        return super().write(vals)

    def unlink(self):
        self._check_meeting_closed_lock(self.meeting_id)
        return super().unlink()


class MeetingTask(models.Model):
    _name = "meeting.task"
    _inherit = ["meeting.task", "meeting.closed.lock.mixin"]

    def _meeting_report_late_minutes(self):
        """Minutes past the deadline: at completion, or until now while unfinished."""
        self.ensure_one()
        if not self.date_deadline:
            return 0
        end = self.date_done if self.state == "done" else fields.Datetime.now()
        if not end:
            return 0
        return max(0, round((end - self.date_deadline).total_seconds() / 60.0))

    def _meeting_report_is_late(self):
        self.ensure_one()
        return self._meeting_report_late_minutes() > 0


class MeetingAttendee(models.Model):
    _name = "meeting.attendee"
    _inherit = ["meeting.attendee", "meeting.closed.lock.mixin"]


class MeetingAgendaItem(models.Model):
    _name = "meeting.agenda.item"
    _inherit = ["meeting.agenda.item", "meeting.closed.lock.mixin"]


class MeetingIncident(models.Model):
    _name = "meeting.incident"
    _inherit = ["meeting.incident", "meeting.closed.lock.mixin"]


class MeetingObjective(models.Model):
    _name = "meeting.objective"
    _inherit = ["meeting.objective", "meeting.closed.lock.mixin"]


class MeetingBudgetLine(models.Model):
    _name = "meeting.budget.line"
    _inherit = ["meeting.budget.line", "meeting.closed.lock.mixin"]
