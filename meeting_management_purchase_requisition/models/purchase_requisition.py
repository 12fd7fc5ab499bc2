from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.meeting_management_purchase.models.purchase_order import ORDERING_STATES


class PurchaseRequisition(models.Model):
    _inherit = "purchase.requisition"

    meeting_id = fields.Many2one(
        "meeting.meeting",
        string="Meeting",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain=[("state", "in", ORDERING_STATES), ("analytic_account_id", "!=", False)],
        help="The meeting this call for tenders buys for: its lines carry the meeting's "
        "analytic account and its requests for quotation are for the meeting.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("meeting_id")
    def _check_meeting_id(self):
        for requisition in self:
            meeting = requisition.meeting_id.sudo()  # reads the meeting's state only
            if meeting and (
                not meeting.analytic_account_id or meeting.state not in ORDERING_STATES
            ):
                raise ValidationError(
                    self.env._(
                        "Calls for tenders are made for %(meeting)s once its plan is approved "
                        "and until it is closed.",
                        meeting=meeting.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------------

    def write(self, vals):
        if "meeting_id" in vals:
            for requisition in self:
                if requisition.meeting_id.id != (vals["meeting_id"] or False) and (
                    requisition.purchase_ids.filtered(lambda o: o.state == "purchase")
                ):
                    raise UserError(
                        self.env._(
                            "%(requisition)s has confirmed orders: its meeting can no longer "
                            "change.",
                            requisition=requisition.display_name,
                        )
                    )
        res = super().write(vals)
        if vals.get("meeting_id"):
            self.purchase_ids.filtered(
                lambda o: o.state in ("draft", "sent", "to approve") and not o.meeting_id
            ).write({"meeting_id": vals["meeting_id"]})
        return res
