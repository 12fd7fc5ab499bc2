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
        help="Only used when the vendor's contract milestones do not measure it.",
    )
    delivery_on_time_rate = fields.Float(
        string="Delivery on Time (%)",
        readonly=True,
        help="Share of the vendor's contract milestones of this meeting done by their "
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
    score = fields.Float(string="Score", readonly=True, aggregator="avg", help="0-100.")
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
        evaluations = super().create(vals_list)
        evaluations._update_score()
        return evaluations

    def write(self, vals):
        protected = {
            "meeting_id",
            "partner_id",
            "evaluator_id",
            "date",
            "delivery_on_time_rate",
            "delivery_measured",
            "incident_count",
            "score",
            "budget_category",
        }
        if not self.env.su and protected & vals.keys():
            raise UserError(self.env._("The measured figures of an evaluation are not typed."))
        if not self.env.su and any(e.evaluator_id != self.env.user for e in self):
            raise AccessError(self.env._("Only its evaluator changes an evaluation."))
        res = super().write(vals)
        self._update_score()
        return res

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
        """Delivery on time from the vendor's contract milestones, incidents it caused.
        sudo: figures about the meeting being evaluated by its executor or a coordinator."""
        milestones = (
            self.env["meeting.vendor.contract.milestone"]
            .sudo()
            .search(
                [
                    ("meeting_id", "=", meeting.id),
                    ("contract_id.partner_id", "child_of", partner.id),
                    ("task_id", "!=", False),
                ]
            )
        )
        now = fields.Datetime.now()
        due = milestones.filtered(
            lambda m: m.task_id.state == "done" or m.task_id.date_deadline < now
        )
        on_time = due.filtered(lambda m: m.task_id.state == "done" and not m.task_id.is_done_late)
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
            "delivery_measured": bool(due),
            "delivery_on_time_rate": 100.0 * len(on_time) / len(due) if due else 0.0,
            "incident_count": incidents,
        }

    def _update_score(self):
        for evaluation in self:
            if evaluation.delivery_measured:
                delivery = evaluation.delivery_on_time_rate
            else:
                delivery = _percent(evaluation.delivery_score or "3")
            score = (
                WEIGHTS["response"] * _percent(evaluation.response_speed)
                + WEIGHTS["delivery"] * delivery
                + WEIGHTS["satisfaction"] * _percent(evaluation.service_satisfaction)
                + WEIGHTS["incidents"]
                * max(0.0, 100.0 - INCIDENT_PENALTY * evaluation.incident_count)
            )
            if evaluation.score != round(score, 2):
                # sudo: the score is derived from the fields just written
                evaluation.sudo().write({"score": round(score, 2)})


class MeetingVendorEvaluationRanking(models.Model):
    _inherit = "meeting.vendor.evaluation"

    @api.model
    def _get_quarter_scores(self, date_from, date_to, company):
        """{(vendor, quarter start): average score} of the evaluations between the dates:
        one grouped query, whatever the number of evaluations."""
        groups = self.sudo()._read_group(
            [("date", ">=", date_from), ("date", "<", date_to), ("company_id", "=", company.id)],
            ["partner_id", "date:quarter"],
            ["score:avg"],
        )
        return {(partner, quarter): score for partner, quarter, score in groups}

    @api.model
    def _cron_flag_low_vendors(self):
        """Vendors below the threshold in the two last complete quarters are flagged for
        replacement (启动替换流程): an activity for their buyer, else a purchase manager."""
        today = fields.Date.context_today(self)
        current = date_utils.start_of(today, "quarter")
        previous = current - relativedelta(months=3)
        before = current - relativedelta(months=6)
        companies = [
            company
            for [company] in self.sudo()._read_group([("date", ">=", before)], ["company_id"])
        ]
        for company in companies:
            threshold = company.meeting_vendor_score_threshold
            scores = self._get_quarter_scores(before, current, company)
            to_flag = {}
            for partner in {partner for partner, _quarter in scores}:
                first = scores.get((partner, before))
                second = scores.get((partner, previous))
                if first is None or second is None:
                    continue
                if first < threshold and second < threshold:
                    to_flag[partner] = (first, second)
            if to_flag:
                self.env["res.partner"]._flag_for_replacement(company, to_flag, threshold)


def _percent(score):
    """A 1-5 score as 0-100."""
    return (int(score) - 1) * 25.0
