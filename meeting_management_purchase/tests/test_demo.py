from odoo.tests import TransactionCase, tagged


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
        evaluation = self.env["meeting.vendor.evaluation"].search([("partner_id", "=", caterer.id)])
        self.assertEqual(
            evaluation.meeting_id, self.env.ref("meeting_management.demo_meeting_review")
        )
        self.assertEqual(evaluation.budget_category, "catering")
        self.assertLess(evaluation.score, 60)
        self.assertIn("素食", evaluation.comment)
