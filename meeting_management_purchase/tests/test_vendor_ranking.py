from datetime import datetime

import lxml.html
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_vendor_evaluation import EvaluationCase


@tagged("post_install", "-at_install")
class TestVendorRanking(EvaluationCase):
    def test_quarterly_ranking_and_two_quarter_flag(self):
        self.vendor_caterer.buyer_id = self.user_buyer
        # A meeting held in Q1 2030, another in Q2 (evaluated in Q3: it counts in Q2).
        meeting = self._meeting_in_state(
            "approved",
            date_start=datetime(2030, 2, 15, 1, 0),
            date_end=datetime(2030, 2, 15, 9, 0),
        )
        self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        self._order(meeting, [(self.product_venue, 1, 900.0)], vendor=self.vendor_venue)
        self._meeting_to_state(meeting, "review")
        other = self._meeting_in_state("approved", name="Second Summit")
        self._order(other, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        self._order(other, [(self.product_venue, 1, 900.0)], vendor=self.vendor_venue)
        self._meeting_to_state(other, "review")
        low = {"response_speed": "2", "service_satisfaction": "1", "delivery_score": "2"}
        high = {"response_speed": "5", "service_satisfaction": "5", "delivery_score": "5"}
        first = self._evaluate(meeting, self.user_coordinator, **low)
        self._evaluate(meeting, self.user_coordinator, vendor=self.vendor_venue, **high)
        with freeze_time("2030-07-01"):
            self._evaluate(other, self.user_coordinator, **low)
            self._evaluate(other, self.user_coordinator, vendor=self.vendor_venue, **high)
        self.assertEqual(str(first.date), "2030-02-15")
        self.assertEqual(first.budget_category, "catering")
        # 0.25*25 + 0.25*25 + 0.3*0 + 0.2*100
        self.assertEqual(first.score, 32.5)
        Ranking = self.env["meeting.vendor.ranking"].with_user(self.user_coordinator)
        rows = Ranking.search([("partner_id", "in", (self.vendor_caterer | self.vendor_venue).ids)])
        self.assertEqual(
            sorted(
                (r.quarter, r.budget_category, r.partner_id.name, r.score, r.rank, r.flagged)
                for r in rows
            ),
            [
                ("2030-Q1", "catering", self.vendor_caterer.name, 32.5, 1, False),
                ("2030-Q1", "venue", self.vendor_venue.name, 100.0, 1, False),
                ("2030-Q2", "catering", self.vendor_caterer.name, 32.5, 1, True),
                ("2030-Q2", "venue", self.vendor_venue.name, 100.0, 1, False),
            ],
        )
        # The KPIs are the evaluations' (response 2, delivery typed 2, satisfaction 1, no
        # incident).
        self.assertRecordValues(
            rows.filtered(lambda r: r.partner_id == self.vendor_caterer)[:1],
            [
                {
                    "response_kpi": 25.0,
                    "delivery_kpi": 25.0,
                    "satisfaction_kpi": 0.0,
                    "incident_kpi": 100.0,
                    "evaluation_count": 1,
                    "threshold": 60.0,
                }
            ],
        )
        with self.assertRaises(AccessError):
            self.env["meeting.vendor.ranking"].with_user(self.user_director).search([])
        # Mid-Q2 only one complete quarter: nothing flagged yet.
        with freeze_time("2030-05-25"):
            self.env["meeting.vendor.evaluation"]._cron_flag_low_vendors()
        self.assertFalse(self.vendor_caterer.meeting_replacement_flag)
        # After Q2: below 60 in Q1 and Q2, flagged, and its buyer asked to replace it.
        with freeze_time("2030-07-03"):
            self.env["meeting.vendor.evaluation"]._cron_flag_low_vendors()
            self.env["meeting.vendor.evaluation"]._cron_flag_low_vendors()
        self.assertTrue(self.vendor_caterer.meeting_replacement_flag)
        self.assertFalse(self.vendor_venue.meeting_replacement_flag)
        activity = self.vendor_caterer.activity_ids
        self.assertEqual(len(activity), 1, "flagged once")
        self.assertEqual(activity.user_id, self.user_buyer)
        self.assertEqual(str(self.vendor_caterer.meeting_replacement_quarter), "2030-04-01")
        # The flag shows when ordering from it.
        third = self._meeting_in_state("approved", name="Third")
        order = self._order(
            third, [(self.product_lunch, 1, 30.0)], vendor=self.vendor_caterer, confirm=False
        )
        self.assertIn("32.5", order.with_user(self.user_buyer).meeting_vendor_replacement)
        # Only purchasing clears it.
        with self.assertRaises(AccessError):
            self.vendor_caterer.with_user(self.user_coordinator).action_clear_replacement_flag()
        self.vendor_caterer.with_user(self.user_buyer).action_clear_replacement_flag()
        self.assertFalse(self.vendor_caterer.meeting_replacement_flag)
        # Purchasing decided to keep it: next week's run leaves it cleared.
        with freeze_time("2030-07-10"):
            self.env["meeting.vendor.evaluation"]._cron_flag_low_vendors()
        self.assertFalse(self.vendor_caterer.meeting_replacement_flag)
        self.assertEqual(len(self.vendor_caterer.activity_ids), 1)

    def test_ranking_report(self):
        """每季度评估并公示排名: the printed ranking, per quarter and category, by rank."""
        meeting = self._meeting_in_state(
            "approved",
            date_start=datetime(2030, 2, 15, 1, 0),
            date_end=datetime(2030, 2, 15, 9, 0),
        )
        other_caterer = self.env["res.partner"].create(
            {"name": "Second Kitchen", "is_company": True, "supplier_rank": 1}
        )
        self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        self._order(meeting, [(self.product_lunch, 5, 30.0)], vendor=other_caterer)
        self._order(meeting, [(self.product_venue, 1, 900.0)], vendor=self.vendor_venue)
        self._meeting_to_state(meeting, "review")
        self._evaluate(
            meeting,
            self.user_coordinator,
            response_speed="2",
            service_satisfaction="1",
            delivery_score="2",
        )
        self._evaluate(
            meeting,
            self.user_coordinator,
            vendor=other_caterer,
            response_speed="5",
            service_satisfaction="5",
            delivery_score="5",
        )
        self._evaluate(meeting, self.user_coordinator, vendor=self.vendor_venue)
        vendors = self.vendor_caterer | other_caterer | self.vendor_venue
        Ranking = self.env["meeting.vendor.ranking"].with_user(self.user_buyer)
        rows = Ranking.search([("partner_id", "in", vendors.ids)])
        report = self.env.ref("meeting_management_purchase.action_report_vendor_ranking")
        self.assertEqual(report.binding_model_id.model, "meeting.vendor.ranking")
        html, _format = (
            self.env["ir.actions.report"]
            .with_user(self.user_buyer)
            ._render_qweb_html(report.report_name, rows.ids)
        )
        document = lxml.html.fromstring(html)
        tables = {
            " ".join(table.getparent().xpath("string(h2)").split()): [
                [" ".join(cell.text_content().split()) for cell in row.xpath("td")]
                for row in table.xpath(".//tr[contains(@class, 'o_ranking_row')]")
            ]
            for table in document.xpath("//table[contains(@class, 'o_vendor_ranking')]")
        }
        self.assertEqual(len(tables), 2, tables.keys())
        [catering] = [rows for title, rows in tables.items() if "Catering" in title]
        self.assertTrue(all("2030-Q1" in title for title in tables))
        # rank, vendor, score, response, delivery, satisfaction, incidents, evaluations
        self.assertEqual(
            [row[:8] for row in catering],
            [
                ["1", "Second Kitchen", "100.0", "100.0", "100.0", "100.0", "100.0", "1"],
                ["2", self.vendor_caterer.name, "32.5", "25.0", "25.0", "0.0", "100.0", "1"],
            ],
        )
        self.assertEqual(catering[1][8], "Below threshold")
        # Outside purchasing, coordinators and finance: no ranking to print.
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.user_director)._render_qweb_html(
                report.report_name, rows.ids
            )
