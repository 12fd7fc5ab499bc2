from odoo.tests import TransactionCase, tagged
from odoo.tools import date_utils


@tagged("post_install", "-at_install")
class TestPurchaseDemo(TransactionCase):
    def test_demo_vendors_through_the_flow(self):
        caterer = self.env.ref("meeting_management_purchase.partner_demo_caterer", False)
        if not caterer:
            self.skipTest("installed without demo data")
        approved = self.env.ref("meeting_management.demo_meeting_approved")
        orders = self.env["purchase.order"].search([("meeting_id", "=", approved.id)])
        self.assertEqual(
            sorted(orders.mapped("state")),
            ["draft", "purchase", "purchase"],
            "the AV company's expired qualification keeps its order a request",
        )
        self.assertIn(
            "expired", orders.filtered(lambda o: o.state == "draft").meeting_vendor_warning
        )
        approved._refresh_budget_actuals()
        self.assertEqual(approved.budget_committed_total, 60000 + 50 * 180)
        contract = self.env["meeting.vendor.contract"].search([("meeting_id", "=", approved.id)])
        self.assertEqual(len(contract.milestone_ids.task_id), 3)
        self.assertEqual(set(contract.milestone_ids.task_id.mapped("meeting_id")), {approved})
        review = self.env.ref("meeting_management.demo_meeting_review")
        evaluation = self.env["meeting.vendor.evaluation"].search(
            [("partner_id", "=", caterer.id), ("meeting_id", "=", review.id)]
        )
        self.assertEqual(len(evaluation), 1)
        self.assertEqual(evaluation.budget_category, "catering")
        self.assertLess(evaluation.score, 60)
        self.assertIn("素食", evaluation.comment)

    def test_demo_ranking_over_two_quarters_flags_the_caterer(self):
        caterer = self.env.ref("meeting_management_purchase.partner_demo_caterer", False)
        if not caterer:
            self.skipTest("installed without demo data")
        meetings = self.env.ref(
            "meeting_management_purchase.demo_meeting_vendors_q2"
        ) | self.env.ref("meeting_management_purchase.demo_meeting_vendors_q1")
        self.assertEqual(set(meetings.mapped("state")), {"review"})
        self.assertEqual(len(meetings.analytic_account_id), 2)
        orders = self.env["purchase.order"].search([("meeting_id", "in", meetings.ids)])
        self.assertEqual(set(orders.mapped("state")), {"purchase"})
        quarters = [date_utils.start_of(d.date(), "quarter") for d in meetings.mapped("date_end")]
        rows = self.env["meeting.vendor.ranking"].search(
            [("partner_id", "=", caterer.id), ("quarter_start", "in", quarters)]
        )
        self.assertEqual(len(rows), 2, "ranked in two quarters")
        self.assertTrue(all(r.score < r.threshold for r in rows))
        self.assertTrue(rows.filtered(lambda r: r.quarter_start == max(quarters)).flagged)
        self.assertTrue(caterer.meeting_replacement_flag)
        self.assertEqual(
            caterer.activity_ids.user_id,
            self.env.ref("meeting_management_purchase.user_qian_jun"),
        )
        venue = self.env.ref("meeting_management_purchase.partner_demo_venue")
        self.assertFalse(venue.meeting_replacement_flag)
