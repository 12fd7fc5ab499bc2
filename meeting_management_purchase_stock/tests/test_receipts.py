from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.meeting_management_purchase.tests.test_vendor_evaluation import EvaluationCase


class ReceiptCase(EvaluationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_stock = mail_new_test_user(
            cls.env,
            login="t_stock",
            name="Warehouse",
            groups="base.group_user,stock.group_stock_user",
            email="t_stock@example.com",
        )
        cls.product_badges = cls._create_product(
            name="Printed badges",
            type="consu",
            meeting_budget_category="materials",
            purchase_method="purchase",
        )

    def _validate(self, order, quantity=None):
        """The warehouse validates the order's open receipt (``quantity`` of each line)."""
        receipt = order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        receipt = receipt.with_user(self.user_stock)
        for move in receipt.move_ids:
            move.quantity = move.product_uom_qty if quantity is None else quantity
            move.picked = True
        result = receipt.with_context(skip_backorder=True).button_validate()
        self.assertTrue(result is True or isinstance(result, dict))
        self.assertEqual(receipt.state, "done")
        return receipt


@tagged("post_install", "-at_install")
class TestDeliveryFromReceipts(ReceiptCase):
    def test_delivery_on_time_from_receipts_and_milestones(self):
        meeting = self._meeting_in_state("approved")
        with freeze_time("2030-05-01 02:00:00"):
            late = self._order(meeting, [(self.product_badges, 100, 2.0)], confirm=False)
            late.order_line.date_planned = datetime(2030, 5, 10, 2, 0)
            late.with_user(self.user_buyer).button_confirm()
            on_time = self._order(meeting, [(self.product_badges, 50, 2.0)], confirm=False)
            on_time.order_line.date_planned = datetime(2030, 5, 12, 2, 0)
            on_time.with_user(self.user_buyer).button_confirm()
        self.assertEqual(late.picking_ids.date_deadline, datetime(2030, 5, 10, 2, 0))
        with freeze_time("2030-05-11 03:00:00"):
            self._validate(late)
            self._validate(on_time)
        self._meeting_to_state(meeting, "in_progress")
        self._meeting_to_state(meeting, "review")
        evaluation = self._evaluate(
            meeting, self.user_coordinator, vendor=self.vendor_venue, delivery_score="5"
        )
        # One receipt a day late, one on time: 50 %, the typed 5 ignored.
        self.assertRecordValues(
            evaluation,
            [{"delivery_measured": True, "delivery_on_time_rate": 50.0, "delivery_kpi": 50.0}],
        )
        # The ranking's KPI is the evaluation's.
        row = self.env["meeting.vendor.ranking"].search([("partner_id", "=", self.vendor_venue.id)])
        self.assertEqual((row.delivery_kpi, row.budget_category), (50.0, "materials"))

    def test_open_receipt_past_its_date_is_late_typed_otherwise(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_badges, 10, 2.0)], confirm=False)
        order.order_line.date_planned = datetime(2030, 5, 10, 2, 0)
        order.with_user(self.user_buyer).button_confirm()
        # A service order has no receipt: the caterer's delivery stays typed.
        self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        self._meeting_to_state(meeting, "in_progress")
        self._meeting_to_state(meeting, "review")
        with freeze_time("2030-05-20"):
            badges = self._evaluate(meeting, self.user_coordinator, vendor=self.vendor_venue)
            lunch = self._evaluate(
                meeting, self.user_coordinator, vendor=self.vendor_caterer, delivery_score="4"
            )
        self.assertRecordValues(
            badges + lunch,
            [
                {"delivery_measured": True, "delivery_on_time_rate": 0.0, "delivery_kpi": 0.0},
                {"delivery_measured": False, "delivery_on_time_rate": 0.0, "delivery_kpi": 75.0},
            ],
        )


@tagged("post_install", "-at_install")
class TestSettlementReceipts(ReceiptCase):
    def test_settlement_reads_receipts(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_badges, 100, 2.0)])
        bill = self._bill_order(order)
        self.assertEqual(bill.amount_untaxed, 200.0)
        # 80 badges came: received from the receipt, the rest still expected.
        receipt = order.picking_ids
        receipt = receipt.with_user(self.user_stock)
        receipt.move_ids.quantity = 80
        receipt.move_ids.picked = True
        wizard_action = receipt.button_validate()
        backorder_wizard = (
            self.env[wizard_action["res_model"]]
            .with_user(self.user_stock)
            .with_context(**wizard_action["context"])
            .create({})
        )
        backorder_wizard.process()
        self._meeting_to_state(meeting, "in_progress")
        self._meeting_to_state(meeting, "review")
        as_finance = meeting.with_user(self.user_finance)
        [row] = as_finance._get_purchase_settlement_check()["orders"]
        self.assertEqual((row["ordered"], row["billed"], row["received"]), (200.0, 200.0, 160.0))
        self.assertEqual(row["receipts"], receipt)
        backorder = row["open_receipts"]
        self.assertEqual(backorder.move_ids.product_uom_qty, 20)
        problems = as_finance._get_budget_settlement_problems()
        self.assertTrue(any(backorder.name in p for p in problems), problems)
        self.assertTrue(any("billed" in p and order.name in p for p in problems), problems)
        # The rest arrives: nothing open on the order.
        self._validate(order)
        problems = as_finance._get_budget_settlement_problems()
        self.assertFalse([p for p in problems if order.name in p], problems)
