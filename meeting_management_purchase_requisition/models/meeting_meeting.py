from odoo import fields, models

from odoo.addons.meeting_management_purchase.models.meeting_meeting import PURCHASE_GROUP


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    purchase_requisition_count = fields.Integer(
        string="Calls for Tenders",
        compute="_compute_purchase_requisition_count",
        groups=PURCHASE_GROUP,
    )

    def _compute_purchase_requisition_count(self):
        counts = dict(
            self.env["purchase.requisition"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.purchase_requisition_count = counts.get(meeting, 0)

    def action_view_purchase_requisitions(self):
        """The meeting's calls for tenders; a new one is for this meeting."""
        self.ensure_one()
        self._check_purchase_user()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "purchase_requisition.action_purchase_requisition"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = self._get_purchase_requisition_context()
        return action

    def action_new_purchase_requisition(self):
        """A call for tenders for this meeting (a purchase template whose requests for
        quotation go to competing vendors): its lines carry the meeting's analytic
        account."""
        self.ensure_one()
        self._check_can_order()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Call for Tenders"),
            "res_model": "purchase.requisition",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._get_purchase_requisition_context(),
        }

    def _get_purchase_requisition_context(self):
        return {
            "default_meeting_id": self.id,
            "default_company_id": self.company_id.id,
            "default_requisition_type": "purchase_template",
            "default_reference": self.reference or self.name,
        }
