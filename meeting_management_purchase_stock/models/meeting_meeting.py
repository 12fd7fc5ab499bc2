from odoo import models


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    def _get_purchase_settlement_check(self):
        """Each order's row also lists its receipts: the validated ones (what ``received``
        counts) and those still open."""
        check = super()._get_purchase_settlement_check()
        for row in check["orders"]:
            receipts = row["order"].picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming" and p.state != "cancel"
            )
            row["receipts"] = receipts.filtered(lambda p: p.state == "done")
            row["open_receipts"] = receipts.filtered(lambda p: p.state != "done")
        return check

    def _get_budget_settlement_problems(self, total_reason=None, line_reasons=None):
        problems = super()._get_budget_settlement_problems(total_reason, line_reasons)
        for row in self._get_purchase_settlement_check()["orders"]:
            for receipt in row["open_receipts"]:
                problems.append(
                    self.env._(
                        "%(order)s (%(vendor)s): receipt %(receipt)s is not validated: "
                        "validate what was delivered or cancel the rest.",
                        order=row["order"].name,
                        vendor=row["vendor"].name,
                        receipt=receipt.name,
                    )
                )
        return problems
