"""The meeting's KPIs: how each figure of the review is computed, its target and status."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from odoo import api, fields, models


class _Nullable:
    """A number whose "no data" is stored as NULL and read as ``False``, not 0.

    SQL aggregates skip NULL: the KPI analysis (pivot, graph, ``_read_group`` ``avg``)
    averages the meetings that have data only, instead of counting the others as 0.
    """

    falsy_value = None

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        return "" if value is None or value is False else value


class NullableFloat(_Nullable, fields.Float):
    """A float that may be missing (NULL, read as ``False``) rather than 0."""

    def convert_to_column(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)


class NullableMonetary(_Nullable, fields.Monetary):
    """A monetary amount that may be missing (NULL, read as ``False``) rather than 0."""

    def convert_to_column_insert(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column_insert(value, record, values, validate)


KPI_STATUS = [("met", "Met"), ("not_met", "Not Met"), ("na", "No Data")]

ASPECTS = [
    ("agenda", "Agenda"),
    ("venue", "Venue"),
    ("catering", "Catering"),
    ("service", "Service"),
]


@dataclass(frozen=True)
class Kpi:
    """One figure of the review (see KPIS)."""

    key: str  # the target's setting is ``meeting_management.kpi_<key>``
    value: str  # the field holding the meeting's value
    default: float  # the target when the setting is empty
    compare: str  # "at_least" / "at_most" the target, or "within" ± the target
    unit: str  # "%", "min" or "/5": how the value reads
    has_data: Callable  # meeting -> truthy when the meeting has data for this figure

    @property
    def status_field(self):
        return f"kpi_{self.key}_status"


# One definition per figure of the review: its value field, target setting and default, how
# the value meets the target, when there is data for it, and how it reads. The stored
# statuses, the settings' defaults, the report's KPI rows and the drafted suggestions all
# read this table; the values themselves come from the ``_compute_kpi_*`` methods below
# (attendance from ``meeting._get_attendance_counts()``, its one definition).
KPIS = (
    Kpi(
        "agenda_completion",
        "kpi_agenda_completion",
        95.0,
        "at_least",
        "%",
        lambda m: m.kpi_agenda_item_count,
    ),
    Kpi(
        "agenda_deviation",
        "kpi_agenda_deviation",
        15.0,
        "at_most",
        "min",
        lambda m: m.kpi_agenda_deviation is not False,
    ),
    Kpi("satisfaction", "kpi_satisfaction", 4.5, "at_least", "/5", lambda m: m.kpi_feedback_count),
    Kpi(
        "incident_timeliness",
        "kpi_incident_timeliness",
        90.0,
        "at_least",
        "%",
        # no incident: no response to time, no figure (never "met" by default)
        lambda m: m.kpi_incident_count,
    ),
    Kpi(
        "objective_attainment",
        "kpi_objective_attainment",
        100.0,
        "at_least",
        "%",
        lambda m: m.kpi_objective_attainment is not False,
    ),
    Kpi(
        "preparation_ontime",
        "kpi_preparation_ontime",
        98.0,
        "at_least",
        "%",
        # a figure once a task is finished (kpi_preparation_ontime is empty before)
        lambda m: m.kpi_preparation_ontime is not False,
    ),
    Kpi(
        "budget_variance",
        "kpi_budget_variance",
        5.0,
        "within",
        "%",
        lambda m: m.kpi_budget_variance is not False,
    ),
    Kpi(
        "attendance",
        "kpi_attendance_rate",
        90.0,
        "at_least",
        "%",
        lambda m: m.kpi_attendance_expected,
    ),
)
KPI_BY_KEY = {kpi.key: kpi for kpi in KPIS}
# Values are compared as they are shown: rounded to 0.1.
KPI_EPSILON = 1e-6

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


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    kpi_agenda_item_count = fields.Integer(
        string="Agenda Items", compute="_compute_kpi_agenda", store=True
    )
    kpi_agenda_completion = NullableFloat(
        string="Agenda Completion (%)",
        compute="_compute_kpi_agenda",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    kpi_agenda_deviation = NullableFloat(
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
    kpi_satisfaction = NullableFloat(
        string="Satisfaction",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_agenda = NullableFloat(
        string="Satisfaction: Agenda",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_venue = NullableFloat(
        string="Satisfaction: Venue",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_catering = NullableFloat(
        string="Satisfaction: Catering",
        compute="_compute_kpi_satisfaction",
        store=True,
        aggregator="avg",
        digits=(16, 2),
    )
    kpi_satisfaction_service = NullableFloat(
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
    kpi_incident_timeliness = NullableFloat(
        string="Incident Response Timeliness (%)",
        compute="_compute_kpi_incident",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Incidents answered before their response deadline, over all incidents.",
    )
    kpi_objective_attainment = NullableFloat(
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
    kpi_preparation_ontime = NullableFloat(
        string="Preparation On-time (%)",
        compute="_compute_kpi_preparation",
        store=True,
        aggregator="avg",
        digits=(16, 1),
    )
    kpi_budget_planned = fields.Monetary(
        string="Budget Planned", compute="_compute_kpi_budget", store=True
    )
    kpi_budget_actual = NullableMonetary(
        string="Budget Actual", compute="_compute_kpi_budget", store=True
    )
    kpi_budget_variance = NullableFloat(
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
    kpi_attendance_rate = NullableFloat(
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
    # The texts last drafted from the data: a summary or suggestion still equal to its draft
    # was not edited, and follows the data (report, publication).
    report_summary_draft = fields.Html(sanitize_style=True, readonly=True, copy=False)
    report_suggestions_draft = fields.Html(sanitize_style=True, readonly=True, copy=False)

    # ------------------------------------------------------------------
    # KPI computes
    # ------------------------------------------------------------------

    def _kpi_split(self):
        stored = self.filtered(lambda m: isinstance(m.id, int))
        return stored, self - stored

    @api.model
    def _kpi_target(self, key):
        """The target of the KPI ``key``: its setting, or the table's default."""
        # sudo: reads one configured KPI target
        param = self.env["ir.config_parameter"].sudo().get_param(f"meeting_management.kpi_{key}")
        try:
            return float(param) if param not in (None, False, "") else KPI_BY_KEY[key].default
        except ValueError:
            return KPI_BY_KEY[key].default

    def _kpi_is_met(self, kpi, target=None):
        """Whether the meeting's value of ``kpi`` meets its target (as the value is shown)."""
        self.ensure_one()
        target = self._kpi_target(kpi.key) if target is None else target
        value = round(self[kpi.value] or 0.0, 1)
        if kpi.compare == "at_least":
            return value + KPI_EPSILON >= target
        if kpi.compare == "at_most":
            return value <= target + KPI_EPSILON
        return abs(value) <= target + KPI_EPSILON

    def _kpi_status(self, kpi, target=None):
        """met / not_met / na (no data yet) of ``kpi`` for the meeting."""
        self.ensure_one()
        if not kpi.has_data(self):
            return "na"
        return "met" if self._kpi_is_met(kpi, target) else "not_met"

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
            # no data is no figure (False, NULL in the database), never a 0
            meeting.kpi_agenda_completion = len(done) / len(items) * 100.0 if items else False
            meeting.kpi_agenda_deviation = (
                round(deviation / 60.0) if items.filtered("actual_start") else False
            )

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
            # without answers the scores are missing (False), not 0
            meeting.kpi_satisfaction = overall if count else False
            meeting.kpi_satisfaction_agenda = agenda if count else False
            meeting.kpi_satisfaction_venue = venue if count else False
            meeting.kpi_satisfaction_catering = catering if count else False
            meeting.kpi_satisfaction_service = service if count else False
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
                in_time[key] / totals[key] * 100.0 if totals[key] else False
            )

    @api.depends("objective_ids.attainment", "objective_ids.actual_value")
    def _compute_kpi_objective(self):
        for meeting in self:
            # objectives without an actual value are not reported yet: left out of the
            # average (missing, not 0 %); none reported: no figure
            reported = meeting.objective_ids.filtered(lambda o: o.target_value and o.actual_value)
            meeting.kpi_objective_attainment = (
                sum(reported.mapped("attainment")) / len(reported) if reported else False
            )

    @api.depends("task_ids.state", "task_ids.date_done", "task_ids.date_deadline")
    def _compute_kpi_preparation(self):
        counts = self._get_preparation_counts()
        for meeting in self:
            row = counts.get(meeting._origin.id) or {}
            meeting.kpi_task_count = row.get("total", 0)
            meeting.kpi_task_late_count = row.get("late", 0)
            # no task finished yet: no on-time rate (empty, "no data"), not 0 %
            meeting.kpi_preparation_ontime = row["ontime_rate"] if row.get("done") else False

    @api.depends("budget_line_ids.amount_planned", "budget_line_ids.amount_actual")
    def _compute_kpi_budget(self):
        """Planned total; actual total and variance over the lines whose actual is entered
        (a line without an actual is missing, not spent at 0)."""
        for meeting in self:
            lines = meeting.budget_line_ids
            with_actual = lines.filtered(lambda line: line.amount_actual is not False)
            planned = sum(lines.mapped("amount_planned"))
            planned_reported = sum(with_actual.mapped("amount_planned"))
            actual = sum(with_actual.mapped("amount_actual"))
            meeting.kpi_budget_planned = planned
            meeting.kpi_budget_actual = actual if with_actual else False
            meeting.kpi_budget_variance = (
                (actual - planned_reported) / planned_reported * 100.0
                if with_actual and planned_reported
                else False
            )

    @api.depends("attendee_ids.is_checked_in", "attendee_ids.invitation_state")
    def _compute_kpi_attendance(self):
        counts = self._get_attendance_counts()
        target = self._kpi_target("attendance")
        for meeting in self:
            row = counts.get(meeting._origin.id) or {"expected": 0, "checked_in": 0}
            expected, checked_in = row["expected"], row["checked_in"]
            rate = checked_in / expected * 100.0 if expected else False
            meeting.kpi_attendance_expected = expected
            meeting.kpi_attendance_checked_in = checked_in
            meeting.kpi_attendance_rate = rate
            meeting.kpi_attendance_status = meeting._kpi_status(KPI_BY_KEY["attendance"], target)

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
        for meeting in self:
            meeting.kpi_met_count = sum(1 for kpi in KPIS if meeting[kpi.status_field] == "met")

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
        """The stored met / not met flags, from the KPI table (attendance is not stored)."""
        stored = [kpi for kpi in KPIS if self._fields[kpi.status_field].store]
        targets = {kpi.key: self._kpi_target(kpi.key) for kpi in stored}
        for meeting in self:
            meeting.update(
                {kpi.status_field: meeting._kpi_status(kpi, targets[kpi.key]) for kpi in stored}
            )

    def _recompute_kpi_status(self):
        """Targets changed in the settings: refresh the stored met / not met flags."""
        fnames = [kpi.status_field for kpi in KPIS if self._fields[kpi.status_field].store]
        for fname in fnames:
            self.env.add_to_compute(self._fields[fname], self)
        self._recompute_recordset(fnames)

    # ------------------------------------------------------------------
    # How the KPIs read: report rows and drafted suggestions
    # ------------------------------------------------------------------
    def _kpi_label(self, kpi):
        return {
            "agenda_completion": self.env._("Agenda completion"),
            "agenda_deviation": self.env._("Agenda deviation"),
            "satisfaction": self.env._("Attendee satisfaction"),
            "incident_timeliness": self.env._("Incident response timeliness"),
            "objective_attainment": self.env._("Objective attainment (average)"),
            "preparation_ontime": self.env._("Preparation on time"),
            "budget_variance": self.env._("Budget variance"),
            "attendance": self.env._("Attendance"),
        }[kpi.key]

    def _kpi_target_display(self, kpi, target):
        if kpi.compare == "within":
            return self.env._("within ±%(target).0f%%", target=target)
        if kpi.unit == "/5":
            return self.env._("≥ %(target).1f / 5", target=target)
        if kpi.unit == "min":
            return self.env._("≤ %(target).0f min", target=target)
        return self.env._("≥ %(target).0f%%", target=target)

    def _kpi_value_display(self, kpi, value):
        if kpi.unit == "/5":
            return f"{value:.1f} / 5"
        if kpi.unit == "min":
            return self.env._("%(value).0f min", value=value)
        return f"{value:.1f}%".replace(".0%", "%")

    def _get_kpi_rows(self):
        """The KPIs as the report shows them: label, value, display, target, status."""
        self.ensure_one()
        status_labels = dict(
            self._fields["kpi_satisfaction_status"]._description_selection(self.env)
        )
        rows = []
        for kpi in KPIS:
            target = self._kpi_target(kpi.key)
            value = self[kpi.value]
            status = self[kpi.status_field] or "na"
            missing = value is False
            rows.append(
                {
                    "key": kpi.key,
                    "label": self._kpi_label(kpi),
                    # no data: None (an empty cell, "—"), never 0
                    "value": None if missing else value,
                    "unit": kpi.unit,
                    "display": "—" if missing else self._kpi_value_display(kpi, value),
                    "target": self._kpi_target_display(kpi, target),
                    "status": status,
                    "status_label": status_labels.get(status),
                }
            )
        return rows

    def _get_improvement_suggestions(self):
        """Suggestions drafted from the data, in the user's language (list of str): what the
        equipment incidents call for, then each missed KPI in the table's order."""
        self.ensure_one()
        suggestions = self._suggest_equipment_test()
        for kpi in KPIS:
            suggest = getattr(self, f"_suggest_{kpi.key}", None)
            if suggest:
                suggestions += suggest(kpi, self._kpi_target(kpi.key))
        return suggestions

    def _suggest_equipment_test(self):
        device_type = self.env.ref(
            "meeting_management.incident_type_device", raise_if_not_found=False
        )
        # the device-failure type, or a device named in an incident of another type
        device_incidents = self.incident_ids.filtered(
            lambda i: (
                (device_type and i.type_id == device_type)
                or any(
                    word in f"{i.name} {i.description or ''} {i.cause or ''}".lower()
                    for word in DEVICE_WORDS
                )
            )
        )
        if not device_incidents:
            return []
        return [
            self.env._(
                "Add a full equipment test before the meeting (including backup devices): "
                "%(count)s equipment incident(s) occurred.",
                count=len(device_incidents),
            )
        ]

    def _suggest_agenda_completion(self, kpi, target):
        deviation = KPI_BY_KEY["agenda_deviation"]
        if "not_met" not in (self._kpi_status(kpi, target), self._kpi_status(deviation)):
            return []
        return [
            self.env._("Plan buffer time between sessions and give the host a visible countdown.")
        ]

    def _suggest_satisfaction(self, kpi, target):
        if not self.kpi_feedback_count:
            return []
        advice = {
            "agenda": self.env._("Tighten the agenda and keep sessions to their planned length."),
            "venue": self.env._("Review the venue's layout, capacity and signage earlier."),
            "catering": self.env._(
                "Confirm special dietary needs earlier (3 days ahead) and plan a 10% margin."
            ),
            "service": self.env._(
                "Brief the on-site service staff and reinforce the reception desk."
            ),
        }
        labels = dict(self._fields["kpi_lowest_aspect"]._description_selection(self.env))
        scores = {aspect: self[f"kpi_satisfaction_{aspect}"] for aspect, _label in ASPECTS}
        return [
            self.env._(
                "%(aspect)s scored %(score).1f: %(advice)s",
                aspect=labels[aspect],
                score=score,
                advice=advice[aspect],
            )
            for aspect, score in sorted(scores.items(), key=lambda kv: kv[1])
            if score and score < target
        ]

    def _suggest_incident_timeliness(self, kpi, target):
        if self._kpi_status(kpi, target) != "not_met":
            return []
        return [
            self.env._(
                "Name an on-call handler per incident type and test the alert chain before the "
                "meeting."
            )
        ]

    def _suggest_objective_attainment(self, kpi, target):
        return [
            self.env._(
                "Follow up the objective “%(name)s” after the meeting (%(attainment).0f%% of the "
                "target).",
                name=objective.name,
                attainment=objective.attainment,
            )
            for objective in self.objective_ids
            if objective.target_value and objective.actual_value and objective.attainment < 100.0
        ]

    def _suggest_preparation_ontime(self, kpi, target):
        if not self.kpi_task_late_count or self._kpi_status(kpi, target) == "na":
            return []
        return [
            self.env._(
                "Set earlier internal deadlines and supplier buffers: %(count)s preparation "
                "task(s) finished late.",
                count=self.kpi_task_late_count,
            )
        ]

    def _suggest_budget_variance(self, kpi, target):
        if self._kpi_status(kpi, target) != "not_met":
            return []
        return [
            self.env._(
                "Review the budget lines with finance: the actual cost differs from the plan by "
                "%(variance).1f%%.",
                variance=self.kpi_budget_variance,
            )
        ]

    def _suggest_attendance(self, kpi, target):
        if self._kpi_status(kpi, target) != "not_met":
            return []
        return [self.env._("Send a reminder and confirm attendance the day before the meeting.")]
