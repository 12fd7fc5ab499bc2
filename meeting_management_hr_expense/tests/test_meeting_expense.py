from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.hr_expense.tests.common import TestExpenseCommon
from odoo.addons.meeting_management_account.tests.common import MeetingAccountCommon


@tagged("post_install", "-at_install")
class TestMeetingExpense(MeetingAccountCommon, TestExpenseCommon):
    def test_expense_committed_once_approved_actual_once_posted(self):
        meal = self.env.ref("hr_expense.expense_product_meal")
        self.assertEqual(meal._get_meeting_budget_category(), "catering")
        self.assertEqual(
            self.env.ref("hr_expense.expense_product_mileage")._get_meeting_budget_category(),
            "travel",
        )
        meeting = self._meeting_in_state("approved")
        # Filed from the meeting: the meeting's analytic account is pre-filled.
        context = meeting.with_user(self.user_director).action_new_meeting_expense()["context"]
        self.assertEqual(
            context["default_analytic_distribution"], {str(meeting.analytic_account_id.id): 100}
        )
        expense = self.create_expenses(
            {
                "name": "Team lunch",
                "product_id": meal.id,
                "total_amount_currency": 120.0,
                "tax_ids": [],
                "analytic_distribution": context["default_analytic_distribution"],
            }
        )
        expense.with_user(self.expense_user_employee).action_submit()
        self.assertEqual(self._figures(meeting)[0]["catering"], (0, 0), "submitted: not yet")
        expense.with_user(self.expense_user_manager).action_approve()
        self.assertEqual(expense.state, "approved")
        self.assertEqual(self._figures(meeting)[0]["catering"], (120, 0))
        self.post_expenses_with_wizard(expense)
        self.assertEqual(expense.state, "posted")
        self.assertEqual(self._figures(meeting)[0]["catering"], (0, 120))
        as_finance = meeting.with_user(self.user_finance)
        self.assertEqual(as_finance.meeting_expense_count, 1)
        action = as_finance.action_view_meeting_expenses()
        self.assertEqual(
            self.env["hr.expense"].with_user(self.user_finance).search(action["domain"]), expense
        )
        with self.assertRaises(AccessError):
            expense.with_user(self.user_finance).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_director).action_view_meeting_expenses()
