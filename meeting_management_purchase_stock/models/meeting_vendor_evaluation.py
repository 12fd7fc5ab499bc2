from odoo import api, fields, models


class MeetingVendorEvaluation(models.Model):
    _inherit = "meeting.vendor.evaluation"

    @api.model
    def _get_delivery_checks(self, meeting, partner):
        """The receipts of the vendor's confirmed orders for the meeting join its delivery
        milestones: a receipt validated on or before the day it was expected (Odoo's own
        on-time rule, ``res.partner.on_time_rate``) is on time; one still open past that day
        is late; cancelled ones and returns do not count. sudo: see ``_measured_vals``."""
        checks = super()._get_delivery_checks(meeting, partner)
        receipts = (
            self.env["purchase.order"]
            .sudo()
            .search(
                [
                    ("meeting_id", "=", meeting.id),
                    ("partner_id", "child_of", partner.id),
                    ("state", "=", "purchase"),
                ]
            )
            .picking_ids.filtered(
                lambda p: (
                    p.picking_type_code == "incoming" and not p.return_id and p.state != "cancel"
                )
            )
        )
        today = fields.Date.context_today(self)
        for receipt in receipts:
            expected = (receipt.date_deadline or receipt.scheduled_date).date()
            if receipt.state == "done":
                checks.append(receipt.date_done.date() <= expected)
            elif expected < today:
                checks.append(False)
        return checks
