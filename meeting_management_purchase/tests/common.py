from odoo import Command

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.meeting_management_account.tests.common import MeetingAccountCommon


class MeetingPurchaseCommon(MeetingAccountCommon):
    """The accounting organisation with a buyer (only "Purchase: User") and the meeting's
    vendors (partners with a supplier rank)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_buyer = mail_new_test_user(
            cls.env,
            login="t_buyer",
            name="Buyer",
            groups="base.group_user,purchase.group_purchase_user",
            email="t_buyer@example.com",
        )
        # Hall rental and lunches are services (received by hand, billed on what was
        # received), also where Inventory is installed (goods have receipts there).
        (cls.product_venue | cls.product_lunch | cls.product_unmapped).write(
            {"type": "service", "purchase_method": "receive"}
        )
        Partner = cls.env["res.partner"]
        cls.vendor_venue = Partner.create(
            {"name": "International Conference Center", "is_company": True, "supplier_rank": 1}
        )
        cls.vendor_caterer = Partner.create(
            {"name": "Good Taste Catering", "is_company": True, "supplier_rank": 1}
        )

    @classmethod
    def _order(cls, meeting, lines, vendor=None, confirm=True):
        """A purchase order for ``meeting`` placed by the buyer from the meeting's button:
        ``lines`` [(product, quantity, unit price)]."""
        context = meeting.with_user(cls.user_buyer).action_new_purchase_order()["context"]
        order = (
            cls.env["purchase.order"]
            .with_user(cls.user_buyer)
            .with_context(**context)
            .create(
                {
                    "partner_id": (vendor or cls.vendor_venue).id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "product_qty": qty,
                                "price_unit": price,
                                "tax_ids": [],
                            }
                        )
                        for product, qty, price in lines
                    ],
                }
            )
        )
        if confirm:
            order.button_confirm()
        return order

    @classmethod
    def _receive(cls, order, quantity=None):
        """The buyer records what the vendor delivered (services: received by hand)."""
        for line in order.order_line.with_user(cls.user_buyer):
            line.qty_received = line.product_qty if quantity is None else quantity

    @classmethod
    def _bill_order(cls, order, post=True):
        """The accountant bills the order (Odoo's "Create Bill"), the invoice attached."""
        order = order.with_user(cls.user_accountant)
        action = order.sudo(False).action_create_invoice()
        bill = cls.env["account.move"].with_user(cls.user_accountant).browse(action["res_id"])
        bill.invoice_date = "2030-05-20"
        cls._attach_invoice(bill)
        if post:
            bill.action_post()
        return bill
