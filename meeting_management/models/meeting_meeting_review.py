from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_datetime, html2plaintext, is_html_empty

KPI_STATUS = [("met", "Met"), ("not_met", "Not Met"), ("na", "No Data")]
ASPECTS = [
    ("agenda", "Agenda"),
    ("venue", "Venue"),
    ("catering", "Catering"),
    ("service", "Service"),
]
# Settings keys (ir.config_parameter) and their defaults.
KPI_TARGETS = {
    "agenda_completion": 95.0,
    "agenda_deviation": 15.0,
    "satisfaction": 4.5,
    "incident_timeliness": 90.0,
    "objective_attainment": 100.0,
    "preparation_ontime": 98.0,
    "budget_variance": 5.0,
    "attendance": 90.0,
}
# Words that mark an incident of another type as an equipment problem (suggestions).
DEVICE_WORDS = (
    "device",
    "equipment",
    "projector",
    "microphone",
    "screen",
    "network",
    "wifi",
    "video",
    "设备",
    "投影",
    "话筒",
    "麦克风",
    "屏幕",
    "网络",
    "音响",
)
# Fields of a closed meeting (and its lines) that anyone may still write.
HARMLESS_PREFIXES = ("message_", "activity_", "website_message")
HARMLESS_FIELDS = {"is_follower", "has_message", "has_feedback"}


def _harmless(vals):
    return all(fname.startswith(HARMLESS_PREFIXES) or fname in HARMLESS_FIELDS for fname in vals)


