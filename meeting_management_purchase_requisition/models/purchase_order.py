from odoo import api, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    @api.model_create_multi
    def create(self, vals_list):
        """A request for quotation of a meeting's call for tenders is for the meeting."""
        orders = super().create(vals_list)
        for order in orders.filtered(lambda o: o.requisition_id and not o.meeting_id):
            meeting = order.requisition_id.meeting_id
            if meeting:
                order.meeting_id = meeting
        return orders

    @api.onchange("requisition_id")
    def _onchange_requisition_id(self):
        res = super()._onchange_requisition_id()
        if self.requisition_id.meeting_id and not self.meeting_id:
            self.meeting_id = self.requisition_id.meeting_id
        return res
