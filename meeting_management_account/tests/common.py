from odoo import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.meeting_management.tests.common import MeetingCommon


class MeetingAccountCommon(MeetingCommon, AccountTestInvoicingCommon):
    """The meeting organisation of MeetingCommon in an accounting company, with a finance
    user (only "Meetings: Finance"), an accountant who books the bills, and products mapped
    to budget categories: a "Venues" category (venue), a lunch product overriding its
    category (catering) and a product with no mapping."""

    @classmethod
    def get_default_groups(cls):
        # The test's own administrator (accountman) also builds the HR organisation and
        # reads the meetings.
        return (
            super().get_default_groups()
            | cls.quick_ref("hr.group_hr_manager")
            | cls.quick_ref("meeting_management.group_meeting_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_finance = mail_new_test_user(
            cls.env,
            login="t_finance",
            name="Finance",
            groups="base.group_user,meeting_management_account.group_meeting_finance",
            email="t_finance@example.com",
        )
        cls.user_accountant = mail_new_test_user(
            cls.env,
            login="t_accountant",
            name="Accountant",
            groups="base.group_user,account.group_account_invoice",
            email="t_accountant@example.com",
        )
        category_venue = cls.env["product.category"].create(
            {"name": "Venues", "meeting_budget_category": "venue"}
        )
        cls.product_venue = cls._create_product(name="Hall rental", categ_id=category_venue.id)
        cls.product_lunch = cls._create_product(name="Lunch", meeting_budget_category="catering")
        cls.product_unmapped = cls._create_product(name="Misc")
        cls.plan = cls.env.ref("meeting_management_account.analytic_plan_meetings")

    @classmethod
    def _bill(
        cls,
        shares,
        amount=100.0,
        product=None,
        move_type="in_invoice",
        post=True,
        currency=None,
        date="2030-05-20",
        company=None,
        document=True,
    ):
        """A vendor bill (or credit note) of one line, booked by the accountant, its
        analytic distribution ``shares`` [(meeting, percentage)]."""
        company = company or cls.env.company
        move = (
            cls.env["account.move"]
            .with_user(cls.user_accountant)
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": cls.partner_a.id,
                    "invoice_date": date,
                    "date": date,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": (product or cls.product_venue).id,
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [],
                                "analytic_distribution": {
                                    str(meeting.analytic_account_id.id): pct
                                    for meeting, pct in shares
                                },
                            }
                        )
                    ],
                }
            )
        )
        if document:
            cls._attach_invoice(move)
        if post:
            move.action_post()
        return move

    @classmethod
    def _attach_invoice(cls, move):
        """The vendor's invoice document attached to the bill (the tax-document check)."""
        return cls.env["ir.attachment"].create(
            {
                "name": "invoice.pdf",
                "res_model": "account.move",
                "res_id": move.id,
                "raw": b"%PDF-1.4 invoice",
            }
        )

    def _figures(self, meeting):
        """{category: (committed, actual)} after a refresh, and the unmapped amount."""
        meeting.with_user(self.user_finance).action_refresh_budget_actuals()
        meeting.invalidate_recordset()
        lines = meeting.budget_line_ids
        lines.invalidate_recordset()
        return {
            line.category: (line.amount_committed, line.amount_actual) for line in lines
        }, meeting.budget_unmapped_amount
