from odoo import api, models


class MeetingLineMixin(models.AbstractModel):
    """The lines of a meeting (objectives, budget lines, tasks, attendees, agenda items,
    incidents) follow the meeting's two locks, defined once on the meeting:

    - the plan lock (``meeting.meeting._check_plan_editable``): the planned part of a line,
      listed in ``_plan_locked_fields``, is frozen once the plan is submitted; the other
      fields (actual values, variance reasons) stay writable for the review;
    - the closed lock (``meeting.meeting._check_closed_lock``): nothing of a closed meeting
      changes any more, except by a meeting administrator.
    """

    _name = "meeting.line.mixin"
    _description = "Line of a Meeting"
    _plan_locked_fields = frozenset()

    def _line_description(self):
        """The lines' name in the user's language (the model's translated description)."""
        return self.env["ir.model"]._get(self._name).name or self._description

    def _check_meeting_locks(self, meetings, vals=None, plan_action=None):
        if any(meeting.state == "closed" for meeting in meetings):
            meetings._check_closed_lock(vals, lines=self._line_description())
        if plan_action:
            meetings._check_plan_editable(plan_action)

    @api.model_create_multi
    def create(self, vals_list):
        meetings = self.env["meeting.meeting"].browse(
            {vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")}
        )
        self._check_meeting_locks(
            meetings,
            plan_action=self._plan_locked_fields
            and self.env._("add %(what)s", what=self._line_description()),
        )
        return super().create(vals_list)

    def write(self, vals):
        meetings = self.meeting_id
        if vals.get("meeting_id"):
            meetings |= self.env["meeting.meeting"].browse(vals["meeting_id"])
        self._check_meeting_locks(
            meetings,
            vals,
            plan_action=(self._plan_locked_fields & vals.keys())
            and self.env._("change %(what)s", what=self._line_description()),
        )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_meeting_locks(
            self.meeting_id,
            plan_action=self._plan_locked_fields
            and self.env._("delete %(what)s", what=self._line_description()),
        )
