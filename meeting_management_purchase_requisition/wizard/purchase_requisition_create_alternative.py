from odoo import models


class PurchaseRequisitionCreateAlternative(models.TransientModel):
    _inherit = "purchase.requisition.create.alternative"

    def _get_alternative_values(self):
        """An alternative of a meeting's order (a call for tenders among vendors) is for the
        same meeting: its lines carry the meeting's analytic account."""
        vals_list = super()._get_alternative_values()
        meeting = self.origin_po_id.meeting_id
        if meeting:
            for vals in vals_list:
                vals["meeting_id"] = meeting.id
        return vals_list
