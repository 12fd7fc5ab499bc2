import io

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, TransactionCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError

from .common import MeetingAccountCommon


@tagged("post_install", "-at_install")
class TestBudgetSettlement(MeetingAccountCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._meeting_in_state("approved")
        cls.bill_venue = cls._bill([(cls.meeting, 100)], amount=700)
        cls.bill_lunch = cls._bill([(cls.meeting, 100)], amount=400, product=cls.product_lunch)
        cls._meeting_to_state(cls.meeting, "review")

    def _open_wizard(self, user=None):
        action = self.meeting.with_user(user or self.user_finance).action_settle_budget()
        return (
            self.env[action["res_model"]]
            .with_user(user or self.user_finance)
            .browse(action["res_id"])
        )

    def test_settlement_needs_reasons_then_freezes(self):
        self.assertEqual(self.meeting.budget_settlement_state, "open")
        self.assertTrue(self.meeting.with_user(self.user_finance).can_settle_budget)
        self.assertFalse(self.meeting.with_user(self.user_director).can_settle_budget)
        wizard = self._open_wizard()
        venue = wizard.line_ids.filtered(lambda l: l.category == "venue")
        self.assertRecordValues(venue, [{"amount_planned": 600, "amount_actual": 700}])
        # Venue +16.7 % and the total +10 % need their reasons; catering is on plan.
        self.assertIn("Hall", wizard.problem_text)
        with self.assertRaises(UserError):
            wizard.action_settle()
        self.assertEqual(self.meeting.budget_settlement_state, "open")
        venue.variance_reason = "Extra room for the dealers' workshop"
        with self.assertRaises(UserError):
            wizard.action_settle()
        wizard.total_variance_reason = "The workshop room"
        self.assertFalse(wizard.problem_text)
        wizard.action_settle()
        self.assertRecordValues(
            self.meeting,
            [
                {
                    "budget_settlement_state": "settled",
                    "budget_settled_by_id": self.user_finance.id,
                    "budget_settled_total": 1100,
                    "budget_total_variance_reason": "The workshop room",
                    "budget_difference_amount": 0,
                }
            ],
        )
        self.assertTrue(self.meeting.budget_settled_date)
        self.assertEqual(
            len(self.meeting.sudo().budget_settled_analytic_line_ids), 2, "the lines counted"
        )
        self.assertEqual(
            self.meeting.budget_line_ids.filtered(lambda l: l.category == "venue").variance_reason,
            "Extra room for the dealers' workshop",
        )
        # Frozen: reasons and actuals do not change; a later bill shows as a difference.
        with self.assertRaises(UserError):
            self.meeting.budget_line_ids[:1].with_user(self.user_director).write(
                {"variance_reason": "changed"}
            )
        self._bill([(self.meeting, 100)], amount=50)
        self.meeting.with_user(self.user_finance).action_refresh_budget_actuals()
        self.assertEqual(self.meeting.budget_difference_amount, 50)
        self.assertEqual(self.meeting.kpi_budget_actual, 1100, "the settled figure stays")
        # The report is published on the settled figures.
        self.meeting.with_user(self.user_director).action_publish_report()
        self.assertEqual(self.meeting.state, "closed")
        # Only a meeting administrator reopens; finance settles again.
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_finance).action_reopen_budget_settlement()
        self.meeting.with_user(self.user_meeting_admin).action_reopen_budget_settlement()
        self.assertEqual(self.meeting.budget_settlement_state, "open")
        self.assertEqual(self.meeting.kpi_budget_actual, 1150)
        self.assertFalse(self.meeting.sudo().budget_settled_analytic_line_ids)

    def test_finance_lands_on_the_meetings_to_settle(self):
        finance = self.env.ref("meeting_management_account.meeting_meeting_action_finance")
        action = self.env["meeting.meeting"].with_user(self.user_finance).action_open_home()
        self.assertEqual(action["id"], finance.id)
        # an initiator (no finance group) keeps landing on My meetings
        my_meetings = self.env.ref("meeting_management.meeting_meeting_action_my")
        action = self.env["meeting.meeting"].with_user(self.user_director).action_open_home()
        self.assertEqual(action["id"], my_meetings.id)

    def test_finance_opens_the_meeting_and_the_wizard(self):
        """The meeting form and the settlement wizard load as finance (every field of the
        views readable), and the meeting form as the initiator."""
        form = Form(self.meeting.with_user(self.user_finance))
        self.assertEqual(form.meeting_bill_count, 2)
        self.assertEqual(form.budget_settlement_state, "open")
        action = self.meeting.with_user(self.user_finance).action_view_meeting_bills()
        bills = self.env["account.move"].with_user(self.user_finance).search(action["domain"])
        self.assertEqual(bills, self.bill_venue + self.bill_lunch)
        Form(self.bill_venue.with_user(self.user_finance))
        wizard = Form(self._open_wizard())
        self.assertTrue(wizard.problem_text)
        Form(self.meeting.with_user(self.user_director))

    def test_publication_requires_the_settlement(self):
        with self.assertRaisesRegex(UserError, "settles the budget"):
            self.meeting.with_user(self.user_director).action_publish_report()
        self.assertEqual(self.meeting.state, "review")

    def test_draft_bill_missing_document_and_unmapped_block(self):
        self._bill([(self.meeting, 100)], amount=10, post=False)
        self._bill([(self.meeting, 100)], amount=5, document=False)
        self._bill([(self.meeting, 100)], amount=3, product=self.product_unmapped)
        wizard = self._open_wizard()
        wizard.line_ids.variance_reason = "explained"
        wizard.total_variance_reason = "explained"
        problems = wizard.problem_text
        self.assertIn("committed", problems)
        self.assertIn("no invoice document", problems)
        self.assertIn("no budget line", problems)
        with self.assertRaises(UserError):
            wizard.action_settle()

    def test_only_finance_settles(self):
        for user in (self.user_director, self.user_coordinator, self.user_meeting_admin):
            with self.assertRaises(AccessError):
                self.meeting.with_user(user).action_settle_budget()
        with self.assertRaises(AccessError):
            self.env["meeting.budget.settle.wizard"].with_user(self.user_director).create(
                {"meeting_id": self.meeting.id}
            )
        with self.assertRaises(UserError):
            self.meeting.with_user(self.user_director).write({"budget_settlement_state": "settled"})
        approved = self._meeting_in_state("approved", name="Not held yet")
        with self.assertRaises(UserError):
            approved.with_user(self.user_finance).action_settle_budget()

    def test_settlement_report_pdf_and_workbook(self):
        wizard = self._open_wizard()
        wizard.line_ids.variance_reason = "explained"
        wizard.total_variance_reason = "explained"
        wizard.action_settle()
        report = self.env["report.meeting_management_account.report_budget_settlement"]
        data = report.with_user(self.user_finance)._get_report_data(
            self.meeting.with_user(self.user_finance)
        )
        self.assertEqual(data["actual"], 1100)
        self.assertEqual(data["settled_by"], "Finance")
        venue = next(line for line in data["lines"] if line["name"] == "Hall")
        self.assertEqual([d["amount"] for d in venue["documents"]], [700])
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_finance)
            ._render_qweb_html(
                "meeting_management_account.report_budget_settlement", self.meeting.ids
            )
        )
        self.assertIn(b"o_budget_settled_by", html)
        self.assertIn(b"Finance", html)
        content = report.with_user(self.user_finance)._get_workbook(
            self.meeting.with_user(self.user_finance)
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
        self.assertEqual(sheet.cell(5, 2).value, "Hall")
        self.assertEqual(sheet.cell(5, 5).value, 700)
        with self.assertRaises(AccessError):
            report.with_user(self.user_director)._get_report_data(
                self.meeting.with_user(self.user_director)
            )


@tagged("post_install", "-at_install")
class TestBudgetSettlementRpc(MeetingRpcMixin, HttpCase, MeetingAccountCommon):
    def test_settlement_guards_over_rpc(self):
        meeting = self._meeting_in_state("review")
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_director", "meeting.meeting", "action_settle_budget", [[meeting.id]])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_director",
                "meeting.meeting",
                "write",
                [[meeting.id], {"budget_settlement_state": "settled"}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_director", "meeting.meeting", "_settle_budget", [[meeting.id]])
        # Finance settles over RPC: nothing was spent, which needs its reasons too.
        action = self.rpc("t_finance", "meeting.meeting", "action_settle_budget", [[meeting.id]])
        wizard_id = action["res_id"]
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "meeting.budget.settle.wizard", "action_settle", [[wizard_id]])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        [wizard] = self.rpc(
            None, "meeting.budget.settle.wizard", "read", [[wizard_id], ["line_ids"]]
        )
        self.rpc(
            None,
            "meeting.budget.settle.wizard",
            "write",
            [
                [wizard_id],
                {
                    "total_variance_reason": "Hosted by the partner",
                    "line_ids": [
                        [1, line_id, {"variance_reason": "Free"}] for line_id in wizard["line_ids"]
                    ],
                },
            ],
        )
        self.rpc(None, "meeting.budget.settle.wizard", "action_settle", [[wizard_id]])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.budget_settlement_state, "settled")

    def test_committed_amounts_come_from_accounting(self):
        """Nobody types a committed amount, at creation or later, over RPC or the ORM."""
        meeting = self._create_meeting()
        line = meeting.budget_line_ids[:1]
        for method, args in (
            (
                "create",
                [
                    [
                        {
                            "meeting_id": meeting.id,
                            "category": "other",
                            "name": "Gifts",
                            "amount_planned": 10,
                            "amount_committed": 500,
                        }
                    ]
                ],
            ),
            ("write", [line.ids, {"amount_committed": 500}]),
        ):
            with self.subTest(method=method), self.assertRaises(RpcError) as caught:
                self.rpc("t_director", "meeting.budget.line", method, args)
            self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        BudgetLine = self.env["meeting.budget.line"].with_user(self.user_director)
        with self.assertRaises(UserError):
            BudgetLine.create(
                {
                    "meeting_id": meeting.id,
                    "category": "other",
                    "name": "Gifts",
                    "amount_planned": 10,
                    "amount_committed": 500,
                }
            )
        with self.assertRaises(UserError):
            line.with_user(self.user_director).write({"amount_committed": 500})
        self.assertFalse(line.amount_committed)

    def test_settlement_workbook_route(self):
        meeting = self._meeting_in_state("review")
        url = f"/meeting_management_account/xlsx/budget_settlement/{meeting.id}"
        self.authenticate("t_finance", "t_finance")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        self.assertEqual(sheet.cell(5, 2).value, "Hall")
        # The initiator reads the meeting but not Accounting's costs: refused.
        self.authenticate("t_director", "t_director")
        self.assertEqual(self.url_open(url).status_code, 403)


@tagged("post_install", "-at_install")
class TestBudgetDemo(TransactionCase):
    def test_demo_meeting_is_settled_through_the_flow(self):
        meeting = self.env.ref("meeting_management.demo_meeting_review", raise_if_not_found=False)
        if not meeting or not self.env.ref(
            "meeting_management_account.user_sun_li", raise_if_not_found=False
        ):
            self.skipTest("no demo data")
        self.assertRecordValues(
            meeting,
            [
                {
                    "state": "review",
                    "budget_from_accounting": True,
                    "budget_settlement_state": "settled",
                    "budget_settled_by_id": self.env.ref(
                        "meeting_management_account.user_sun_li"
                    ).id,
                    "budget_settled_total": 386000,
                    "kpi_budget_actual": 386000,
                }
            ],
        )
        self.assertEqual(meeting.analytic_account_id.plan_id.name, "Meetings")
