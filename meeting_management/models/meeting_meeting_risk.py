"""The meeting's risk register (风险管理), its review (复盘) and the lessons learned."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import html2plaintext

from .meeting_risk import BLOCKING_LEVELS

LESSONS_SHOWN = 10
TOP_RISKS = 5


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    risk_ids = fields.One2many("meeting.risk", "meeting_id", string="Risk Register")
    risk_count = fields.Integer(compute="_compute_risk_stats")
    risk_blocking_count = fields.Integer(
        string="Risks Without Mitigation", compute="_compute_risk_stats"
    )
    top_risk_ids = fields.Many2many(
        "meeting.risk", compute="_compute_risk_stats", string="Top Risks"
    )
    can_manage_risks = fields.Boolean(compute="_compute_can_manage_risks")
    type_lesson_ids = fields.Many2many(
        "meeting.type.lesson",
        compute="_compute_type_lesson_ids",
        string="Lessons From Past Meetings",
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("risk_ids.score", "risk_ids.needs_mitigation", "risk_ids.state")
    def _compute_risk_stats(self):
        for meeting in self:
            risks = meeting.risk_ids
            meeting.risk_count = len(risks)
            meeting.risk_blocking_count = len(risks.filtered("needs_mitigation"))
            meeting.top_risk_ids = risks.sorted(lambda r: (-r.score, r.sequence, r.id))[:TOP_RISKS]

    @api.depends_context("uid")
    @api.depends("executor_id", "initiator_id")
    def _compute_can_manage_risks(self):
        for meeting in self:
            meeting.can_manage_risks = meeting._can_manage_risks()

    @api.depends("type_id")
    def _compute_type_lesson_ids(self):
        Lesson = self.env["meeting.type.lesson"]
        for meeting in self:
            domain = [("type_id", "=", meeting.type_id.id)]
            if meeting._origin.id:
                # a meeting's own lessons are for the next ones
                domain = Domain.AND(
                    [
                        domain,
                        Domain.OR(
                            [
                                [("meeting_id", "=", False)],
                                [("meeting_id", "!=", meeting._origin.id)],
                            ]
                        ),
                    ]
                )
            meeting.type_lesson_ids = (
                Lesson.search(domain, limit=LESSONS_SHOWN) if meeting.type_id else Lesson
            )

    def _compute_complaint_count(self):
        for meeting in self:
            meeting.complaint_count = len(meeting.incident_ids.filtered("is_complaint"))

    # ------------------------------------------------------------------
    # Who manages the register
    # ------------------------------------------------------------------
    def _can_manage_risks(self):
        """The executor (the coordinator running the meeting), the initiator writing the
        plan and meeting administrators keep the register."""
        self.ensure_one()
        user = self.env.user
        return (
            self.env.su
            or self._is_meeting_admin()
            or user in (self.executor_id | self.initiator_id)
        )

    def _check_can_manage_risks(self):
        for meeting in self:
            if not meeting._can_manage_risks():
                raise AccessError(
                    self.env._(
                        "Only the executor, the initiator or a meeting administrator keeps the "
                        "risk register of %(meeting)s.",
                        meeting=meeting.display_name,
                    )
                )
            if meeting.state == "cancelled":
                raise UserError(
                    self.env._(
                        "The meeting %(meeting)s is cancelled: its risk register no longer "
                        "changes.",
                        meeting=meeting.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_risks(self):
        """Propose the risks of the meeting type's templates the register lacks."""
        self._check_can_manage_risks()
        for meeting in self:
            if not meeting.type_id.risk_template_ids:
                raise UserError(
                    self.env._(
                        "The meeting type %(type)s has no risk templates: add risks by hand or "
                        "configure its templates.",
                        type=meeting.type_id.name,
                    )
                )
        self._generate_risks()
        return True

    def _generate_risks(self):
        """Create the register's lines from the type's templates, once each: a template
        already proposed (or a risk of the same name) is not proposed again."""
        vals_list = []
        for meeting in self:
            known = {risk.template_id for risk in meeting.risk_ids} | {
                (risk.name or "").strip().lower() for risk in meeting.risk_ids
            }
            for template in meeting.type_id.risk_template_ids:
                if template in known or template.name.strip().lower() in known:
                    continue
                vals_list.append(template._prepare_risk_vals(meeting))
        return self.env["meeting.risk"].create(vals_list)

    def action_view_risks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_risk_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        action["display_name"] = self.env._("Risks of %(meeting)s", meeting=self.name)
        return action

    def action_save_lessons(self):
        """Keep the report's improvement suggestions as lessons learned of the meeting type."""
        Lesson = self.env["meeting.type.lesson"]
        for meeting in self:
            if meeting.state not in ("review", "closed"):
                raise UserError(
                    self.env._(
                        "Lessons learned are written at the review of %(meeting)s.",
                        meeting=meeting.display_name,
                    )
                )
            if not meeting._may("finish"):
                raise AccessError(meeting._workflow_error("finish", "who"))
            texts = self.env["report.meeting_management.report_meeting_monitoring"]._get_texts(
                meeting
            )
            lines = [
                line.strip()
                for line in html2plaintext(texts["report_suggestions"]).splitlines()
                if line.strip()
            ]
            # sudo: only administrators edit meeting types; the review's owner adds its lessons
            existing = set(Lesson.sudo().search([("meeting_id", "=", meeting.id)]).mapped("name"))
            new = [line for line in lines if line not in existing]
            Lesson.sudo().create(
                [
                    {
                        "type_id": meeting.type_id.id,
                        "meeting_id": meeting.id,
                        "company_id": meeting.company_id.id,
                        "name": line,
                        "author_id": self.env.uid,
                    }
                    for line in new
                ]
            )
        return True

    # ------------------------------------------------------------------
    # Workflow hooks
    # ------------------------------------------------------------------
    def _get_unmitigated_risk_error(self):
        """The message naming the high-score risks without a mitigation, or ``False``."""
        self.ensure_one()
        risks = self.risk_ids.filtered("needs_mitigation")
        if not risks:
            return False
        levels = dict(self.env["meeting.risk"]._fields["level"]._description_selection(self.env))
        return self.env._(
            "These %(levels)s risks have no mitigation: %(risks)s. Write how each is prevented "
            "or reduced in the risk register.",
            levels="/".join(levels[level] for level in BLOCKING_LEVELS),
            risks="; ".join(
                self.env._("%(name)s (score %(score)s)", name=risk.name, score=risk.score)
                for risk in risks.sorted(lambda r: (-r.score, r.id))
            ),
        )

    def _check_submittable(self):
        res = super()._check_submittable()
        error = self._get_unmitigated_risk_error()
        if error:
            raise UserError(
                self.env._(
                    "The plan %(name)s cannot be submitted yet:\n- %(error)s",
                    name=self.display_name,
                    error=error,
                )
            )
        return res

    def action_start(self):
        self._check_workflow("start")
        for meeting in self:
            error = meeting._get_unmitigated_risk_error()
            if error:
                raise UserError(
                    self.env._(
                        "The meeting %(name)s cannot start yet:\n- %(error)s",
                        name=meeting.display_name,
                        error=error,
                    )
                )
        return super().action_start()

    # ------------------------------------------------------------------
    # The review: suggestions from the register and the complaints
    # ------------------------------------------------------------------
    def _get_improvement_suggestions(self):
        return (
            super()._get_improvement_suggestions()
            + self._suggest_risks()
            + self._suggest_complaints()
        )

    def _get_review_incidents(self):
        """Every incident of the meeting, as the review reads them (from the database)."""
        self.ensure_one()
        # sudo: the review reads the whole register and every incident of the meeting, as
        # the report's incident section does for whoever may read the meeting
        return (
            self.env["meeting.incident"]
            .sudo()
            .search([("meeting_id", "=", self.id)], order="date_reported, id")
        )

    def _suggest_risks(self):
        self.ensure_one()
        incidents = self._get_review_incidents()
        by_risk = incidents.grouped("risk_id")
        suggestions = []
        for risk in self.sudo().risk_ids:
            if risk not in by_risk:
                continue
            suggestions.append(
                self.env._(
                    "The risk “%(risk)s” materialised (%(count)s incident(s)): review its "
                    "mitigation and contingency in the meeting type's risk templates.",
                    risk=risk.name,
                    count=len(by_risk[risk]),
                )
            )
        if self.sudo().risk_ids:
            unplanned = incidents.filtered(lambda i: not i.risk_id and not i.is_complaint)
            if unplanned:
                suggestions.append(
                    self.env._(
                        "%(count)s incident(s) were not in the risk register (%(names)s): add "
                        "them to the risk templates of the meeting type.",
                        count=len(unplanned),
                        names=", ".join(unplanned.mapped("name")),
                    )
                )
        return suggestions

    def _suggest_complaints(self):
        self.ensure_one()
        complaints = self._get_review_incidents().filtered("is_complaint")
        if not complaints:
            return []
        aspects = dict(
            self.env["meeting.incident"]
            ._fields["complaint_aspect"]
            ._description_selection(self.env)
        )
        counts = {}
        for complaint in complaints:
            key = complaint.complaint_aspect or "other"
            counts[key] = counts.get(key, 0) + 1
        top, top_count = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        suggestions = [
            self.env._(
                "%(count)s complaint(s), most about %(aspect)s (%(top)s): address this root "
                "cause in the next preparation plan.",
                count=len(complaints),
                aspect=aspects.get(top, top),
                top=top_count,
            )
        ]
        declined = complaints.filtered(lambda c: c.remedy_acceptance == "declined")
        if declined:
            suggestions.append(
                self.env._(
                    "%(count)s complainant(s) declined the remedy offered: follow them up after "
                    "the meeting.",
                    count=len(declined),
                )
            )
        return suggestions

    # ------------------------------------------------------------------
    # On-site view: the plan of the chosen type, the checklist progress
    # ------------------------------------------------------------------
    def get_onsite_data(self):
        data = super().get_onsite_data()
        types = self.env["meeting.incident.type"].browse([t["id"] for t in data["incident_types"]])
        for row, itype in zip(data["incident_types"], types, strict=True):
            row["plan_steps"] = itype.plan_step_ids.mapped("name")
            row["contacts"] = (
                itype.contact_user_ids.partner_id | itype.contact_partner_ids
            ).mapped("display_name")
        incidents = self.env["meeting.incident"].browse([i["id"] for i in data["incidents"]])
        for row, incident in zip(data["incidents"], incidents, strict=True):
            row["checklist_count"] = incident.checklist_count
            row["checklist_done"] = incident.checklist_done_count
        return data