class MeetingMeeting(models.Model):
    """Stage 4: review, KPIs, the monitoring report (模板4), publication."""

    _inherit = "meeting.meeting"

    # ------------------------------------------------------------------
    # Fields: KPIs (stored, searchable, in pivot/graph across meetings)
    # ------------------------------------------------------------------
    kpi_agenda_item_count = fields.Integer(
        string="Agenda Items", compute="_compute_kpi_agenda", store=True
    )
    kpi_agenda_completion = fields.Float(
        string="Agenda Completion (%)",
        compute="_compute_kpi_agenda",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    kpi_agenda_deviation = fields.Float(
        string="Agenda Deviation (min)",
        compute="_compute_kpi_agenda",
        store=True,
        aggregator="avg",
        digits=(16, 0),
        help="Largest gap, in minutes, between an agenda item's planned and actual start or end.",
    )
    kpi_feedback_count = fields.Integer(
        string="Survey Answers", compute="_compute_kpi_satisfaction", store=True
    )
    kpi_satisfaction = fields.Float(
        string="Satisfaction",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_agenda = fields.Float(
        string="Satisfaction: Agenda",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_venue = fields.Float(
        string="Satisfaction: Venue",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_catering = fields.Float(
        string="Satisfaction: Catering",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_service = fields.Float(
        string="Satisfaction: Service",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_lowest_aspect = fields.Selection(
        ASPECTS, string="Lowest Aspect", compute="_compute_kpi_satisfaction", store=True
    )
    kpi_incident_count = fields.Integer(
        string="Incidents Reported", compute="_compute_kpi_incident", store=True
    )
    kpi_incident_timeliness = fields.Float(
        string="Incident Response Timeliness (%)",
        compute="_compute_kpi_incident",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Incidents answered before their response deadline, over all incidents.",
    )
    kpi_objective_attainment = fields.Float(
        string="Objective Attainment (%)",
        compute="_compute_kpi_objective",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Average attainment of the meeting's objectives (actual / target).",
    )
    kpi_task_count = fields.Integer(
        string="Preparation Tasks", compute="_compute_kpi_preparation", store=True
    )
    kpi_task_late_count = fields.Integer(
        string="Tasks Finished Late", compute="_compute_kpi_preparation", store=True
    )
    kpi_preparation_ontime = fields.Float(
        string="Preparation On-time (%)",
        compute="_compute_kpi_preparation",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    kpi_budget_planned = fields.Monetary(
        string="Budget Planned", compute="_compute_kpi_budget", store=True
    )
    kpi_budget_actual = fields.Monetary(
        string="Budget Actual", compute="_compute_kpi_budget", store=True
    )
    kpi_budget_variance = fields.Float(
        string="Budget Variance (%)",
        compute="_compute_kpi_budget",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    # Attendance is live (a scan changes it) and comes from the one definition,
    # ``_get_attendance_counts``: not stored, so that a scan never writes the meeting row
    # (concurrent lanes would queue on its lock and fail to serialize).
    kpi_attendance_expected = fields.Integer(
        string="Expected Attendees", compute="_compute_kpi_attendance"
    )
    kpi_attendance_checked_in = fields.Integer(
        string="Checked-in Attendees", compute="_compute_kpi_attendance"
    )
    kpi_attendance_rate = fields.Float(
        string="Attendance (%)", compute="_compute_kpi_attendance", digits=(16, 1)
    )
    kpi_agenda_completion_status = fields.Selection(
        KPI_STATUS, string="Agenda Completion Target", compute="_compute_kpi_status", store=True
    )
    kpi_agenda_deviation_status = fields.Selection(
        KPI_STATUS, string="Agenda Deviation Target", compute="_compute_kpi_status", store=True
    )
    kpi_satisfaction_status = fields.Selection(
        KPI_STATUS, string="Satisfaction Target", compute="_compute_kpi_status", store=True
    )
    kpi_incident_timeliness_status = fields.Selection(
        KPI_STATUS, string="Incident Timeliness Target", compute="_compute_kpi_status", store=True
    )
    kpi_objective_attainment_status = fields.Selection(
        KPI_STATUS, string="Objective Target", compute="_compute_kpi_status", store=True
    )
    kpi_preparation_ontime_status = fields.Selection(
        KPI_STATUS, string="Preparation Target", compute="_compute_kpi_status", store=True
    )
    kpi_budget_variance_status = fields.Selection(
        KPI_STATUS, string="Budget Target", compute="_compute_kpi_status", store=True
    )
    kpi_attendance_status = fields.Selection(
        KPI_STATUS, string="Attendance Target", compute="_compute_kpi_attendance"
    )
    kpi_met_count = fields.Integer(string="KPIs Met", compute="_compute_kpi_met_count")

    # ------------------------------------------------------------------
    # Fields: report
    # ------------------------------------------------------------------
    report_summary = fields.Html(
        string="Report Summary", sanitize_style=True, help="Editable overview of the report."
    )
    report_suggestions = fields.Html(
        string="Improvement Suggestions",
        sanitize_style=True,
        help="Drafted from the data when the meeting is finished; edit before publishing.",
    )
    report_published_date = fields.Datetime(string="Report Published On", readonly=True, copy=False)
    report_published_by_id = fields.Many2one(
        "res.users", string="Report Published By", readonly=True, copy=False
    )
    report_pdf_id = fields.Many2one("ir.attachment", string="Report PDF", readonly=True, copy=False)
    report_xlsx_id = fields.Many2one(
        "ir.attachment", string="Report Workbook", readonly=True, copy=False
    )
    feedback_count = fields.Integer(compute="_compute_feedback_count", string="Answers")
    can_finish = fields.Boolean(compute="_compute_can_review")
    can_publish = fields.Boolean(compute="_compute_can_review")

    # ------------------------------------------------------------------
    # KPI computes (aggregated in SQL for the real records, in memory for new ones)
    # ------------------------------------------------------------------
    def _kpi_split(self):
        stored = self.filtered(lambda m: isinstance(m.id, int))
        return stored, self - stored

    @api.model
    def _kpi_target(self, key):
        # sudo: reads one configured KPI target
        param = self.env["ir.config_parameter"].sudo().get_param(f"meeting_management.kpi_{key}")
        try:
            return float(param) if param not in (None, False, "") else KPI_TARGETS[key]
        except ValueError:
            return KPI_TARGETS[key]

    @api.depends(
        "agenda_item_ids.state",
        "agenda_item_ids.date_start",
        "agenda_item_ids.date_end",
        "agenda_item_ids.actual_start",
        "agenda_item_ids.actual_end",
    )
    def _compute_kpi_agenda(self):
        for meeting in self:
            items = meeting.agenda_item_ids
            done = items.filtered(lambda i: i.state == "done")
            deviation = 0.0
            for item in items:
                gaps = []
                if item.actual_start and item.date_start:
                    gaps.append(abs((item.actual_start - item.date_start).total_seconds()))
                if item.actual_end and item.date_end:
                    gaps.append(abs((item.actual_end - item.date_end).total_seconds()))
                deviation = max([deviation, *gaps])
            meeting.kpi_agenda_item_count = len(items)
            meeting.kpi_agenda_completion = len(done) / len(items) * 100.0 if items else 0.0
            meeting.kpi_agenda_deviation = round(deviation / 60.0)

    @api.depends(
        "feedback_ids.score_overall",
        "feedback_ids.score_agenda",
        "feedback_ids.score_venue",
        "feedback_ids.score_catering",
        "feedback_ids.score_service",
    )
    def _compute_kpi_satisfaction(self):
        stored, new = self._kpi_split()
        values = {}
        if stored:
            groups = self.env["meeting.feedback"]._read_group(
                [("meeting_id", "in", stored.ids)],
                ["meeting_id"],
                [
                    "__count",
                    "score_overall:avg",
                    "score_agenda:avg",
                    "score_venue:avg",
                    "score_catering:avg",
                    "score_service:avg",
                ],
            )
            values = {meeting.id: rest for meeting, *rest in groups}
        for meeting in new:
            fbs = meeting.feedback_ids
            count = len(fbs)
            values[meeting.id] = [count] + [
                sum(fbs.mapped(f"score_{key}")) / count if count else 0.0
                for key in ("overall", "agenda", "venue", "catering", "service")
            ]
        for meeting in self:
            count, overall, agenda, venue, catering, service = values.get(
                meeting.id, [0, 0.0, 0.0, 0.0, 0.0, 0.0]
            )
            meeting.kpi_feedback_count = count
            meeting.kpi_satisfaction = overall or 0.0
            meeting.kpi_satisfaction_agenda = agenda or 0.0
            meeting.kpi_satisfaction_venue = venue or 0.0
            meeting.kpi_satisfaction_catering = catering or 0.0
            meeting.kpi_satisfaction_service = service or 0.0
            aspects = {"agenda": agenda, "venue": venue, "catering": catering, "service": service}
            meeting.kpi_lowest_aspect = (
                min(aspects, key=lambda k: (round(aspects[k] or 0.0, 2), k)) if count else False
            )

    @api.depends("incident_ids.responded_in_sla", "incident_ids.state")
    def _compute_kpi_incident(self):
        """Incident response timeliness: responded within the time limit / all incidents."""
        # sudo: a figure over all incidents of the meeting, whoever recomputes it (a user
        # may see only the incidents routed to them)
        groups = (
            self.env["meeting.incident"]
            .sudo()
            ._read_group(
                [("meeting_id", "in", self.ids)],
                ["meeting_id", "responded_in_sla"],
                ["__count"],
            )
        )
        totals, in_time = defaultdict(int), defaultdict(int)
        for meeting, responded, count in groups:
            totals[meeting.id] += count
            if responded:
                in_time[meeting.id] += count
        for meeting in self:
            key = meeting.id or meeting._origin.id
            meeting.kpi_incident_count = totals[key]
            meeting.kpi_incident_timeliness = (
                in_time[key] / totals[key] * 100.0 if totals[key] else 0.0
            )

    @api.depends("objective_ids.attainment")
    def _compute_kpi_objective(self):
        for meeting in self:
            objectives = meeting.objective_ids.filtered("target_value")
            meeting.kpi_objective_attainment = (
                sum(objectives.mapped("attainment")) / len(objectives) if objectives else 0.0
            )

    @api.depends("task_ids.state", "task_ids.date_done", "task_ids.date_deadline")
    def _compute_kpi_preparation(self):
        for meeting in self:
            tasks = meeting.task_ids
            late = tasks.filtered(lambda t: t._meeting_report_is_late())
            ontime = tasks.filtered(
                lambda t: t.state == "done" and t.date_done and t.date_done <= t.date_deadline
            )
            meeting.kpi_task_count = len(tasks)
            meeting.kpi_task_late_count = len(late)
            meeting.kpi_preparation_ontime = len(ontime) / len(tasks) * 100.0 if tasks else 0.0

    @api.depends("budget_line_ids.amount_planned", "budget_line_ids.amount_actual")
    def _compute_kpi_budget(self):
        for meeting in self:
            planned = sum(meeting.budget_line_ids.mapped("amount_planned"))
            actual = sum(meeting.budget_line_ids.mapped("amount_actual"))
            meeting.kpi_budget_planned = planned
            meeting.kpi_budget_actual = actual
            meeting.kpi_budget_variance = (actual - planned) / planned * 100.0 if planned else 0.0

    @api.depends("attendee_ids.is_checked_in", "attendee_ids.invitation_state")
    def _compute_kpi_attendance(self):
        counts = self._get_attendance_counts()
        target = self._kpi_target("attendance")
        for meeting in self:
            row = counts.get(meeting._origin.id) or {"expected": 0, "checked_in": 0}
            expected, checked_in = row["expected"], row["checked_in"]
            rate = checked_in / expected * 100.0 if expected else 0.0
            meeting.kpi_attendance_expected = expected
            meeting.kpi_attendance_checked_in = checked_in
            meeting.kpi_attendance_rate = rate
            if not expected:
                meeting.kpi_attendance_status = "na"
            else:
                # same rounding as the displayed rate (0.1 %), as the other targets
                met = round(rate, 1) + 1e-6 >= target
                meeting.kpi_attendance_status = "met" if met else "not_met"

    @api.depends(
        "kpi_agenda_completion_status",
        "kpi_agenda_deviation_status",
        "kpi_satisfaction_status",
        "kpi_incident_timeliness_status",
        "kpi_objective_attainment_status",
        "kpi_preparation_ontime_status",
        "kpi_budget_variance_status",
        "kpi_attendance_status",
    )
    def _compute_kpi_met_count(self):
        fnames = [
            name for name in self._fields if name.startswith("kpi_") and name.endswith("_status")
        ]
        for meeting in self:
            meeting.kpi_met_count = sum(1 for fname in fnames if meeting[fname] == "met")

    @api.depends(
        "kpi_agenda_item_count",
        "kpi_agenda_completion",
        "kpi_agenda_deviation",
        "kpi_feedback_count",
        "kpi_satisfaction",
        "kpi_incident_count",
        "kpi_incident_timeliness",
        "kpi_objective_attainment",
        "kpi_task_count",
        "kpi_preparation_ontime",
        "kpi_budget_planned",
        "kpi_budget_variance",
        "objective_ids.actual_value",
        "agenda_item_ids.actual_start",
    )
    def _compute_kpi_status(self):
        target = {key: self._kpi_target(key) for key in KPI_TARGETS}
        eps = 1e-6

        def status(has_data, ok):
            if not has_data:
                return "na"
            return "met" if ok else "not_met"

        for meeting in self:
            statuses = {
                "kpi_agenda_completion_status": status(
                    meeting.kpi_agenda_item_count,
                    meeting.kpi_agenda_completion + eps >= target["agenda_completion"],
                ),
                "kpi_agenda_deviation_status": status(
                    meeting.agenda_item_ids.filtered("actual_start"),
                    meeting.kpi_agenda_deviation <= target["agenda_deviation"] + eps,
                ),
                "kpi_satisfaction_status": status(
                    meeting.kpi_feedback_count,
                    meeting.kpi_satisfaction + eps >= target["satisfaction"],
                ),
                # No incident at all is a perfect record, not missing data.
                "kpi_incident_timeliness_status": "met"
                if not meeting.kpi_incident_count
                else status(
                    True, meeting.kpi_incident_timeliness + eps >= target["incident_timeliness"]
                ),
                "kpi_objective_attainment_status": status(
                    meeting.objective_ids.filtered("actual_value"),
                    meeting.kpi_objective_attainment + eps >= target["objective_attainment"],
                ),
                "kpi_preparation_ontime_status": status(
                    meeting.kpi_task_count,
                    meeting.kpi_preparation_ontime + eps >= target["preparation_ontime"],
                ),
                "kpi_budget_variance_status": status(
                    meeting.kpi_budget_planned and meeting.kpi_budget_actual,
                    abs(meeting.kpi_budget_variance) <= target["budget_variance"] + eps,
                ),
            }
            meeting.update(statuses)

    def _recompute_kpi_status(self):
        """Targets changed in the settings: refresh the stored met / not met flags."""
        fnames = [
            name
            for name in self._fields
            if name.startswith("kpi_") and name.endswith("_status") and self._fields[name].store
        ]
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(fnames)

    def _compute_feedback_count(self):
        for meeting in self:
            meeting.feedback_count = meeting.kpi_feedback_count

    @api.depends_context("uid")
    @api.depends("state", "initiator_id", "executor_id")
    def _compute_can_review(self):
        is_manager = self.env.user.has_group("meeting_management.group_meeting_manager")
        for meeting in self:
            is_owner = self.env.user in (meeting.initiator_id | meeting.executor_id)
            meeting.can_finish = meeting.state == "in_progress" and (is_manager or is_owner)
            meeting.can_publish = meeting.state == "review" and (
                is_manager or self.env.user == meeting.initiator_id
            )

    # ------------------------------------------------------------------
    # ORM: closed meetings are read-only
    # ------------------------------------------------------------------
    def _is_meeting_admin(self):
        return self.env.su or self.env.user.has_group("meeting_management.group_meeting_manager")

    def _check_closed_lock(self, vals=None):
        if self._is_meeting_admin() or (vals is not None and _harmless(vals)):
            return
        closed = self.filtered(lambda m: m.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "The meeting %(name)s is closed: its report is published and it can no "
                    "longer be changed.",
                    name=closed[0].display_name,
                )
            )

    def write(self, vals):
        self._check_closed_lock(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _check_can_finish(self):
        for meeting in self:
            if meeting.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Only a meeting in progress can be finished (%(name)s).",
                        name=meeting.display_name,
                    )
                )
            if not meeting.can_finish:
                raise AccessError(
                    self.env._(
                        "Only the initiator, the executor or a meeting administrator can "
                        "finish %(name)s.",
                        name=meeting.display_name,
                    )
                )

    def _check_can_publish(self):
        for meeting in self:
            if meeting.state != "review":
                raise UserError(
                    self.env._(
                        "Only a meeting under review can have its report published (%(name)s).",
                        name=meeting.display_name,
                    )
                )
            if not meeting.can_publish:
                raise AccessError(
                    self.env._(
                        "Only the initiator or a meeting administrator can publish the report "
                        "of %(name)s.",
                        name=meeting.display_name,
                    )
                )

    def _check_feedback_open(self):
        for meeting in self:
            if meeting.state != "review":
                raise UserError(
                    self.env._(
                        "The survey of %(name)s is not open: answers are collected while the "
                        "meeting is under review.",
                        name=meeting.display_name,
                    )
                )

    def _check_can_record_feedback(self):
        is_coordinator = self.env.user.has_group("meeting_management.group_meeting_coordinator")
        for meeting in self:
            if not (is_coordinator or self.env.user in meeting.initiator_id | meeting.executor_id):
                raise AccessError(
                    self.env._(
                        "Only the meeting's staff can record survey answers for %(name)s.",
                        name=meeting.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_finish(self):
        """In progress → review: draft the report and send every attendee their survey link."""
        self._check_can_finish()
        self._set_state("review")
        for meeting in self:
            meeting._draft_report_texts()
            meeting._send_feedback_invitations()
        return True

    def action_draft_suggestions(self):
        """Re-draft the summary and suggestions from the current data (overwrites them)."""
        for meeting in self:
            if meeting.state not in ("in_progress", "review"):
                raise UserError(
                    self.env._("Suggestions are drafted while the meeting is reviewed.")
                )
            meeting._draft_report_texts(force=True)
        return True

    def action_publish_report(self):
        """Review → closed: archive the PDF and workbook on the meeting and mail them."""
        self._check_can_publish()
        for meeting in self:
            attachments = meeting._create_report_attachments()
            meeting._set_state(
                "closed",
                report_published_date=fields.Datetime.now(),
                report_published_by_id=self.env.uid,
                report_pdf_id=attachments[0].id,
                report_xlsx_id=attachments[1].id,
            )
            meeting._send_report_publication(attachments)
        return True

    def action_export_report_pdf(self):
        self.ensure_one()
        return self.env.ref("meeting_management.action_report_meeting_monitoring").report_action(
            self
        )

    def action_export_report_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting/report/{self.id}/xlsx",
            "target": "download",
        }

    def action_view_feedback(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_feedback_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id}
        return action

    def action_record_paper_feedback(self):
        self.ensure_one()
        self._check_feedback_open()
        self._check_can_record_feedback()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Paper Answer"),
            "res_model": "meeting.feedback.paper.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    # ------------------------------------------------------------------
    # Business methods: survey invitations
    # ------------------------------------------------------------------
    def _send_feedback_invitations(self):
        self.ensure_one()
        # sudo: e-mail addresses are restricted to coordinators, and the initiator may finish
        attendees = (
            self.attendee_ids.sudo()
            .filtered(
                lambda a: a.email and not a.feedback_invited and a.invitation_state != "declined"
            )
            .sudo(False)
        )
        if not attendees:
            return
        attendees._ensure_feedback_token()
        # The caller passed _check_can_finish. Each link goes to its attendee only: no copy
        # stays on a thread the initiator or the check-in staff can read.
        attendees._send_personal_mail("meeting_management.mail_template_feedback_invitation")
        # sudo: the attendees' chatter and the flag are written for the finishing user, who
        # may be the initiator without write access to every attendee.
        attendees_sudo = attendees.sudo()
        attendees_sudo._message_log_batch(
            bodies={
                attendee.id: self.env._(
                    "Survey invitation sent to %(email)s.", email=attendee.email
                )
                for attendee in attendees_sudo
            }
        )
        attendees_sudo.write({"feedback_invited": True})
        self.message_post(
            body=self.env._("Survey links sent to %(count)s attendees.", count=len(attendees)),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Business methods: suggestions
    # ------------------------------------------------------------------
    def _get_improvement_suggestions(self):
        """Suggestions drafted from the data, in the user's language (list of str)."""
        self.ensure_one()
        target = {key: self._kpi_target(key) for key in KPI_TARGETS}
        suggestions = []
        incidents = self.incident_ids
        device_type = self.env.ref(
            "meeting_management.incident_type_device", raise_if_not_found=False
        )
        # the device-failure type, or a device named in an incident of another type
        device_incidents = incidents.filtered(
            lambda i: (
                (device_type and i.type_id == device_type)
                or any(
                    word in f"{i.name} {i.description or ''} {i.cause or ''}".lower()
                    for word in DEVICE_WORDS
                )
            )
        )
        if device_incidents:
            suggestions.append(
                self.env._(
                    "Add a full equipment test before the meeting (including backup devices): "
                    "%(count)s equipment incident(s) occurred.",
                    count=len(device_incidents),
                )
            )
        if self.kpi_feedback_count:
            aspect_scores = {
                "agenda": self.kpi_satisfaction_agenda,
                "venue": self.kpi_satisfaction_venue,
                "catering": self.kpi_satisfaction_catering,
                "service": self.kpi_satisfaction_service,
            }
            advice = {
                "agenda": self.env._(
                    "Tighten the agenda and keep sessions to their planned length."
                ),
                "venue": self.env._("Review the venue's layout, capacity and signage earlier."),
                "catering": self.env._(
                    "Confirm special dietary needs earlier (3 days ahead) and plan a 10% margin."
                ),
                "service": self.env._(
                    "Brief the on-site service staff and reinforce the reception desk."
                ),
            }
            labels = dict(self._fields["kpi_lowest_aspect"]._description_selection(self.env))
            for aspect, score in sorted(aspect_scores.items(), key=lambda kv: kv[1]):
                if score and score < target["satisfaction"]:
                    suggestions.append(
                        self.env._(
                            "%(aspect)s scored %(score).1f: %(advice)s",
                            aspect=labels[aspect],
                            score=score,
                            advice=advice[aspect],
                        )
                    )
        if self.kpi_task_late_count:
            suggestions.append(
                self.env._(
                    "Set earlier internal deadlines and supplier buffers: %(count)s preparation "
                    "task(s) finished late.",
                    count=self.kpi_task_late_count,
                )
            )
        if self.kpi_agenda_item_count and (
            self.kpi_agenda_completion < target["agenda_completion"]
            or self.kpi_agenda_deviation > target["agenda_deviation"]
        ):
            suggestions.append(
                self.env._(
                    "Plan buffer time between sessions and give the host a visible countdown."
                )
            )
        if self.kpi_incident_count and self.kpi_incident_timeliness < target["incident_timeliness"]:
            suggestions.append(
                self.env._(
                    "Name an on-call handler per incident type and test the alert chain before "
                    "the meeting."
                )
            )
        if self.kpi_budget_planned and abs(self.kpi_budget_variance) > target["budget_variance"]:
            suggestions.append(
                self.env._(
                    "Review the budget lines with finance: the actual cost differs from the "
                    "plan by %(variance).1f%%.",
                    variance=self.kpi_budget_variance,
                )
            )
        if self.kpi_attendance_expected and self.kpi_attendance_rate < target["attendance"]:
            suggestions.append(
                self.env._("Send a reminder and confirm attendance the day before the meeting.")
            )
        for objective in self.objective_ids.filtered(
            lambda o: o.target_value and o.attainment < 100.0
        ):
            suggestions.append(
                self.env._(
                    "Follow up the objective “%(name)s” after the meeting (%(attainment).0f%% of "
                    "the target).",
                    name=objective.name,
                    attainment=objective.attainment,
                )
            )
        return suggestions

    def _draft_report_texts(self, force=False):
        self.ensure_one()
        vals = {}
        if force or is_html_empty(self.report_suggestions):
            items = self._get_improvement_suggestions() or [
                self.env._("All targets were met: keep the same preparation plan.")
            ]
            vals["report_suggestions"] = Markup("<ol>%s</ol>") % Markup("").join(
                Markup("<li>%s</li>") % item for item in items
            )
        if force or is_html_empty(self.report_summary):
            vals["report_summary"] = Markup("<p>%s</p>") % self.env._(
                "%(name)s: %(checked)s of %(expected)s expected attendees checked in; "
                "agenda completion %(agenda).0f%%; satisfaction %(satisfaction).1f / 5; "
                "%(incidents)s incident(s); %(met)s of 8 KPIs met.",
                name=self.name,
                checked=self.kpi_attendance_checked_in,
                expected=self.kpi_attendance_expected,
                agenda=self.kpi_agenda_completion,
                satisfaction=self.kpi_satisfaction,
                incidents=self.kpi_incident_count,
                met=self.kpi_met_count,
            )
        if vals:
            self.write(vals)

    # ------------------------------------------------------------------
    # Business methods: report data (queries bounded, independent of attendees)
    # ------------------------------------------------------------------
    def _format_dt(self, value, dt_format="short"):
        if not value:
            return ""
        tz = self.initiator_id.tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=dt_format)

    @api.model
    def _format_duration(self, minutes):
        minutes = round(minutes)
        if abs(minutes) >= 60 and minutes % 60 == 0:
            return self.env._("%(hours)s h", hours=minutes // 60)
        if abs(minutes) >= 60:
            return self.env._(
                "%(hours)s h %(minutes)s min", hours=minutes // 60, minutes=minutes % 60
            )
        return self.env._("%(minutes)s min", minutes=minutes)

    def _get_kpi_rows(self):
        """The 8 KPIs as rows: label, value (number), display, target display, status."""
        self.ensure_one()
        target = {key: self._kpi_target(key) for key in KPI_TARGETS}
        status_labels = dict(
            self._fields["kpi_satisfaction_status"]._description_selection(self.env)
        )
        rows = [
            (
                "agenda_completion",
                self.env._("Agenda completion"),
                self.kpi_agenda_completion,
                "%",
                self.env._("≥ %(target).0f%%", target=target["agenda_completion"]),
                self.kpi_agenda_completion_status,
            ),
            (
                "agenda_deviation",
                self.env._("Agenda deviation"),
                self.kpi_agenda_deviation,
                "min",
                self.env._("≤ %(target).0f min", target=target["agenda_deviation"]),
                self.kpi_agenda_deviation_status,
            ),
            (
                "satisfaction",
                self.env._("Attendee satisfaction"),
                self.kpi_satisfaction,
                "/5",
                self.env._("≥ %(target).1f / 5", target=target["satisfaction"]),
                self.kpi_satisfaction_status,
            ),
            (
                "incident_timeliness",
                self.env._("Incident response timeliness"),
                self.kpi_incident_timeliness,
                "%",
                self.env._("≥ %(target).0f%%", target=target["incident_timeliness"]),
                self.kpi_incident_timeliness_status,
            ),
            (
                "objective_attainment",
                self.env._("Objective attainment (average)"),
                self.kpi_objective_attainment,
                "%",
                self.env._("≥ %(target).0f%%", target=target["objective_attainment"]),
                self.kpi_objective_attainment_status,
            ),
            (
                "preparation_ontime",
                self.env._("Preparation on time"),
                self.kpi_preparation_ontime,
                "%",
                self.env._("≥ %(target).0f%%", target=target["preparation_ontime"]),
                self.kpi_preparation_ontime_status,
            ),
            (
                "budget_variance",
                self.env._("Budget variance"),
                self.kpi_budget_variance,
                "%",
                self.env._("within ±%(target).0f%%", target=target["budget_variance"]),
                self.kpi_budget_variance_status,
            ),
            (
                "attendance",
                self.env._("Attendance"),
                self.kpi_attendance_rate,
                "%",
                self.env._("≥ %(target).0f%%", target=target["attendance"]),
                self.kpi_attendance_status,
            ),
        ]
        result = []
        for key, label, value, unit, target_display, status in rows:
            if unit == "/5":
                display = f"{value:.1f} / 5"
            elif unit == "min":
                display = self.env._("%(value).0f min", value=value)
            else:
                display = f"{value:.1f}%".replace(".0%", "%")
            result.append(
                {
                    "key": key,
                    "label": label,
                    "value": value,
                    "unit": unit,
                    "display": display,
                    "target": target_display,
                    "status": status or "na",
                    "status_label": status_labels.get(status or "na"),
                }
            )
        return result

    def _get_monitoring_report_data(self):
        """Everything the monitoring report (模板4) shows, for the PDF and the workbook.

        The number of queries does not depend on the number of attendees or answers:
        attendees and answers are aggregated in SQL, the other lines are fetched in one
        search each.
        """
        self.ensure_one()
        # Plan vs execution: preparation nodes
        tasks = self.env["meeting.task"].search_fetch(
            [("meeting_id", "=", self.id)],
            ["name", "user_id", "date_deadline", "date_done", "state", "is_milestone"],
        )
        task_states = dict(
            self.env["meeting.task"]._fields["state"]._description_selection(self.env)
        )
        delays = []
        task_rows = []
        for task in tasks:
            late_minutes = task._meeting_report_late_minutes()
            row = {
                "name": task.name,
                "owner": task.user_id.name or "",
                "deadline": task.date_deadline,
                "deadline_display": self._format_dt(task.date_deadline),
                "done": task.date_done,
                "done_display": self._format_dt(task.date_done),
                "state": task_states.get(task.state, task.state),
                "is_milestone": task.is_milestone,
                "late_minutes": late_minutes,
                "closed": task.state == "done",
            }
            task_rows.append(row)
            if late_minutes > 0:
                row["delay_display"] = self._format_duration(late_minutes)
                delays.append(row)
        done_count = sum(1 for t in tasks if t.state == "done")
        # Agenda
        items = self.env["meeting.agenda.item"].search_fetch(
            [("meeting_id", "=", self.id)],
            ["name", "date_start", "date_end", "actual_start", "actual_end", "state", "user_id"],
        )
        agenda_states = dict(
            self.env["meeting.agenda.item"]._fields["state"]._description_selection(self.env)
        )
        agenda_rows = []
        for item in items:
            planned = (item.date_end - item.date_start).total_seconds() / 60.0
            actual = (
                (item.actual_end - item.actual_start).total_seconds() / 60.0
                if item.actual_start and item.actual_end
                else 0.0
            )
            agenda_rows.append(
                {
                    "name": item.name,
                    "owner": item.user_id.name or "",
                    "planned_display": f"{self._format_dt(item.date_start, 'HH:mm')}"
                    f"–{self._format_dt(item.date_end, 'HH:mm')}",
                    "actual_display": f"{self._format_dt(item.actual_start, 'HH:mm')}"
                    f"–{self._format_dt(item.actual_end, 'HH:mm')}"
                    if item.actual_start
                    else "",
                    "planned_minutes": planned,
                    "actual_minutes": actual,
                    "deviation_minutes": actual - planned if actual else 0.0,
                    "state": agenda_states.get(item.state, item.state),
                }
            )
        # Incidents
        incidents = self.env["meeting.incident"].search_fetch(
            [("meeting_id", "=", self.id)],
            [
                "name",
                "description",
                "impact",
                "cause",
                "resolution",
                "handler_id",
                "date_reported",
                "date_responded",
                "date_resolved",
                "sla_deadline",
                "state",
            ],
            order="date_reported, id",
        )
        incident_states = dict(
            self.env["meeting.incident"]._fields["state"]._description_selection(self.env)
        )
        incident_rows = []
        for incident in incidents:
            response = (
                (incident.date_responded - incident.date_reported).total_seconds() / 60.0
                if incident.date_responded
                else None
            )
            incident_rows.append(
                {
                    "name": incident.name,
                    "description": incident.description or "",
                    "impact": incident.impact or "",
                    "cause": incident.cause or "",
                    "resolution": incident.resolution or "",
                    "handler": incident.handler_id.name or "",
                    "reported_display": self._format_dt(incident.date_reported),
                    "response_minutes": response,
                    "timely": bool(
                        incident.date_responded
                        and (
                            not incident.sla_deadline
                            or incident.date_responded <= incident.sla_deadline
                        )
                    ),
                    "state": incident_states.get(incident.state, incident.state),
                }
            )
        # Objectives and budget (few lines)
        objective_rows = [
            {
                "name": objective.name,
                "target": objective.target_value,
                "actual": objective.actual_value,
                "unit": objective.unit or "",
                "attainment": objective.attainment,
            }
            for objective in self.objective_ids
        ]
        category_labels = dict(
            self.env["meeting.budget.line"]._fields["category"]._description_selection(self.env)
        )
        budget_rows = [
            {
                "category": category_labels.get(line.category, line.category),
                "name": line.name or "",
                "planned": line.amount_planned,
                "actual": line.amount_actual,
                "variance": line.variance,
                "variance_percent": line.variance_percent,
                "reason": line.variance_reason or "",
            }
            for line in self.budget_line_ids
        ]
        aspect_labels = dict(self._fields["kpi_lowest_aspect"]._description_selection(self.env))
        aspect_rows = [
            {"key": key, "label": aspect_labels[key], "score": self[f"kpi_satisfaction_{key}"]}
            for key, _label in ASPECTS
        ]
        suggestions_text = html2plaintext(self.report_suggestions or "")
        return {
            "meeting": self,
            "title": self.env._("%(name)s – Execution Monitoring Report", name=self.name),
            "basic": {
                "name": self.name,
                "reference": self.reference,
                "type": self.type_id.name,
                "date_display": f"{self._format_dt(self.date_start)} – "
                f"{self._format_dt(self.date_end)}",
                "venue": self.venue or "",
                "initiator": self.initiator_id.name,
                "executor": self.executor_id.name or "",
                "department": self.department_id.name or "",
                "expected_internal": self.expected_internal_count,
                "expected_external": self.expected_external_count,
                "expected": self.kpi_attendance_expected,
                "checked_in": self.kpi_attendance_checked_in,
                "attendance_rate": self.kpi_attendance_rate,
            },
            "tasks": task_rows,
            "task_count": len(tasks),
            "task_done_count": done_count,
            "delays": delays,
            "agenda": agenda_rows,
            "incidents": incident_rows,
            "objectives": objective_rows,
            "budget": budget_rows,
            "aspects": aspect_rows,
            "lowest_aspect": aspect_labels.get(self.kpi_lowest_aspect, ""),
            "kpis": self._get_kpi_rows(),
            "suggestions_html": self.report_suggestions or "",
            "suggestions_lines": [
                line.strip() for line in suggestions_text.splitlines() if line.strip()
            ],
            "summary_html": self.report_summary or "",
            "charts": {
                "agenda": self._svg_bar_chart(
                    [row["name"] for row in agenda_rows],
                    [
                        (
                            self.env._("Planned (min)"),
                            "#4e79a7",
                            [r["planned_minutes"] for r in agenda_rows],
                        ),
                        (
                            self.env._("Actual (min)"),
                            "#f28e2b",
                            [r["actual_minutes"] for r in agenda_rows],
                        ),
                    ],
                ),
                "satisfaction": self._svg_bar_chart(
                    [row["label"] for row in aspect_rows],
                    [
                        (
                            self.env._("Average score"),
                            "#59a14f",
                            [row["score"] for row in aspect_rows],
                        )
                    ],
                    max_value=5.0,
                ),
                "budget": self._svg_bar_chart(
                    [row["category"] for row in budget_rows],
                    [
                        (self.env._("Planned"), "#4e79a7", [row["planned"] for row in budget_rows]),
                        (self.env._("Actual"), "#e15759", [row["actual"] for row in budget_rows]),
                    ],
                ),
            },
        }

    @api.model
    def _svg_bar_chart(self, labels, series, max_value=None, width=640):
        """A horizontal grouped bar chart as inline SVG (rendered by wkhtmltopdf and browsers).

        :param labels: category labels
        :param series: list of (name, colour, values)
        """
        if not labels:
            return Markup("")
        bar_h, gap, label_w, value_w = 14, 10, 170, 70
        group_h = bar_h * len(series) + gap
        legend_h = 22
        height = legend_h + group_h * len(labels) + 6
        peak = max_value or max([v for _n, _c, values in series for v in values] + [1.0]) or 1.0
        plot_w = width - label_w - value_w
        parts = [
            Markup(
                '<svg xmlns="http://www.w3.org/2000/svg" width="%(w)s" height="%(h)s" '
                'viewBox="0 0 %(w)s %(h)s" font-family="sans-serif" font-size="11" '
                'class="o_meeting_chart">'
            )
            % {"w": width, "h": height}
        ]
        x = label_w
        for name, colour, _values in series:
            parts.append(
                Markup(
                    '<rect x="%s" y="4" width="10" height="10" fill="%s"/>'
                    '<text x="%s" y="13">%s</text>'
                )
                % (x, colour, x + 14, name)
            )
            x += 24 + 7 * len(str(name))
        for index, label in enumerate(labels):
            top = legend_h + index * group_h
            text = str(label)
            if len(text) > 26:
                text = text[:25] + "…"
            parts.append(
                Markup('<text x="%s" y="%s" text-anchor="end">%s</text>')
                % (label_w - 6, top + bar_h * len(series) / 2 + 4, text)
            )
            for s_index, (_name, colour, values) in enumerate(series):
                value = values[index] or 0.0
                bar_w = max(0.0, min(1.0, value / peak)) * plot_w
                y = top + s_index * bar_h
                parts.append(
                    Markup(
                        '<rect x="%s" y="%s" width="%.1f" height="%s" fill="%s"/>'
                        '<text x="%.1f" y="%s">%s</text>'
                    )
                    % (
                        label_w,
                        y,
                        bar_w,
                        bar_h - 2,
                        colour,
                        label_w + bar_w + 4,
                        y + bar_h - 4,
                        f"{value:,.1f}" if value % 1 else f"{value:,.0f}",
                    )
                )
        parts.append(Markup("</svg>"))
        return Markup("").join(parts)

    # ------------------------------------------------------------------
    # Business methods: exports
    # ------------------------------------------------------------------
    def _report_filename(self, extension):
        self.ensure_one()
        safe = "".join(ch if ch.isalnum() or ch in " -_" else "_" for ch in self.name).strip()
        return f"{self.env._('Monitoring Report')} - {safe}.{extension}"

    def _generate_report_pdf(self):
        self.ensure_one()
        content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
            "meeting_management.action_report_meeting_monitoring", self.ids
        )
        return content

    def _generate_report_xlsx(self):
        """The monitoring report as an xlsx workbook (one sheet per section)."""
        self.ensure_one()
        return self.env["meeting.monitoring.report.xlsx"]._generate_workbook(self)

    def _create_report_attachments(self):
        self.ensure_one()
        pdf = self._generate_report_pdf()
        xlsx = self._generate_report_xlsx()
        Attachment = self.env["ir.attachment"]
        return Attachment.create(
            [
                {
                    "name": self._report_filename("pdf"),
                    "raw": pdf,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                },
                {
                    "name": self._report_filename("xlsx"),
                    "raw": xlsx,
                    "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "res_model": self._name,
                    "res_id": self.id,
                },
            ]
        )

    # ------------------------------------------------------------------
    # Business methods: recipients and mails
    # ------------------------------------------------------------------
    def _get_report_recipients(self):
        """Partners who receive the published report: management and involved departments."""
        self.ensure_one()
        company = self.company_id
        users = company.meeting_report_user_ids | company.meeting_report_group_ids.all_user_ids
        partners = users.filtered("active").partner_id | self.initiator_id.partner_id
        if company.meeting_report_notify_departments:
            # sudo: read the HR organisation (employees, departments, their managers) only to
            # find the managers' partners; nothing else is returned or shown.
            meeting = self.sudo()
            departments = meeting.department_id
            departments |= meeting.task_ids.user_id.employee_ids.department_id
            departments |= meeting.executor_id.employee_ids.department_id
            departments |= meeting.attendee_ids.employee_id.department_id
            partners |= departments.manager_id.user_id.partner_id
        return partners.filtered("email")

    def _send_report_publication(self, attachments):
        self.ensure_one()
        partners = self._get_report_recipients()
        template = self.env.ref("meeting_management.mail_template_report_published")
        # Archive on the chatter (a note with both files) ...
        self.message_post(
            body=self.env._(
                "Monitoring report published and sent to %(names)s.",
                names=", ".join(partners.mapped("name")) or "-",
            ),
            attachment_ids=attachments.ids,
            subtype_xmlid="mail.mt_note",
        )
        # ... and an e-mail to every recipient, whatever their notification preference.
        if partners:
            template.send_mail(
                self.id,
                email_values={
                    "recipient_ids": [(4, pid) for pid in partners.ids],
                    "attachment_ids": [(4, aid) for aid in attachments.ids],
                },
            )

    @api.model
    def _cron_send_management_summary(self):
        """Scheduled summary to management; each company at most once per period.

        The period start is claimed with a conditional UPDATE ... RETURNING, so two workers
        (or a manual run) never send the same summary twice.
        """
        # sudo: reads one setting
        frequency = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("meeting_management.summary_frequency", "weekly")
        )
        delta = {
            "daily": relativedelta(days=1),
            "weekly": relativedelta(weeks=1),
            "monthly": relativedelta(months=1),
        }.get(frequency, relativedelta(weeks=1))
        now = fields.Datetime.now()
        # a small tolerance so a cron that runs a few minutes early is not skipped
        threshold = now - delta + timedelta(minutes=30)
        template = self.env.ref("meeting_management.mail_template_management_summary")
        companies = self.env["res.company"].search([("active", "=", True)])
        for company in companies:
            self.env.cr.execute(
                """
                UPDATE res_company SET meeting_summary_last_sent = %s
                 WHERE id = %s
                   AND (meeting_summary_last_sent IS NULL OR meeting_summary_last_sent <= %s)
             RETURNING id
                """,
                (now, company.id, threshold),
            )
            if not self.env.cr.fetchone():
                continue
            company.invalidate_recordset(["meeting_summary_last_sent"])
            summary = self._get_management_summary(company, now - delta, now)
            users = company.meeting_report_user_ids | company.meeting_report_group_ids.all_user_ids
            partners = users.filtered("active").partner_id.filtered("email")
            if partners:
                template.with_context(summary=summary).send_mail(
                    company.id,
                    email_values={"recipient_ids": [(4, pid) for pid in partners.ids]},
                )
            if self.env.context.get("ir_cron_progress_id"):
                # inside the cron run: commit the claim and the mail together
                self.env["ir.cron"]._commit_progress(1)

    @api.model
    def _get_management_summary(self, company, date_from, date_to):
        """Meetings held in the period (with KPIs) and meetings in preparation (with risks)."""
        Meeting = self.env["meeting.meeting"].with_company(company)
        held = Meeting.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("review", "closed")),
                ("date_end", ">=", date_from),
                ("date_end", "<", date_to),
            ],
            order="date_start",
        )
        preparing = Meeting.search(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("approved", "in_progress")),
            ],
            order="date_start",
        )
        now = fields.Datetime.now()
        late_tasks = dict(
            self.env["meeting.task"]._read_group(
                [
                    ("meeting_id", "in", preparing.ids),
                    ("state", "!=", "done"),
                    ("date_deadline", "<", now),
                ],
                ["meeting_id"],
                ["__count"],
            )
        )
        open_incidents = dict(
            self.env["meeting.incident"]._read_group(
                [
                    ("meeting_id", "in", preparing.ids),
                    ("state", "in", ("reported", "in_progress", "external")),
                ],
                ["meeting_id"],
                ["__count"],
            )
        )
        return {
            "date_from": date_from,
            "date_to": date_to,
            "held": [
                {
                    "name": meeting.display_name,
                    "date": meeting._format_dt(meeting.date_start),
                    "kpis": meeting._get_kpi_rows(),
                    "met": meeting.kpi_met_count,
                }
                for meeting in held
            ],
            "preparing": [
                {
                    "name": meeting.display_name,
                    "date": meeting._format_dt(meeting.date_start),
                    "state": dict(self._fields["state"]._description_selection(self.env))[
                        meeting.state
                    ],
                    "late_tasks": late_tasks.get(meeting, 0),
                    "open_incidents": open_incidents.get(meeting, 0),
                }
                for meeting in preparing
            ],
        }

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    # (overall, agenda, venue, catering, service, suggestion): averages 4.6 overall,
    # agenda 4.7, venue 4.5, catering 4.2 (the lowest) and service 4.6, as in 模板4.
    _DEMO_ANSWERS = (
        (5, 5, 5, 5, 5, "新品讲解很清晰，期待下次。"),
        (5, 5, 5, 5, 5, False),
        (5, 5, 4, 4, 5, "分会场指引可以更明显。"),
        (5, 5, 5, 4, 5, False),
        (5, 5, 4, 4, 5, False),
        (5, 4, 5, 4, 4, "午餐素食不够，希望提前确认。"),
        (4, 5, 4, 4, 4, False),
        (4, 4, 5, 4, 5, "茶歇时间可以长一些。"),
        (4, 5, 4, 4, 4, False),
        (4, 4, 4, 4, 4, "素食餐不足，等了很久。"),
    )

    def _demo_seed_feedback(self):
        """Demo: survey answers for the seed meeting, on its first attendees.

        Uses the attendees other stages created when there are some; otherwise creates a few.
        """
        for meeting in self:
            attendees = meeting.attendee_ids.filtered(lambda a: not a.has_feedback)[:10]
            missing = len(self._DEMO_ANSWERS) - len(meeting.feedback_ids) - len(attendees)
            if missing > 0:
                attendees |= self.env["meeting.attendee"].create(
                    [
                        {
                            "meeting_id": meeting.id,
                            "name": f"经销商代表 {index + 1}",
                            "company_name": "示例经销商",
                            "email": f"dealer{index + 1}@example.com",
                            "phone": f"1380000{index + 1:04d}",
                            "is_checked_in": True,
                        }
                        for index in range(missing)
                    ]
                )
            todo = self._DEMO_ANSWERS[len(meeting.feedback_ids) :]
            vals_list = [
                {
                    "meeting_id": meeting.id,
                    "attendee_id": attendee.id,
                    "score_overall": answer[0],
                    "score_agenda": answer[1],
                    "score_venue": answer[2],
                    "score_catering": answer[3],
                    "score_service": answer[4],
                    "suggestions": answer[5],
                    "source": "online" if index % 4 else "paper",
                    "submitted_by_id": False
                    if index % 4
                    else (meeting.executor_id or self.env.user).id,
                }
                for index, (attendee, answer) in enumerate(zip(attendees, todo, strict=False))
            ]
            # sudo: demo data, loaded (not over RPC) whatever state the other stages' demo data
            # leave the seed meeting in; the paper answers name the executor who typed them.
            self.env["meeting.feedback"].sudo().create(vals_list)
