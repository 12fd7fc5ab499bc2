from odoo.tests import tagged

from .test_vendor_contract import ContractCase


@tagged("post_install", "-at_install")
class TestPurchaseSettlement(ContractCase):
    def test_orders_and_deposits_checked_at_settlement(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        contract = self._contract(meeting, [], order=order)
        self.assertEqual(contract.deposit_state, "to_pay")
        # 8 lunches served, all 10 billed.
        self._receive(order, 8)
        bill = self._bill_order(order, post=False)
        bill.invoice_line_ids.quantity = 10
        bill.action_post()
        self._meeting_to_state(meeting, "review")
        check = meeting.with_user(self.user_finance)._get_purchase_settlement_check()
        [row] = check["orders"]
        self.assertEqual(
            (row["order"], row["ordered"], row["billed"], row["received"]),
            (order, 300.0, 300.0, 240.0),
        )
        self.assertEqual(check["deposits"], contract)
        problems = meeting.with_user(self.user_finance)._get_budget_settlement_problems()
        self.assertTrue(any("billed" in p and order.name in p for p in problems), problems)
        self.assertTrue(any("HT-2030-001" in p for p in problems), problems)
        # Received in full, the deposit paid and deducted from the final bill: nothing open.
        self._receive(order)
        contract.with_user(self.user_buyer).deposit_state = "paid"
        problems = meeting.with_user(self.user_finance)._get_budget_settlement_problems()
        self.assertFalse([p for p in problems if order.name in p or "HT-2030-001" in p], problems)
        # The wizard shows what blocks the settlement to finance.
        contract.with_user(self.user_buyer).deposit_state = "to_refund"
        action = meeting.with_user(self.user_finance).action_settle_budget()
        wizard = self.env[action["res_model"]].with_user(self.user_finance).browse(action["res_id"])
        self.assertIn("HT-2030-001", wizard.problem_text)
