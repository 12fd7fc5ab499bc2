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

    def test_demo_summit_vendors_then_closed(self):
        """The seed summit: its venue, caterer and AV rental company ordered, received,
        billed; the caterer's contract with its milestone tasks; the three vendors rated, the
        caterer low after 素食餐不足; settled by finance, then closed with its report
        published, the figures of its typed review kept."""
        caterer = self.env.ref("meeting_management_purchase.partner_demo_caterer", False)
        if not caterer:
            self.skipTest("installed without demo data")
        summit = self.env.ref("meeting_management.demo_meeting_summit")
        venue = self.env.ref("meeting_management_purchase.partner_demo_venue")
        av = self.env.ref("meeting_management_purchase.partner_demo_av")
        self.assertEqual(summit.state, "closed")
        self.assertTrue(summit.report_published_date)
        self.assertTrue(summit.report_pdf_id)
        orders = self.env["purchase.order"].search([("meeting_id", "=", summit.id)])
        self.assertEqual(orders.partner_id, venue | caterer | av)
        self.assertEqual(set(orders.mapped("state")), {"purchase"})
        for line in orders.order_line:
            self.assertEqual(line.qty_received, line.product_qty)
            self.assertEqual(line.qty_invoiced, line.product_qty)
        self.assertEqual(set(orders.invoice_ids.mapped("state")), {"posted"})
        contract = self.env["meeting.vendor.contract"].search([("meeting_id", "=", summit.id)])
        self.assertEqual(contract.partner_id, caterer)
        self.assertEqual(contract.purchase_order_id.partner_id, caterer)
        self.assertEqual(contract.deposit_state, "paid")
        tasks = contract.milestone_ids.task_id
        self.assertEqual(len(tasks), 3)
        self.assertEqual(tasks.meeting_id, summit)
        self.assertTrue(all(tasks.mapped("is_milestone")))
        self.assertEqual(set(tasks.mapped("state")), {"done"})
        delivery = contract.milestone_ids.filtered(lambda m: m.kind == "delivery").task_id
        self.assertTrue(delivery.is_done_late)
        evaluations = self.env["meeting.vendor.evaluation"].search([("meeting_id", "=", summit.id)])
        self.assertEqual(evaluations.partner_id, venue | caterer | av)
        self.assertEqual(set(evaluations.evaluator_id), {summit.executor_id})
        low = evaluations.filtered(lambda e: e.partner_id == caterer)
        self.assertIn("素食", low.comment)
        self.assertEqual(low.budget_category, "catering")
        self.assertTrue(low.delivery_measured)
        self.assertEqual(low.delivery_on_time_rate, 0.0)
        self.assertEqual(low.incident_count, 1)
        incident = self.env.ref("meeting_management.demo_summit_incident_vegetarian")
        self.assertEqual(incident.vendor_id, caterer)
        threshold = summit.company_id.meeting_vendor_score_threshold
        self.assertLess(low.score, threshold)
        self.assertTrue(all(e.score >= threshold for e in evaluations - low))
        # the finance view and the review agree: budget vs committed vs actual
        self.assertEqual(summit.budget_settlement_state, "settled")
        self.assertTrue(summit.budget_from_accounting)
        self.assertEqual(summit.budget_committed_total, 0.0)
        self.assertEqual(summit.budget_unmapped_amount, 0.0)
        self.assertEqual(summit.budget_settled_total, 504500.0)
        self.assertEqual(summit.kpi_budget_actual, 504500.0)
        self.assertEqual(
            {line.category: line.amount_actual for line in summit.budget_line_ids},
            {"venue": 200000.0, "materials": 86000.0, "catering": 126500.0, "travel": 92000.0},
        )
        finance = self.env.ref("meeting_management_account.user_sun_li")
        report = self.env["report.meeting_management_account.report_budget_settlement"]
        data = report.with_user(finance)._get_report_data(summit.with_user(finance))
        self.assertEqual((data["planned"], data["actual"]), (500000.0, 504500.0))
        self.assertEqual(
            sorted(row["vendor"] for row in data["purchase_orders"]),
            sorted((venue | caterer | av).mapped("name")),
        )
        self.assertFalse(data["deposits"])
        monitoring = self.env["report.meeting_management.report_meeting_monitoring"]
        total = monitoring._get_report_data(summit)["budget_total"]
        self.assertEqual((total["planned"], total["actual"]), (500000.0, 504500.0))

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
