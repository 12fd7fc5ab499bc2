from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The meeting states a purchase order may be placed for: the plan is approved (the meeting
# has its analytic account) and the meeting is not yet closed.
ORDERING_STATES = ("approved", "in_progress", "review")


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    meeting_id = fields.Many2one(
        "meeting.meeting",
        string="Meeting",
        index="btree_not_null",
        check_company=True,
        tracking=True,
        domain=[("state", "in", ORDERING_STATES), ("analytic_account_id", "!=", False)],
        help="The meeting this order buys for: its lines carry the meeting's analytic account, "
        "so the order counts as committed in the meeting's budget once confirmed, and its "
        "bills as actual once posted.",
    )
    meeting_vendor_warning = fields.Char(
        string="Vendor Qualification",
        compute="_compute_meeting_vendor_warning",
        help="What is missing or expired among the vendor's qualification documents.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    meeting_vendor_replacement = fields.Char(
        string="Vendor Flagged",
        compute="_compute_meeting_vendor_warning",
        help="The vendor scored below the threshold two quarters in a row.",
    )

    @api.depends("meeting_id", "partner_id")
    def _compute_meeting_vendor_warning(self):
        for order in self:
            vendor = order.partner_id.commercial_partner_id
            order.meeting_vendor_warning = (
                order.partner_id.meeting_qualification_problem if order.meeting_id else False
            )
            order.meeting_vendor_replacement = (
                vendor.sudo().meeting_replacement_reason  # a flag shown to whoever orders
                if vendor.sudo().meeting_replacement_flag
                else False
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("meeting_id")
    def _check_meeting_id(self):
        for order in self:
            meeting = order.meeting_id.sudo()  # reads the meeting's state only
            if meeting and not meeting.analytic_account_id:
                raise ValidationError(
                    self.env._(
                        "%(meeting)s has no analytic account yet: orders are placed for a "
                        "meeting once its plan is approved.",
                        meeting=meeting.display_name,
                    )
                )
            if meeting and meeting.state not in ORDERING_STATES:
                raise ValidationError(
                    self.env._(
                        "%(meeting)s is closed or cancelled: it takes no new order.",
                        meeting=meeting.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------------

    def write(self, vals):
        if "meeting_id" in vals:
            for order in self:
                if order.state in ("purchase", "cancel") and order.meeting_id.id != (
                    vals["meeting_id"] or False
                ):
                    raise UserError(
                        self.env._(
                            "%(order)s is confirmed or cancelled: its meeting can no longer "
                            "change. Cancel it and order again for the other meeting.",
                            order=order.display_name,
                        )
                    )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def button_confirm(self):
        to_confirm = self.filtered(lambda o: o.state in ("draft", "sent"))
        to_confirm._check_meeting_vendor_qualification()
        res = super().button_confirm()
        for order in to_confirm.filtered("meeting_vendor_warning"):
            order.message_post(
                body=self.env._(
                    "Confirmed although the vendor's qualification is not in order: %(problem)s.",
                    problem=order.meeting_vendor_warning,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._refresh_meeting_budgets()
        return res

    def button_cancel(self):
        res = super().button_cancel()
        self._refresh_meeting_budgets()
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _check_meeting_vendor_qualification(self):
        """A meeting's order from a vendor whose qualification is missing or expired: refused
        when the company blocks it (the form warns otherwise)."""
        for order in self:
            if order.meeting_vendor_warning and order.company_id.meeting_block_unqualified_vendor:
                raise UserError(
                    self.env._(
                        "%(vendor)s cannot be ordered from for a meeting: %(problem)s. Purchasing "
                        "records the vendor's current qualification documents first.",
                        vendor=order.partner_id.commercial_partner_id.display_name,
                        problem=order.meeting_vendor_warning,
                    )
                )

    def _refresh_meeting_budgets(self):
        """The meetings' committed amounts follow their orders at once. sudo: the refresh
        reads Accounting and Purchase for the meetings of orders the buyer just changed."""
        meetings = self.sudo().meeting_id
        if meetings:
            meetings._refresh_budget_actuals()
