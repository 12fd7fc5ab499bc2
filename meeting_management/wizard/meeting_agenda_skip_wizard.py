from odoo import fields, models


class MeetingAgendaSkipWizard(models.TransientModel):
    _name = "meeting.agenda.skip.wizard"
    _description = "Skip an Agenda Item"

    item_id = fields.Many2one("meeting.agenda.item", required=True, ondelete="cascade")
    reason = fields.Char(required=True)

    def action_confirm(self):
        self.ensure_one()
        self.item_id._skip(self.reason)
        return {"type": "ir.actions.act_window_close"}
