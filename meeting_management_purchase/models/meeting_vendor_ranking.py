from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES


class MeetingVendorRanking(models.Model):
    """The quarterly supplier ranking (每季度评估并公示排名): the vendors' average evaluation
    score per quarter and category, ranked within the quarter and category. A database view:
    one query whatever the number of evaluations."""

    _name = "meeting.vendor.ranking"
    _description = "Quarterly Supplier Ranking"
    _auto = False
    _order = "quarter_start desc, budget_category, rank, id"
    _depends = {
        "meeting.vendor.evaluation": [
            "partner_id",
            "company_id",
            "date",
            "budget_category",
            "score",
        ],
    }

    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quarter_start = fields.Date(string="Quarter Start", readonly=True)
    quarter = fields.Char(readonly=True)
    budget_category = fields.Selection(BUDGET_CATEGORIES, string="Category", readonly=True)
    evaluation_count = fields.Integer(string="Evaluations", readonly=True, aggregator="sum")
    score = fields.Float(string="Average Score", readonly=True, aggregator="avg")
    rank = fields.Integer(readonly=True, aggregator="min")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT row_number() OVER () AS id, g.*,
                           RANK() OVER (PARTITION BY g.company_id, g.quarter_start,
                                                     g.budget_category
                                        ORDER BY g.score DESC) AS rank
                      FROM (
                        SELECT e.partner_id, e.company_id,
                               date_trunc('quarter', e.date)::date AS quarter_start,
                               to_char(e.date, 'YYYY-"Q"Q') AS quarter,
                               COALESCE(e.budget_category, 'other') AS budget_category,
                               count(*) AS evaluation_count,
                               round(avg(e.score)::numeric, 2)::float AS score
                          FROM meeting_vendor_evaluation e
                      GROUP BY e.partner_id, e.company_id, 3, 4, 5
                      ) g
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
