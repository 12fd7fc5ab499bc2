from itertools import groupby

from odoo import api, models


class ReportMeetingVendorRanking(models.AbstractModel):
    """The quarterly supplier ranking as published (每季度评估并公示排名): per quarter and
    category, the vendors by rank with their score per KPI, evaluations and flag."""

    _name = "report.meeting_management_purchase.report_vendor_ranking"
    _description = "Quarterly Supplier Ranking Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        rows = self.env["meeting.vendor.ranking"].browse(docids)
        # the reader's rights apply: purchasing, coordinators and finance read the ranking
        rows.check_access("read")
        categories = dict(rows._fields["budget_category"]._description_selection(self.env))
        ordered = rows.sorted(
            lambda r: (r.company_id.id, r.quarter_start, r.budget_category, r.rank, r.id)
        )
        groups = [
            {
                "company": company,
                "quarter": quarter,
                "category": categories.get(category, category),
                "rows": list(group),
            }
            for (company, quarter, category), group in groupby(
                ordered, key=lambda r: (r.company_id, r.quarter, r.budget_category)
            )
        ]
        return {
            "doc_ids": docids,
            "doc_model": "meeting.vendor.ranking",
            "docs": rows,
            "groups": groups,
        }
