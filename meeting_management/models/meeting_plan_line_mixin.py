from odoo import api, models


class MeetingPlanLineMixin(models.AbstractModel):
    """Lines of the plan (objectives, budget) whose planned part is frozen once submitted.

    Models list their planned fields in ``_plan_locked_fields``; the other fields (actual
    values, variance reasons) stay writable for the review.
    """

    _name = "meeting.plan.line.mixin"
    _description = "Meeting Plan Line"
    _plan_locked_fields = frozenset()

    @api.model_create_multi
    def create(self, vals_list):
        meeting_ids = {vals.get("meeting_id") for vals in vals_list}
        self.env["meeting.meeting"].browse(filter(None, meeting_ids))._check_plan_editable(
            self.env._("add %(what)s", what=self._description)
        )
        return super().create(vals_list)

    def write(self, vals):
        if self._plan_locked_fields & vals.keys():
            meetings = self.meeting_id
            if "meeting_id" in vals:
                meetings |= self.env["meeting.meeting"].browse(vals["meeting_id"])
            meetings._check_plan_editable(self.env._("change %(what)s", what=self._description))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.meeting_id._check_plan_editable(self.env._("delete %(what)s", what=self._description))
