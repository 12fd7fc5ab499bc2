from odoo import Command, fields, models
from odoo.exceptions import UserError


class MeetingMaterialLine(models.Model):
    """A material of the meeting's checklist bought or rented through Odoo Purchase: its
    product, and the request for quotation it was ordered with."""

    _inherit = "meeting.material.line"

    product_id = fields.Many2one(
        "product.product",
        string="Product",
        check_company=True,
        domain=[("purchase_ok", "=", True)],
        help="The product bought or rented for this material: a request for quotation can be "
        "created from the checklist, to the product's vendor.",
    )
    purchase_line_id = fields.Many2one(
        "purchase.order.line",
        string="Purchase Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    purchase_order_id = fields.Many2one(
        related="purchase_line_id.order_id", string="Purchase Order"
    )

    def write(self, vals):
        if "purchase_line_id" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "A material is linked to its purchase order by the Request for Quotation "
                    "button, not by hand."
                )
            )
        return super().write(vals)

    def action_create_rfq(self):
        """Draft purchase orders (requests for quotation) for the selected materials to buy or
        rent, one per meeting and vendor: the orders are placed for the meeting (its analytic
        distribution on their lines, as the meeting's own "Order from a Vendor") and the
        materials become Ordered."""
        lines = self.filtered(lambda line: line.state == "to_order" and not line.purchase_line_id)
        if not lines:
            raise UserError(self.env._("Choose materials to order that are not ordered yet."))
        lines.meeting_id._check_can_order()
        lines._check_can_update_state()
        problems = (
            [
                self.env._("%(name)s: from stock, nothing to order", name=line.name)
                for line in lines
                if line.source == "stock"
            ]
            + [
                self.env._("%(name)s: choose its product", name=line.name)
                for line in lines
                if line.source != "stock" and not line.product_id
            ]
            + [
                self.env._(
                    "%(name)s: the product %(product)s has no vendor",
                    name=line.name,
                    product=line.product_id.display_name,
                )
                for line in lines
                if line.source != "stock" and line.product_id and not line._get_rfq_vendor()
            ]
        )
        if problems:
            raise UserError(
                self.env._(
                    "No request for quotation was created:\n%(problems)s",
                    problems="\n".join(f"- {p}" for p in problems),
                )
            )
        Order = self.env["purchase.order"]
        groups = {}
        for line in lines:
            groups.setdefault((line.meeting_id, line._get_rfq_vendor()), []).append(line)
        orders = Order
        for (meeting, vendor), group in groups.items():
            order = Order.with_context(**meeting._get_purchase_order_context()).create(
                {
                    "partner_id": vendor.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_qty": line.quantity_planned,
                                "name": line.name,
                                "date_planned": line.date_due or meeting.date_start,
                            }
                        )
                        for line in group
                    ],
                }
            )
            for line, order_line in zip(group, order.order_line, strict=True):
                # sudo: the link to the order line is set by this action only (readonly)
                line.sudo().purchase_line_id = order_line
            orders |= order
        lines._set_state("order")
        action = orders._get_records_action(name=self.env._("Requests for Quotation"))
        return action

    def _get_rfq_vendor(self):
        """The vendor of this material's product for its quantity (the product's supplier
        list), or an empty recordset."""
        self.ensure_one()
        seller = self.product_id._select_seller(
            quantity=self.quantity_planned, uom_id=self.product_id.uom_id
        )
        return (seller or self.product_id.seller_ids[:1]).partner_id
