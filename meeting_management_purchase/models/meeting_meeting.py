from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.meeting_management_account.models.meeting_meeting import FINANCE_GROUP

from .purchase_order import ORDERING_STATES

PURCHASE_GROUP = "purchase.group_purchase_user"
# Purchasing orders; finance (read-only Accounting, which reads purchase orders) follows them.
ORDER_READERS = f"{PURCHASE_GROUP},{FINANCE_GROUP}"


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    purchase_order_count = fields.Integer(
        string="Purchase Orders", compute="_compute_purchase_order_count", groups=ORDER_READERS
    )
    vendor_contract_count = fields.Integer(
        string="Contracts", compute="_compute_vendor_contract_count", groups=ORDER_READERS
    )

    vendor_evaluation_count = fields.Integer(
        string="Vendor Evaluations", compute="_compute_vendor_evaluation_count"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    def _compute_vendor_evaluation_count(self):
        # sudo: a count on the meeting's form; the list applies the reader's rights
        counts = dict(
            self.env["meeting.vendor.evaluation"]
            .sudo()
            ._read_group([("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"])
        )
        for meeting in self:
            meeting.vendor_evaluation_count = counts.get(meeting, 0)

    def _compute_vendor_contract_count(self):
        counts = dict(
            self.env["meeting.vendor.contract"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.vendor_contract_count = counts.get(meeting, 0)

    def _compute_purchase_order_count(self):
        counts = dict(
            self.env["purchase.order"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.purchase_order_count = counts.get(meeting, 0)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_view_purchase_orders(self):
        self.ensure_one()
        self._check_order_reader()
        action = self.env["ir.actions.act_window"]._for_xml_id("purchase.purchase_rfq")
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = self._get_purchase_order_context()
        return action

    def action_view_vendor_contracts(self):
        self.ensure_one()
        self._check_order_reader()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management_purchase.meeting_vendor_contract_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    def action_evaluate_vendors(self):
        """The meeting's vendor evaluations; a new one is for this meeting."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management_purchase.meeting_vendor_evaluation_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        action["view_mode"] = "list,form"
        action["views"] = [(False, "list"), (False, "form")]
        return action

    def action_new_purchase_order(self):
        """A request for quotation for this meeting: its lines will carry the meeting's
        analytic account."""
        self.ensure_one()
        self._check_can_order()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Purchase Order"),
            "res_model": "purchase.order",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._get_purchase_order_context(),
        }

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _check_purchase_user(self):
        if not self.env.user.has_group(PURCHASE_GROUP):
            raise AccessError(
                self.env._("Only purchasing (Purchase: User) orders from the meeting's vendors.")
            )

    def _check_order_reader(self):
        if not (self.env.user.has_group(PURCHASE_GROUP) or self.env.user.has_group(FINANCE_GROUP)):
            raise AccessError(
                self.env._("Only purchasing and finance follow the purchase orders of a meeting.")
            )

    def _check_can_order(self):
        self._check_purchase_user()
        for meeting in self:
            if not meeting.analytic_account_id or meeting.state not in ORDERING_STATES:
                raise UserError(
                    self.env._(
                        "Orders are placed for %(name)s once its plan is approved and until "
                        "it is closed.",
                        name=meeting.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _get_purchase_order_context(self):
        return {
            "default_meeting_id": self.id,
            "default_company_id": self.company_id.id,
            "default_origin": self.reference or self.name,
        }

    def _get_vendors(self):
        """The vendors (companies) of this meeting: of its orders not cancelled and its
        contracts. sudo: the executor evaluating them may hold no purchase rights."""
        self.ensure_one()
        orders = (
            self.env["purchase.order"]
            .sudo()
            .search([("meeting_id", "=", self.id), ("state", "!=", "cancel")])
        )
        contracts = (
            self.env["meeting.vendor.contract"].sudo().search([("meeting_id", "=", self.id)])
        )
        return (orders.partner_id | contracts.partner_id).commercial_partner_id.with_env(self.env)

    def _get_purchase_settlement_check(self):
        """Finance's check of the meeting's suppliers (供应商结算): per confirmed order and
        per order line the ordered, received and billed (posted bills, net of credit notes)
        quantities and amounts, and the open deposits and refunds per vendor. sudo: figures
        for the settlement, which finance reads without purchase rights."""
        self.ensure_one()
        orders = (
            self.env["purchase.order"]
            .sudo()
            .search([("meeting_id", "=", self.id), ("state", "=", "purchase")])
        )
        rows = []
        for order in orders:
            lines = []
            for line in order.order_line.filtered(lambda l: not l.display_type):
                unit = line.price_subtotal / line.product_qty if line.product_qty else 0.0
                billed = billed_qty = 0.0
                for bill_line in line.invoice_lines.filtered(lambda l: l.parent_state == "posted"):
                    sign = -1 if bill_line.move_id.move_type == "in_refund" else 1
                    billed += sign * bill_line.price_subtotal
                    billed_qty += sign * bill_line.product_uom_id._compute_quantity(
                        bill_line.quantity, line.product_uom_id
                    )
                lines.append(
                    {
                        "line": line,
                        "ordered_qty": line.product_qty,
                        "received_qty": line.qty_received,
                        "billed_qty": billed_qty,
                        "ordered": line.price_subtotal,
                        "received": unit * line.qty_received,
                        "billed": billed,
                    }
                )
            rows.append(
                {
                    "order": order,
                    "vendor": order.partner_id.commercial_partner_id,
                    "currency": order.currency_id,
                    "lines": lines,
                    "ordered": sum(line["ordered"] for line in lines),
                    "billed": sum(line["billed"] for line in lines),
                    "received": sum(line["received"] for line in lines),
                }
            )
        contracts = (
            self.env["meeting.vendor.contract"]
            .sudo()
            .search(
                [
                    ("meeting_id", "=", self.id),
                    ("deposit_state", "in", ("to_pay", "to_refund")),
                    ("deposit_amount", ">", 0),
                ]
            )
        )
        return {"orders": rows, "deposits": contracts}

    def _get_budget_settlement_problems(self, total_reason=None, line_reasons=None):
        problems = super()._get_budget_settlement_problems(total_reason, line_reasons)
        check = self._get_purchase_settlement_check()
        for row in check["orders"]:
            currency = row["currency"]
            if currency.compare_amounts(row["billed"], row["received"]) > 0:
                problems.append(
                    self.env._(
                        "%(order)s (%(vendor)s) is billed %(billed)s for %(received)s received: "
                        "record the receipt or get a credit note.",
                        order=row["order"].name,
                        vendor=row["vendor"].name,
                        billed=currency.format(row["billed"]),
                        received=currency.format(row["received"]),
                    )
                )
        for contract in check["deposits"]:
            label = dict(contract._fields["deposit_state"]._description_selection(self.env))
            problems.append(
                self.env._(
                    "%(vendor)s: deposit of %(amount)s %(state)s (contract %(contract)s).",
                    vendor=contract.partner_id.commercial_partner_id.name,
                    amount=self.currency_id.format(contract.deposit_amount),
                    state=label[contract.deposit_state].lower(),
                    contract=contract.name,
                )
            )
        return problems

    def _demo_bill_orders(self):
        """Demo data: the current (accounting) user bills the confirmed orders of those of
        these meetings still under review with Purchase's Create Bill. A meeting closed by
        an earlier installation took no order and is left as it is."""
        meetings = self.filtered(lambda m: m.state == "review")
        orders = self.env["purchase.order"].search(
            [("meeting_id", "in", meetings.ids), ("state", "=", "purchase")]
        )
        if orders:
            orders.action_create_invoice()
        return True

    def _get_budget_cost_items(self):
        return super()._get_budget_cost_items() + self._get_purchase_order_items()

    def _get_purchase_order_items(self):
        """Committed: what confirmed purchase orders still have to be billed for.

        ``qty_invoiced`` counts every bill that is not cancelled, draft ones included: the
        draft bill's lines are committed (the account bridge reads them) and the posted
        bill's are actual, so an order only commits what no bill holds yet."""
        by_account = {meeting.analytic_account_id.id: meeting for meeting in self}
        convert = self._budget_converter()
        lines = self.env["purchase.order.line"].search_fetch(
            [
                ("analytic_distribution", "in", list(by_account)),
                ("state", "=", "purchase"),
                ("display_type", "=", False),
                ("company_id", "in", self.company_id.ids),
            ],
            [
                "product_qty",
                "qty_invoiced",
                "price_subtotal",
                "analytic_distribution",
                "product_id",
                "company_id",
                "currency_id",
                "date_approve",
            ],
        )
        items = []
        for line in lines:
            remaining = line.product_qty - line.qty_invoiced
            if remaining <= 0 or not line.product_qty:
                continue
            amount = line.price_subtotal * remaining / line.product_qty
            for account_id, meeting in by_account.items():
                share = self._distribution_share(line.analytic_distribution, account_id)
                if not share or line.company_id != meeting.company_id:
                    continue
                date = line.date_approve.date() if line.date_approve else None
                items.append(
                    (
                        meeting.id,
                        line.product_id.id,
                        convert(amount * share, line.currency_id, meeting, date),
                        "committed",
                    )
                )
        return items
