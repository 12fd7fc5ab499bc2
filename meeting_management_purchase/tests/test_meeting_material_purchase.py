"""Issue 15, materials: a material's product and the request for quotation created from the
checklist (one per vendor, placed for the meeting with its analytic distribution)."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError

from .common import MeetingPurchaseCommon


class MaterialPurchaseCommon(MeetingPurchaseCommon):
    """The executor (Coordinator) also buys (Purchase: User); two products with a vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_coordinator.group_ids = [
            Command.link(cls.env.ref("purchase.group_purchase_user").id)
        ]
        cls.product_folder = cls._create_product(
            name="Meeting folder",
            meeting_budget_category="materials",
            seller_ids=[Command.create({"partner_id": cls.vendor_caterer.id, "price": 5.0})],
        )
        cls.product_mic = cls._create_product(
            name="Microphone rental",
            seller_ids=[Command.create({"partner_id": cls.vendor_venue.id, "price": 80.0})],
        )
        cls.meeting = cls._meeting_in_state("approved")
        Line = cls.env["meeting.material.line"].with_user(cls.user_coordinator)
        cls.folder, cls.mic, cls.laptop = Line.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Meeting folder",
                    "source": "buy",
                    "quantity_planned": 110,
                    "product_id": cls.product_folder.id,
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Wireless microphone",
                    "source": "rent",
                    "quantity_planned": 4,
                    "product_id": cls.product_mic.id,
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Presentation laptop",
                    "source": "stock",
                    "quantity_planned": 2,
                },
            ]
        )


@tagged("post_install", "-at_install")
class TestMaterialPurchase(MaterialPurchaseCommon):
    def test_rfq_per_vendor_with_the_meeting_distribution(self):
        lines = (self.folder | self.mic).with_user(self.user_coordinator)
        action = lines.action_create_rfq()
        orders = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(len(orders), 2, "one request per vendor")
        self.assertEqual(set(orders.mapped("state")), {"draft"})
        self.assertEqual(orders.meeting_id, self.meeting)
        account = self.meeting.analytic_account_id
        self.assertEqual(
            orders.order_line.mapped("analytic_distribution"),
            [{str(account.id): 100}, {str(account.id): 100}],
        )
        self.assertRecordValues(
            self.folder | self.mic,
            [
                {"state": "ordered", "purchase_order_id": self.folder.purchase_line_id.order_id.id},
                {"state": "ordered", "purchase_order_id": self.mic.purchase_line_id.order_id.id},
            ],
        )
        self.assertEqual(self.folder.purchase_line_id.product_qty, 110)
        self.assertEqual(self.folder.purchase_order_id.partner_id, self.vendor_caterer)
        # ordered: not a second time
        with self.assertRaisesRegex(UserError, "not ordered yet"):
            lines.action_create_rfq()

    def test_rfq_guards(self):
        with self.assertRaisesRegex(UserError, "from stock"):
            self.laptop.with_user(self.user_coordinator).action_create_rfq()
        no_vendor = self._create_product(name="Banner")
        self.folder.with_user(self.user_coordinator).product_id = no_vendor
        with self.assertRaisesRegex(UserError, "has no vendor"):
            self.folder.with_user(self.user_coordinator).action_create_rfq()
        self.assertEqual(self.folder.state, "to_order")
        # the buyer without the checklist, the owner without purchase rights
        with self.assertRaises(AccessError):
            self.mic.with_user(self.user_buyer).action_create_rfq()
        self.mic.with_user(self.user_coordinator).owner_id = self.user_employee
        with self.assertRaises(AccessError):
            self.mic.with_user(self.user_employee).action_create_rfq()
        self.assertFalse(self.env["purchase.order"].search([("meeting_id", "=", self.meeting.id)]))


@tagged("post_install", "-at_install")
class TestMaterialPurchaseRpc(HttpCase, MeetingRpcMixin, MaterialPurchaseCommon):
    def test_rfq_over_rpc(self):
        with self.assertRaises(RpcError) as refused:
            self.rpc("t_employee", "meeting.material.line", "action_create_rfq", [self.mic.ids])
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as refused:
            self.rpc(
                "t_coordinator",
                "meeting.material.line",
                "write",
                [self.mic.ids, {"purchase_line_id": 1}],
            )
        self.assertEqual(refused.exception.name, "odoo.exceptions.UserError")
        self.rpc("t_coordinator", "meeting.material.line", "action_create_rfq", [self.mic.ids])
        self.mic.invalidate_recordset()
        self.assertEqual(self.mic.state, "ordered")
        self.assertEqual(self.mic.purchase_order_id.meeting_id, self.meeting)
