import io

import openpyxl
from lxml import etree

from odoo.exceptions import AccessError
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

    def test_settlement_pdf_and_workbook_show_quantities(self):
        """The settlement's PDF and workbook show each order line ordered / received /
        billed, in quantities and amounts, and the open deposits per vendor."""
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        self._contract(meeting, [], order=order)
        self._receive(order, 8)
        bill = self._bill_order(order, post=False)
        bill.invoice_line_ids.quantity = 10
        bill.action_post()
        self._meeting_to_state(meeting, "review")
        finance_meeting = meeting.with_user(self.user_finance)
        report = self.env["report.meeting_management_account.report_budget_settlement"].with_user(
            self.user_finance
        )
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_finance)
            ._render_qweb_html("meeting_management_account.report_budget_settlement", meeting.ids)[
                0
            ]
            .decode()
        )
        tree = etree.fromstring(html, etree.HTMLParser())
        [row] = tree.xpath("//tr[contains(@class, 'o_settlement_order_line')]")

        def cell(name):
            return " ".join("".join(row.xpath(f"td[contains(@class, '{name}')]//text()")).split())

        uom = order.order_line.product_uom_id.name
        self.assertEqual(
            (cell("o_qty_ordered"), cell("o_qty_received"), cell("o_qty_billed")),
            (f"10.00 {uom}", f"8.00 {uom}", f"10.00 {uom}"),
        )
        self.assertIn(order.name, "".join(row.xpath("td[1]//text()")))
        [total] = tree.xpath("//tr[contains(@class, 'o_settlement_order_total')]")
        self.assertIn("text-danger", total.get("class"), "billed beyond what was received")
        [deposit] = tree.xpath("//table[contains(@class, 'o_settlement_deposits')]/tbody/tr")
        self.assertEqual(
            ["".join(td.xpath(".//text()")).strip() for td in deposit.xpath("td")][:2],
            [self.vendor_caterer.name, "HT-2030-001"],
        )
        workbook = openpyxl.load_workbook(io.BytesIO(report._get_workbook(finance_meeting)))
        sheet = workbook["Orders and Bills"]
        self.assertEqual(
            [cell.value for cell in sheet[2]],
            [
                self.vendor_caterer.name,
                order.name,
                self.product_lunch.display_name,
                uom,
                10,
                8,
                10,
                300,
                240,
                300,
            ],
        )
        self.assertEqual(sheet.max_row, 2)
        deposits = workbook["Open Deposits"]
        self.assertEqual(
            [cell.value for cell in deposits[2]][:3],
            [self.vendor_caterer.name, "HT-2030-001", 3000],
        )
        # not for a user outside finance
        with self.assertRaises(AccessError):
            report.with_user(self.user_buyer)._get_report_data(meeting.with_user(self.user_buyer))
