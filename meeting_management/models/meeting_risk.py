from odoo import api, fields, models
from odoo.exceptions import UserError

from .meeting_risk_template import CONTINGENCY_TYPES, RATINGS, RISK_CATEGORIES

# score bands of the 5 × 5 matrix (likelihood × impact): (lowest score, level)
RISK_LEVELS = [
    ("low", "Low"),
    ("medium", "Medium"),
    ("high", "High"),
    ("critical", "Critical"),
]
LEVEL_FLOORS = ((20, "critical"), (12, "high"), (6, "medium"), (1, "low"))
# a risk of these levels must have a mitigation before the plan is submitted or the day starts
BLOCKING_LEVELS = ("high", "critical")
RISK_STATES = [
    ("open", "Identified"),
    ("mitigated", "Mitigated"),
    ("occurred", "Materialised"),
    ("closed", "Closed"),
]
# the register's status moves through the actions below, never by editing it
RISK_FLOW_FIELDS = {"state", "date_occurred"}


def risk_level(score):
    """The level band of a likelihood × impact score (one definition)."""
    for floor, level in LEVEL_FLOORS:
        if score >= floor:
            return level
    return False


class MeetingRisk(models.Model):
    """A line of a meeting's risk register (风险管理: 风险识别与评估, 预防性资源储备)."""

    _name = "meeting.risk"
    _description = "Meeting Risk"
    _inherit = ["mail.thread", "meeting.line.mixin"]
    _order = "score desc, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    template_id = fields.Many2one(
        "meeting.risk.template", string="Template", readonly=True, ondelete="set null", index=True
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Risk", required=True, tracking=True)
    category = fields.Selection(RISK_CATEGORIES, required=True, default="other")
    likelihood = fields.Selection(RATINGS, required=True, default="3", tracking=True)
    impact = fields.Selection(RATINGS, required=True, default="3", tracking=True)
    score = fields.Integer(
        compute="_compute_score",
        store=True,
        help="Likelihood × impact (1–25), as in an FMEA: 20 and more is critical, 12 and more "
        "high, 6 and more medium.",
    )
    level = fields.Selection(RISK_LEVELS, compute="_compute_score", store=True, index=True)
    owner_id = fields.Many2one(
        "res.users", string="Owner", domain=[("share", "=", False)], tracking=True
    )
    mitigation = fields.Text(help="What is done beforehand to prevent the risk or reduce it.")
    contingency_type = fields.Selection(CONTINGENCY_TYPES, string="Contingency")
    contingency = fields.Text(
        string="Contingency Plan",
        help="The backup ready if the risk materialises: venue, equipment, supplier, funds.",
    )
    incident_type_id = fields.Many2one("meeting.incident.type", string="Incident Type")
    state = fields.Selection(
        RISK_STATES, default="open", required=True, index=True, tracking=True, copy=False
    )
    date_occurred = fields.Datetime(string="Materialised On", readonly=True, copy=False)
    incident_ids = fields.One2many("meeting.incident", "risk_id", string="Incidents")
    incident_count = fields.Integer(compute="_compute_incident_count")
    needs_mitigation = fields.Boolean(
        compute="_compute_score",
        store=True,
        help="A high or critical risk without a mitigation: it blocks the plan's submission "
        "and the start of the meeting.",
    )
    can_manage = fields.Boolean(compute="_compute_can_manage")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("likelihood", "impact", "mitigation")
    def _compute_score(self):
        for risk in self:
            risk.score = int(risk.likelihood or 0) * int(risk.impact or 0)
            risk.level = risk_level(risk.score)
            risk.needs_mitigation = (
                risk.level in BLOCKING_LEVELS and not (risk.mitigation or "").strip()
            )

    def _compute_incident_count(self):
        for risk in self:
            risk.incident_count = len(risk.incident_ids)

    @api.depends_context("uid")
    @api.depends("meeting_id.executor_id", "meeting_id.initiator_id")
    def _compute_can_manage(self):
        for risk in self:
            risk.can_manage = risk.meeting_id._can_manage_risks()

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # a new risk is identified: its status follows the actions
            for vals in vals_list:
                for fname in RISK_FLOW_FIELDS:
                    vals.pop(fname, None)
            meetings = self.env["meeting.meeting"].browse(
                {vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")}
            )
            meetings._check_can_manage_risks()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if RISK_FLOW_FIELDS & vals.keys():
                raise UserError(
                    self.env._(
                        "The status of a risk moves through its buttons (Mitigated, Materialised, "
                        "Close, Reopen), not by editing it."
                    )
                )
            (
                self.meeting_id | self.env["meeting.meeting"].browse(vals.get("meeting_id"))
            ).exists()._check_can_manage_risks()
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _set_risk_state(self, state, **vals):
        """Move the risks to ``state``; the callers checked who may and from where."""
        # sudo: the status is refused to users in write(); the actions check first
        return self.sudo().write({"state": state, **vals})

    def _check_risk_state(self, allowed):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for risk in self:
            if risk.state not in allowed:
                raise UserError(
                    self.env._(
                        "The risk %(name)s is %(state)s: this cannot be done now.",
                        name=risk.name,
                        state=labels.get(risk.state),
                    )
                )

    def action_mark_mitigated(self):
        self.meeting_id._check_can_manage_risks()
        self._check_risk_state(("open",))
        for risk in self:
            if not (risk.mitigation or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the mitigation of the risk %(name)s before marking it as "
                        "mitigated.",
                        name=risk.name,
                    )
                )
        self._set_risk_state("mitigated")
        return True

    def action_mark_occurred(self):
        self.meeting_id._check_can_manage_risks()
        self._check_risk_state(("open", "mitigated"))
        self._set_risk_state("occurred", date_occurred=fields.Datetime.now())
        return True

    def action_close(self):
        self.meeting_id._check_can_manage_risks()
        self._check_risk_state(("open", "mitigated", "occurred"))
        self._set_risk_state("closed")
        return True

    def action_reopen(self):
        self.meeting_id._check_can_manage_risks()
        self._check_risk_state(("mitigated", "closed"))
        self._set_risk_state("open")
        return True

    def action_view_incidents(self):
        self.ensure_one()
        return self.incident_ids._get_records_action(
            name=self.env._("Incidents of %(risk)s", risk=self.name)
        )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _on_incident_linked(self):
        """An incident was reported as this risk: the risk materialised (system move)."""
        pending = self.filtered(lambda r: r.state in ("open", "mitigated"))
        if pending:
            pending._set_risk_state("occurred", date_occurred=fields.Datetime.now())
