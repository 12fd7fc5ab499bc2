from odoo import api, fields, models
from odoo.exceptions import ValidationError


class MeetingVendorContract(models.Model):
    _name = "meeting.vendor.contract"
    _description = "Meeting Vendor Contract"
    _inherit = ["mail.thread"]
    _order = "meeting_id, partner_id, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    name = fields.Char(string="Contract Number", required=True, tracking=True)
    meeting_id = fields.Many2one(
        "meeting.meeting",
        string="Meeting",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        domain=[("state", "in", ("approved", "in_progress", "review"))],
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="meeting_id.currency_id")
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, index=True, tracking=True
    )
    purchase_order_id = fields.Many2one(
        "purchase.order",
        string="Purchase Order",
        check_company=True,
        domain="[('meeting_id', '=', meeting_id), ('partner_id', 'child_of', partner_id)]",
    )
    service_scope = fields.Text(string="Service Scope")
    delivery_standard = fields.Text(string="Delivery Standard")
    deposit_amount = fields.Monetary(string="Deposit", currency_field="currency_id", tracking=True)
    deposit_state = fields.Selection(
        [
            ("none", "No Deposit"),
            ("to_pay", "To Pay"),
            ("paid", "Paid"),
            ("to_refund", "To Refund"),
            ("refunded", "Refunded"),
            ("kept", "Kept by the Vendor"),
        ],
        string="Deposit Status",
        required=True,
        default="to_pay",
        tracking=True,
        help="To Pay and To Refund are open: finance's settlement lists them per vendor.",
    )
    deposit_refund_rule = fields.Text(string="Deposit Refund Rule")
    penalty_clause = fields.Text(string="Penalty Clauses")
    cancellation_deadline = fields.Date(
        string="Cancellation Deadline",
        tracking=True,
        help="The last day the meeting can be cancelled under the contract's terms.",
    )
    date_signed = fields.Date(string="Signed On", tracking=True)
    signed_document = fields.Binary(string="Signed Contract", attachment=True)
    signed_document_name = fields.Char(string="Signed Contract File Name")
    milestone_ids = fields.One2many(
        "meeting.vendor.contract.milestone", "contract_id", string="Milestones"
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("meeting_id")
    def _check_meeting_state(self):
        for contract in self:
            # sudo: reads the meeting's state only
            if contract.meeting_id.sudo().state not in ("approved", "in_progress", "review"):
                raise ValidationError(
                    self.env._(
                        "Contracts are recorded for a meeting whose plan is approved and that "
                        "is not closed."
                    )
                )

    @api.constrains("purchase_order_id", "meeting_id", "partner_id")
    def _check_purchase_order(self):
        for contract in self:
            order = contract.purchase_order_id
            if order and (
                order.meeting_id != contract.meeting_id
                or order.partner_id.commercial_partner_id
                != contract.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The contract's purchase order must be for the same meeting and vendor."
                    )
                )
