from odoo import api, fields, models
from odoo.exceptions import UserError

PLAN_FIELDS = ("name", "date_start", "date_end", "venue", "budget_total")


class MeetingChangeRequestWizard(models.TransientModel):
    _name = "meeting.change.request.wizard"
    _description = "Request a Change to an Approved Meeting Plan"

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade")
    currency_id = fields.Many2one(related="meeting_id.currency_id")
    reason = fields.Text(required=True)
    name = fields.Char(compute="_compute_from_meeting", store=True, readonly=False)
    date_start = fields.Datetime(compute="_compute_from_meeting", store=True, readonly=False)
    date_end = fields.Datetime(compute="_compute_from_meeting", store=True, readonly=False)
    venue = fields.Char(compute="_compute_from_meeting", store=True, readonly=False)
    budget_total = fields.Monetary(
        compute="_compute_from_meeting", store=True, readonly=False, currency_field="currency_id"
    )

    @api.model_create_multi
    def create(self, vals_list):
        # A client may send only the fields it changes (the form sends them all): start
        # from the meeting's current plan for the others.
        for vals in vals_list:
            meeting_id = vals.get("meeting_id")
            if not isinstance(meeting_id, int) or isinstance(meeting_id, bool):
                continue
            meeting = self.env["meeting.meeting"].browse(meeting_id).exists()
            for fname in PLAN_FIELDS:
                if fname not in vals and meeting:
                    vals[fname] = meeting._fields[fname].convert_to_write(meeting[fname], meeting)
        return super().create(vals_list)

    @api.depends("meeting_id")
    def _compute_from_meeting(self):
        for wizard in self:
            meeting = wizard.meeting_id
            wizard.name = meeting.name
            wizard.date_start = meeting.date_start
            wizard.date_end = meeting.date_end
            wizard.venue = meeting.venue
            wizard.budget_total = meeting.budget_total

    def action_confirm(self):
        self.ensure_one()
        meeting = self.meeting_id
        meeting._check_can_manage_plan()
        if meeting.state != "approved":
            raise UserError(self.env._("Only an approved plan can be changed through a request."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("A change request needs a reason."))
        changes = {fname: self[fname] for fname in PLAN_FIELDS if self[fname] != meeting[fname]}
        if changes:
            # sudo: the plan is locked for users; the initiator (checked above) changes it
            # here only together with the change request below, which sends it back through
            # approval.
            meeting.sudo().write(changes)
        meeting._request_change(self.reason)
        return {"type": "ir.actions.act_window_close"}
