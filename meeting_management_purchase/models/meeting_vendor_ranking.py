from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES


class MeetingVendorRanking(models.Model):
    """The quarterly supplier ranking (每季度评估并公示排名): the vendors' average evaluation
    score and KPIs per quarter and category, ranked within the quarter and category, and
    whether the vendor stayed below its company's threshold this quarter and the one before
    (the flag the weekly scheduled action raises on the vendor). A database view: one query
    whatever the number of evaluations."""

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
            "response_kpi",
            "delivery_kpi",
            "satisfaction_kpi",
            "incident_kpi",
        ],
        "res.company": ["meeting_vendor_score_threshold"],
    }

    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    quarter_start = fields.Date(string="Quarter Start", readonly=True)
    quarter = fields.Char(readonly=True)
    budget_category = fields.Selection(BUDGET_CATEGORIES, string="Category", readonly=True)
    evaluation_count = fields.Integer(string="Evaluations", readonly=True, aggregator="sum")
    score = fields.Float(string="Average Score", readonly=True, aggregator="avg")
    response_kpi = fields.Float(string="Response Speed", readonly=True, aggregator="avg")
    delivery_kpi = fields.Float(string="Delivery on Time", readonly=True, aggregator="avg")
    satisfaction_kpi = fields.Float(string="Service Satisfaction", readonly=True, aggregator="avg")
    incident_kpi = fields.Float(string="Incidents", readonly=True, aggregator="avg")
    rank = fields.Integer(readonly=True, aggregator="min")
    vendor_score = fields.Float(
        string="Vendor Score",
        readonly=True,
        aggregator=None,
        help="The vendor's average score this quarter, all categories.",
    )
    previous_score = fields.Float(
        string="Previous Quarter",
        readonly=True,
        aggregator=None,
        help="The vendor's average score the quarter before, all categories.",
    )
    threshold = fields.Float(readonly=True, aggregator=None)
    flagged = fields.Boolean(
        string="Below Two Quarters",
        readonly=True,
        help="Below the threshold this quarter and the one before: to be replaced.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    WITH grouped AS (
                        SELECT e.partner_id, e.company_id,
                               date_trunc('quarter', e.date)::date AS quarter_start,
                               COALESCE(e.budget_category, 'other') AS budget_category,
                               count(*) AS evaluation_count,
                               sum(e.score) AS score_sum,
                               -- sum / count: a smaller aggregate state than avg()
                               round((sum(e.score) / count(*))::numeric, 2)::float AS score,
                               round((sum(e.response_kpi) / count(*))::numeric, 2)::float
                                   AS response_kpi,
                               round((sum(e.delivery_kpi) / count(*))::numeric, 2)::float
                                   AS delivery_kpi,
                               round((sum(e.satisfaction_kpi) / count(*))::numeric, 2)::float
                                   AS satisfaction_kpi,
                               round((sum(e.incident_kpi) / count(*))::numeric, 2)::float
                                   AS incident_kpi
                          FROM meeting_vendor_evaluation e
                      GROUP BY 1, 2, 3, 4
                    ), vendor AS (
                        -- the vendor's average over all its evaluations of the quarter, and
                        -- the quarter before when it was evaluated then
                        SELECT v.*,
                               CASE WHEN LAG(v.quarter_start) OVER w
                                         = (v.quarter_start - interval '3 months')::date
                                    THEN LAG(v.score) OVER w END AS previous_score
                          FROM (
                            SELECT partner_id, company_id, quarter_start,
                                   sum(score_sum) / sum(evaluation_count)::float AS score
                              FROM grouped
                          GROUP BY 1, 2, 3
                          ) v
                        WINDOW w AS (PARTITION BY v.partner_id, v.company_id
                                     ORDER BY v.quarter_start)
                    )
                    SELECT row_number() OVER (ORDER BY g.quarter_start, g.company_id,
                                                       g.budget_category, g.partner_id) AS id,
                           g.partner_id, g.company_id, g.quarter_start, g.budget_category,
                           g.evaluation_count, g.score, g.response_kpi, g.delivery_kpi,
                           g.satisfaction_kpi, g.incident_kpi,
                           to_char(g.quarter_start, 'YYYY-"Q"Q') AS quarter,
                           RANK() OVER (PARTITION BY g.company_id, g.quarter_start,
                                                     g.budget_category
                                        ORDER BY g.score DESC) AS rank,
                           v.score AS vendor_score,
                           v.previous_score,
                           c.meeting_vendor_score_threshold AS threshold,
                           COALESCE(v.score < c.meeting_vendor_score_threshold
                                    AND v.previous_score < c.meeting_vendor_score_threshold,
                                    false) AS flagged
                      FROM grouped g
                      JOIN res_company c ON c.id = g.company_id
                      JOIN vendor v ON v.partner_id = g.partner_id
                                   AND v.company_id = g.company_id
                                   AND v.quarter_start = g.quarter_start
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
