from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import freeze_time, tagged

from .common import MeetingAccountCommon


@tagged("post_install", "-at_install")
class TestBudgetActuals(MeetingAccountCommon):
    def test_approval_creates_the_analytic_account_once(self):
        meeting = self._meeting_in_state("approved")
        account = meeting.analytic_account_id
        self.assertTrue(account)
        self.assertRecordValues(
            account, [{"plan_id": self.plan.id, "company_id": meeting.company_id.id}]
        )
        self.assertTrue(self.plan._column_name().startswith("x_plan"))
        # A change request and the re-approval keep the same account.
        meeting.with_user(self.user_director).with_context(
            meeting_change_reason="More guests"
        ).action_request_change()
        for step in meeting.approval_ids.filtered(lambda a: a.state == "pending"):
            self._approve_step(step)
        self.assertEqual(meeting.state, "approved")
        self.assertEqual(meeting.analytic_account_id, account)
        self.assertEqual(
            self.env["account.analytic.account"].search_count(
                [("plan_id", "=", self.plan.id), ("name", "=", meeting.name)]
            ),
            1,
        )
        # A draft meeting has none; the initiator cannot set one.
        draft = self._create_meeting(name="Draft")
        self.assertFalse(draft.analytic_account_id)
        with self.assertRaises(UserError):
            draft.write({"analytic_account_id": account.id})

    def test_posted_counts_draft_committed_cancelled_nothing(self):
        meeting = self._meeting_in_state("approved")
        bill = self._bill([(meeting, 100)], amount=500, post=False)
        figures, unmapped = self._figures(meeting)
        self.assertEqual(figures["venue"], (500, 0))
        self.assertEqual(meeting.budget_committed_total, 500)
        bill.action_post()
        figures, unmapped = self._figures(meeting)
        self.assertEqual(figures["venue"], (0, 500))
        self.assertTrue(meeting.budget_from_accounting)
        bill.button_draft()
        figures, unmapped = self._figures(meeting)
        self.assertEqual(figures["venue"], (500, 0))
        bill.button_cancel()
        figures, unmapped = self._figures(meeting)
        self.assertEqual(figures["venue"], (0, 0))
        self.assertEqual(unmapped, 0)

    def test_credit_note_reduces_and_categories_map(self):
        meeting = self._meeting_in_state("approved")
        self._bill([(meeting, 100)], amount=600)
        self._bill([(meeting, 100)], amount=100, move_type="in_refund")
        self._bill([(meeting, 100)], amount=380, product=self.product_lunch)
        self._bill([(meeting, 100)], amount=25, product=self.product_unmapped)
        figures, unmapped = self._figures(meeting)
        self.assertEqual(figures["venue"], (0, 500))
        self.assertEqual(figures["catering"], (0, 380))
        self.assertEqual(unmapped, 25, "a product without budget category is shown, not hidden")
        self.assertEqual(meeting.kpi_budget_actual, 880)

    def test_split_between_two_meetings(self):
        meeting_a = self._meeting_in_state("approved")
        meeting_b = self._meeting_in_state("approved", name="Launch")
        self._bill([(meeting_a, 60), (meeting_b, 40)], amount=1000)
        self.assertEqual(self._figures(meeting_a)[0]["venue"], (0, 600))
        self.assertEqual(self._figures(meeting_b)[0]["venue"], (0, 400))

    def test_foreign_currency_bill_and_meeting(self):
        other = self.setup_other_currency("EUR", rates=[("2030-01-01", 2.0)])
        meeting = self._meeting_in_state("approved")
        # 1000 EUR at 2 EUR per company unit: 500 in the company's (and meeting's) currency.
        self._bill([(meeting, 100)], amount=1000, currency=other)
        self.assertEqual(self._figures(meeting)[0]["venue"], (0, 500))
        # A meeting planned in EUR reads the company amount converted at the line's date.
        meeting_eur = self._meeting_in_state("approved", name="Paris", currency_id=other.id)
        self._bill([(meeting_eur, 100)], amount=300)
        self.assertEqual(self._figures(meeting_eur)[0]["venue"], (0, 600))

    def test_two_companies_never_mix(self):
        company_2 = self.setup_other_company()["company"]
        meeting = self._meeting_in_state("approved")
        self.assertEqual(meeting.analytic_account_id.company_id, meeting.company_id)
        self._bill([(meeting, 100)], amount=200)
        # A line of another company on the meeting's account (made behind the ORM's company
        # checks) is not the meeting's cost.
        line = meeting.analytic_account_id.line_ids[:1]
        line.copy({"company_id": company_2.id, "amount": -999})
        self.assertEqual(self._figures(meeting)[0]["venue"], (0, 200))
        # Finance of the other company only does not see the meeting at all.
        finance_2 = self.user_finance.copy(
            {"login": "t_finance_2", "company_id": company_2.id, "company_ids": [company_2.id]}
        )
        with self.assertRaises(AccessError):
            meeting.with_user(finance_2).read(["kpi_budget_actual"])

    def test_kpi_status_flips_at_five_percent(self):
        meeting = self._meeting_in_state("approved")
        self._bill([(meeting, 100)], amount=600)
        self._bill([(meeting, 100)], amount=440, product=self.product_lunch)
        self._figures(meeting)
        self.assertAlmostEqual(meeting.kpi_budget_variance, 4.0)
        self.assertEqual(meeting.kpi_budget_variance_status, "met")
        self._bill([(meeting, 100)], amount=20, product=self.product_lunch)
        self._figures(meeting)
        self.assertAlmostEqual(meeting.kpi_budget_variance, 6.0)
        self.assertEqual(meeting.kpi_budget_variance_status, "not_met")

    def test_access_per_role(self):
        meeting = self._meeting_in_state("approved")
        self._bill([(meeting, 100)], amount=600)
        self._figures(meeting)
        # The initiator reads their meeting's totals, not Accounting's lines.
        as_initiator = meeting.with_user(self.user_director)
        self.assertEqual(as_initiator.kpi_budget_actual, 600)
        with self.assertRaises(AccessError):
            self.env["account.analytic.line"].with_user(self.user_director).search([])
        with self.assertRaises(AccessError):
            as_initiator.action_view_meeting_analytic_lines()
        with self.assertRaises(AccessError):
            as_initiator.action_refresh_budget_actuals()
        # The actuals are Accounting's now: nobody types them in.
        with self.assertRaises(UserError):
            as_initiator.budget_line_ids[:1].write({"amount_actual": 1})
        # Finance reads every meeting of the company (not involved in this one) and its costs.
        as_finance = meeting.with_user(self.user_finance)
        self.assertEqual(as_finance.kpi_budget_actual, 600)
        self.assertEqual(as_finance.meeting_analytic_line_count, 1)
        self.assertEqual(as_finance.meeting_bill_count, 1)
        action = as_finance.action_view_meeting_analytic_lines()
        self.assertEqual(
            self.env["account.analytic.line"]
            .with_user(self.user_finance)
            .search_count(action["domain"]),
            1,
        )
        # Finance's screens: meetings to settle, over budget, planned vs actual by type.
        for xmlid in ("meeting_meeting_action_finance", "meeting_meeting_action_over_budget"):
            action = self.env.ref(f"meeting_management_account.{xmlid}")
            self.assertTrue(
                self.env["meeting.meeting"]
                .with_user(self.user_finance)
                .get_views([(False, "list"), (False, "search")])
            )
            self.assertTrue(action.context)
        Line = self.env["meeting.budget.line"].with_user(self.user_finance)
        Line.get_views([(False, "pivot"), (False, "graph"), (False, "list"), (False, "search")])
        [group] = Line.formatted_read_group(
            [("meeting_id", "=", meeting.id)],
            ["meeting_type_id"],
            ["amount_planned:sum", "amount_actual:sum"],
        )
        self.assertEqual((group["amount_planned:sum"], group["amount_actual:sum"]), (1000, 600))
        # but does not edit the meeting.
        with self.assertRaises(AccessError):
            as_finance.write({"equipment_notes": "A projector"})

    def test_base_without_accounting_costs_keeps_typed_actuals(self):
        meeting = self._meeting_in_state("approved")
        line = meeting.budget_line_ids[:1].with_user(self.user_director)
        line.write({"amount_actual": 650, "variance_reason": "Extra room"})
        meeting.with_user(self.user_finance).action_refresh_budget_actuals()
        self.assertEqual(line.amount_actual, 650)
        self.assertFalse(meeting.budget_from_accounting)

    def test_daily_refresh_resumes_its_backlog(self):
        meeting = self._meeting_in_state("approved")
        self._bill([(meeting, 100)], amount=300)
        Meeting = self.env["meeting.meeting"]
        Meeting._cron_refresh_budget_actuals()
        venue = meeting.budget_line_ids.filtered(lambda line: line.category == "venue")
        self.assertEqual(venue.amount_actual, 300)
        self.assertTrue(meeting.budget_refresh_date)
        self._bill([(meeting, 100)], amount=50)
        # Refreshed less than 12 hours ago: not in today's backlog any more.
        Meeting._cron_refresh_budget_actuals()
        self.assertEqual(venue.amount_actual, 300)
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            Meeting._cron_refresh_budget_actuals()
        self.assertEqual(venue.amount_actual, 350)
