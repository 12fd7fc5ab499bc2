from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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

    meeting_id = fields.Many2one(
        "meeting.meeting", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Vendor", required=True, index=True
    )
    evaluator_id = fields.Many2one(
        "res.users", string="Evaluated By", required=True, readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Date(required=True, readonly=True, default=fields.Date.context_today, index=True)
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
            vals["date"] = fields.Date.context_today(self)
            vals.update(self._measured_vals(meeting, partner))
        evaluations = super().create(vals_list)
        evaluations._compute_score()
        return evaluations

    def write(self, vals):
        protected = {"meeting_id", "partner_id", "evaluator_id", "date", "delivery_on_time_rate",
                     "delivery_measured", "incident_count", "score"}
        if not self.env.su and protected & vals.keys():
            raise UserError(self.env._("The measured figures of an evaluation are not typed."))
        if not self.env.su and any(e.evaluator_id != self.env.user for e in self):
            raise AccessError(self.env._("Only its evaluator changes an evaluation."))
        res = super().write(vals)
        self._compute_score()
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
        incidents = self.env["meeting.incident"].sudo().search_count(
            [("meeting_id", "=", meeting.id), ("vendor_id", "child_of", partner.id)]
        )
        return {
            "delivery_measured": bool(due),
            "delivery_on_time_rate": 100.0 * len(on_time) / len(due) if due else 0.0,
            "incident_count": incidents,
        }

    def _compute_score(self):
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
                super(MeetingVendorEvaluation, evaluation.sudo()).write({"score": round(score, 2)})


def _percent(score):
    """A 1-5 score as 0-100."""
    return (int(score) - 1) * 25.0
