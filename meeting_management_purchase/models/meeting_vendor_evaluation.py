from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import date_utils

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES

SCORES = [("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Very Good"), ("5", "Excellent")]
# Held meetings: the vendors are evaluated once the meeting is over.
EVALUATION_STATES = ("review", "closed")
COORDINATOR_GROUP = "meeting_management.group_meeting_coordinator"
# Weights of the overall score (0-100), the outline's KPIs.
WEIGHTS = {"response": 0.25, "delivery": 0.25, "satisfaction": 0.3, "incidents": 0.2}
INCIDENT_PENALTY = 50.0  # points of the incidents KPI lost per incident caused
KPI_FIELDS = ("response_kpi", "delivery_kpi", "satisfaction_kpi", "incident_kpi", "score")


class MeetingVendorEvaluation(models.Model):
    _name = "meeting.vendor.evaluation"
    _description = "Meeting Vendor Evaluation"
    _order = "date desc, id desc"

    _meeting_vendor_unique = models.Constraint(
        "UNIQUE(meeting_id, partner_id)",
        "A vendor is evaluated once per meeting.",
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    meeting_id = fields.Many2one("meeting.meeting", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Vendor", required=True, index=True)
    evaluator_id = fields.Many2one(
        "res.users",
        string="Evaluated By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(
        string="Meeting Date",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        index=True,
        help="The day the meeting ended: the evaluation counts in that quarter's ranking.",
    )
    response_speed = fields.Selection(SCORES, string="Response Speed", required=True)
    service_satisfaction = fields.Selection(SCORES, string="Service Satisfaction", required=True)
    delivery_score = fields.Selection(
        SCORES,
        string="Delivery on Time (typed)",
        help="Only used when nothing measures it (no receipt or delivery milestone due).",
    )
    delivery_on_time_rate = fields.Float(
        string="Delivery on Time (%)",
        readonly=True,
        help="Share of the vendor's deliveries for this meeting on time: its receipts "
        "validated by their scheduled date, its contracts' delivery milestones done by their "
        "deadline; empty when none is due yet.",
    )
    delivery_measured = fields.Boolean(readonly=True)
    incident_count = fields.Integer(string="Incidents Caused", readonly=True)
    budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        string="Category",
        readonly=True,
        index=True,
        help="What the vendor supplied the meeting: the budget category of the largest part "
        "of its orders for it.",
    )
    response_kpi = fields.Float(
        string="Response Speed (0-100)", compute="_compute_kpis", store=True, aggregator="avg"
    )
    delivery_kpi = fields.Float(
        string="Delivery on Time (0-100)",
        compute="_compute_kpis",
        store=True,
        aggregator="avg",
        help="The measured on-time rate when receipts or delivery milestones measure it, else "
        "the typed score.",
    )
    satisfaction_kpi = fields.Float(
        string="Service Satisfaction (0-100)",
        compute="_compute_kpis",
        store=True,
        aggregator="avg",
    )
    incident_kpi = fields.Float(
        string="Incidents (0-100)",
        compute="_compute_kpis",
        store=True,
        aggregator="avg",
        help="100 without incident caused, 50 points less per incident.",
    )
    score = fields.Float(
        string="Score",
        compute="_compute_kpis",
        store=True,
        aggregator="avg",
        help="0-100: the weighted KPIs.",
    )
    comment = fields.Text()

    # ------------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            meeting = self.env["meeting.meeting"].browse(vals.get("meeting_id"))
            partner = self.env["res.partner"].browse(vals.get("partner_id")).commercial_partner_id
            self._check_can_evaluate(meeting, partner)
            vals["partner_id"] = partner.id
            vals["evaluator_id"] = self.env.uid
            # the quarter of the meeting, whenever the evaluation is typed
            vals["date"] = (
                meeting.date_end.date() if meeting.date_end else fields.Date.context_today(self)
            )
            vals.update(self._measured_vals(meeting, partner))
            # the KPIs and the score are computed from the ratings, never typed
            for fname in KPI_FIELDS:
                vals.pop(fname, None)
        return super().create(vals_list)

    def write(self, vals):
        protected = {
            "meeting_id",
            "partner_id",
            "evaluator_id",
            "date",
            "delivery_on_time_rate",
            "delivery_measured",
            "incident_count",
            "budget_category",
            *KPI_FIELDS,
        }
        if not self.env.su and protected & vals.keys():
            raise UserError(self.env._("The measured figures of an evaluation are not typed."))
        if not self.env.su and any(e.evaluator_id != self.env.user for e in self):
            raise AccessError(self.env._("Only its evaluator changes an evaluation."))
        return super().write(vals)

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    @api.model
    def _check_can_evaluate(self, meeting, partner):
        """The meeting's executor or a coordinator, after the meeting, for one of its vendors."""
        meeting = meeting.exists()
        if not meeting or not partner:
            raise UserError(self.env._("An evaluation names a meeting and a vendor."))
        meeting.check_access("read")
        user = self.env.user
        if not (meeting.executor_id == user or user.has_group(COORDINATOR_GROUP)):
            raise AccessError(
                self.env._("Only the meeting's executor or a coordinator evaluates its vendors.")
            )
        if meeting.state not in EVALUATION_STATES:
            raise UserError(
                self.env._(
                    "The vendors of %(meeting)s are evaluated once it is held (in review).",
                    meeting=meeting.display_name,
                )
            )
        if partner not in meeting._get_vendors():
            raise UserError(
                self.env._(
                    "%(vendor)s has no order or contract for %(meeting)s.",
                    vendor=partner.display_name,
                    meeting=meeting.display_name,
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    @api.model
    def _measured_vals(self, meeting, partner):
        """Delivery on time from what measures it (``_get_delivery_checks``), incidents the
        vendor caused, the category it supplied. sudo: figures about the meeting being
        evaluated by its executor or a coordinator."""
        checks = self._get_delivery_checks(meeting, partner)
        incidents = (
            self.env["meeting.incident"]
            .sudo()
            .search_count([("meeting_id", "=", meeting.id), ("vendor_id", "child_of", partner.id)])
        )
        amounts = {}
        for line in (
            self.env["purchase.order.line"]
            .sudo()
            .search(
                [
                    ("meeting_id", "=", meeting.id),
                    ("order_id.partner_id", "child_of", partner.id),
                    ("state", "=", "purchase"),
                    ("meeting_budget_category", "!=", False),
                ]
            )
        ):
            category = line.meeting_budget_category
            amounts[category] = amounts.get(category, 0.0) + line.price_subtotal
        return {
            "budget_category": max(amounts, key=amounts.get) if amounts else "other",
            "delivery_measured": bool(checks),
            "delivery_on_time_rate": 100.0 * checks.count(True) / len(checks) if checks else 0.0,
            "incident_count": incidents,
        }

    @api.model
    def _get_delivery_checks(self, meeting, partner):
        """One boolean per delivery of ``partner`` for ``meeting`` that is due: whether it
        came on time. Here the delivery milestones of its contracts (their plan task done by
        its deadline; not done past it counts as late); the stock bridge adds the receipts.
        sudo: see ``_measured_vals``."""
        milestones = (
            self.env["meeting.vendor.contract.milestone"]
            .sudo()
            .search(
                [
                    ("meeting_id", "=", meeting.id),
                    ("contract_id.partner_id", "child_of", partner.id),
                    ("kind", "=", "delivery"),
                    ("task_id", "!=", False),
                ]
            )
        )
        now = fields.Datetime.now()
        return [
            milestone.task_id.state == "done" and not milestone.task_id.is_done_late
            for milestone in milestones
            if milestone.task_id.state == "done" or milestone.task_id.date_deadline < now
        ]

    @api.depends(
        "response_speed",
        "service_satisfaction",
        "delivery_score",
        "delivery_measured",
        "delivery_on_time_rate",
        "incident_count",
    )
    def _compute_kpis(self):
        """The outline's KPIs as 0-100 and their weighted score: one definition, read by
        the evaluation, the ranking and its report."""
        for evaluation in self:
            evaluation.response_kpi = _percent(evaluation.response_speed)
            evaluation.satisfaction_kpi = _percent(evaluation.service_satisfaction)
            evaluation.delivery_kpi = (
                evaluation.delivery_on_time_rate
                if evaluation.delivery_measured
                else _percent(evaluation.delivery_score or "3")
            )
            evaluation.incident_kpi = max(0.0, 100.0 - INCIDENT_PENALTY * evaluation.incident_count)
            evaluation.score = round(
                WEIGHTS["response"] * evaluation.response_kpi
                + WEIGHTS["delivery"] * evaluation.delivery_kpi
                + WEIGHTS["satisfaction"] * evaluation.satisfaction_kpi
                + WEIGHTS["incidents"] * evaluation.incident_kpi,
                2,
            )


class MeetingVendorEvaluationRanking(models.Model):
    _inherit = "meeting.vendor.evaluation"

    @api.model
    def _cron_flag_low_vendors(self):
        """Vendors the ranking shows below the threshold in the last complete quarter and
        the one before (its ``flagged`` rows) are flagged for replacement (启动替换流程): an
        activity for their buyer, else a purchase manager. Once per quarter: a flag
        purchasing cleared stays cleared until a later quarter is low again."""
        today = fields.Date.context_today(self)
        previous = date_utils.start_of(today, "quarter") - relativedelta(months=3)
        # sudo: the scheduled action reads the ranking of every company
        rows = (
            self.env["meeting.vendor.ranking"]
            .sudo()
            .search_fetch(
                [("quarter_start", "=", previous), ("flagged", "=", True)],
                ["partner_id", "company_id", "vendor_score", "previous_score", "threshold"],
            )
        )
        by_company = defaultdict(dict)
        for row in rows:
            by_company[row.company_id][row.partner_id] = row
        for company, partners in by_company.items():
            self.env["res.partner"]._flag_for_replacement(company, partners, previous)


def _percent(score):
    """A 1-5 score as 0-100."""
    return (int(score) - 1) * 25.0 if score else 0.0
