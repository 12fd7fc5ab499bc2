"""The meeting (会议): its plan, the approval round, the execution plan, the day and the review.

One model in one sectioned file: fields by stage of the meeting, then computes, constraints,
the ORM overrides, the actions, the guards and the business methods. The KPIs are computed in
``meeting_meeting_kpi.py``; the data of the printed reports and workbooks is in ``report/``.
"""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, format_datetime

from .meeting_approval import format_due
from .rpc_args import check_record_ids, get_base64, get_id, get_optional_text

MEETING_STATES = [
    ("draft", "Draft"),
    ("resource_review", "Resource Review"),
    ("manager_approval", "Manager Approval"),
    ("approved", "Approved"),
    ("in_progress", "In Progress"),
    ("review", "Review"),
    ("closed", "Closed"),
    ("rejected", "Rejected"),
    ("cancelled", "Cancelled"),
]

# Plan fields frozen once the plan leaves draft/rejected (changed only through a change
# request that goes back through approval).
LOCKED_FIELDS = frozenset(
    {"name", "type_id", "date_start", "date_end", "venue", "budget_total", "currency_id"}
)

EDITABLE_STATES = ("draft", "rejected")
CANCELLABLE_STATES = ("draft", "resource_review", "manager_approval", "approved", "rejected")

# Fields only the workflow writes (through ``_set_state`` and the approval flow).
FLOW_FIELDS = frozenset(
    {
        "state",
        "approval_round",
        "date_approved",
        "change_reason",
        "calendar_event_id",
        "report_published_date",
        "report_published_by_id",
        "report_pdf_id",
        "report_xlsx_id",
    }
)

# Meetings that hold their slot (venue, people) for the conflict check.
ACTIVE_STATES = ("resource_review", "manager_approval", "approved", "in_progress")
# A meeting's slot as a time range, the expression of the GiST index _slot_range_idx (a range
# cannot end before it starts: GREATEST keeps a row saved before the dates check valid)
SLOT_RANGE = SQL("tsrange(date_start, GREATEST(date_start, date_end))")

PLAN_STATES = ("approved", "in_progress", "review")
PREPARATION_KEYS = ("total", "done", "late", "due", "done_on_time", "ontime_rate")

# The workflow in one table: each action of the meeting, the states it may be taken from and
# who may take it. Roles are the current user's relation to the meeting (see
# ``_get_workflow_roles``): the initiator, the executor, the host (the executor, or the
# initiator of a meeting without one), any coordinator; a meeting administrator may take
# every action. The approval steps have their own reviewers (``meeting.approval``). Every
# action guard (``_check_workflow``) and every ``can_*`` field reads this table.
WORKFLOW = {
    "submit": {"from": EDITABLE_STATES, "roles": ("initiator",)},
    "request_change": {"from": ("approved",), "roles": ("initiator",)},
    "cancel": {"from": CANCELLABLE_STATES, "roles": ("initiator",)},
    "reset_to_draft": {"from": ("rejected", "cancelled"), "roles": ("initiator",)},
    "generate_tasks": {"from": PLAN_STATES, "roles": ("executor",)},
    "start": {"from": ("approved",), "roles": ("host",)},
    "run_day": {"from": ("in_progress",), "roles": ("host",)},
    "finish": {"from": ("in_progress",), "roles": ("initiator", "executor")},
    "record_feedback": {"from": ("review",), "roles": ("initiator", "executor", "coordinator")},
    "publish": {"from": ("review",), "roles": ("initiator",)},
}

ONSITE_NOTIFICATION = "meeting_management.onsite/update"

# Fields of a closed meeting (and its lines) that anyone may still write.
HARMLESS_PREFIXES = ("message_", "activity_", "website_message")

HARMLESS_FIELDS = {"is_follower", "has_message", "has_feedback"}


def _harmless(vals):
    return all(fname.startswith(HARMLESS_PREFIXES) or fname in HARMLESS_FIELDS for fname in vals)


def _minutes(start, end):
    if not start or not end:
        return 0
    return round((end - start).total_seconds() / 60)


class MeetingMeeting(models.Model):
    _name = "meeting.meeting"
    _description = "Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    # Reviewers, approvers and attendees read the meeting but may not edit it: they still
    # discuss it and the approval flow logs their decisions in its chatter.
    _mail_post_access = "read"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields: the plan (application form, 模板1)
    # ------------------------------------------------------------------

    reference = fields.Char(
        string="Reference", readonly=True, copy=False, index="trigram", default="/"
    )
    name = fields.Char(string="Meeting Name", required=True, tracking=True)
    type_id = fields.Many2one(
        "meeting.type",
        string="Meeting Type",
        required=True,
        tracking=True,
        check_company=True,
    )
    state = fields.Selection(
        MEETING_STATES,
        default="draft",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand="_expand_states",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.company.currency_id,
    )
    date_start = fields.Datetime(string="Start", required=True, tracking=True)
    date_end = fields.Datetime(string="End", required=True, tracking=True)
    venue = fields.Char(tracking=True)
    initiator_id = fields.Many2one(
        "res.users",
        string="Initiator",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
    )
    # The employee is computed on its own: the department and the title below are editable
    # defaults taken from it, and a form sends them on create, which must not stop the
    # employee (the approval route) from being computed.
    initiator_employee_id = fields.Many2one(
        "hr.employee",
        string="Initiator Employee",
        compute="_compute_initiator_employee",
        store=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_initiator_department",
        store=True,
        readonly=False,
        index=True,
    )
    initiator_job_title = fields.Char(
        string="Initiator Title",
        compute="_compute_initiator_department",
        store=True,
        readonly=False,
    )
    executor_id = fields.Many2one(
        "res.users",
        string="Executor",
        index=True,
        tracking=True,
        help="The meeting coordinator (会议执行专员) who runs preparation and the day.",
    )
    is_urgent = fields.Boolean(string="Green Channel", tracking=True)
    urgent_reason = fields.Text(string="Urgency Reason")
    # The application form (模板1): priority, equipment needs, attachments
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important")],
        default="0",
        index=True,
        tracking=True,
        help="Important meetings are shown as conflicts to other meetings of the same "
        "department at the same time.",
    )
    expected_internal_count = fields.Integer(string="Expected Internal Attendees")
    expected_external_count = fields.Integer(string="Expected External Attendees")
    key_attendee_ids = fields.One2many(
        "meeting.attendee",
        "meeting_id",
        string="Key People",
        domain=[("is_key_decision_maker", "=", True)],
        context={"default_is_key_decision_maker": True},
    )
    key_topics = fields.Html()
    expected_outcomes = fields.Html()
    objective_ids = fields.One2many("meeting.objective", "meeting_id", string="Objectives")
    budget_total = fields.Monetary(string="Budget Total", currency_field="currency_id")
    budget_line_ids = fields.One2many("meeting.budget.line", "meeting_id", string="Budget Lines")
    budget_lines_total = fields.Monetary(
        compute="_compute_budget_lines_total", currency_field="currency_id"
    )
    need_projector = fields.Boolean(string="Projector")
    need_video_conference = fields.Boolean(string="Video Conference")
    need_interpretation = fields.Boolean(string="Simultaneous Interpretation")
    need_sound_system = fields.Boolean(string="Sound System")
    equipment_notes = fields.Text(string="Other Equipment Needs")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "meeting_meeting_attachment_rel",
        "meeting_id",
        "attachment_id",
        string="Attachments",
        help="Background material, customer letters, ...",
    )

    # ------------------------------------------------------------------
    # Fields: the approval round
    # ------------------------------------------------------------------

    approval_ids = fields.One2many("meeting.approval", "meeting_id", string="Approval Steps")
    approval_round = fields.Integer(
        string="Approval Round", default=0, readonly=True, copy=False, tracking=True
    )
    current_approval_ids = fields.One2many(
        "meeting.approval", compute="_compute_current_approvals", string="Current Steps"
    )
    approval_count = fields.Integer(compute="_compute_current_approvals")
    # The steps the current user may read (those in the meeting's approval read them all,
    # see security/meeting_rules.xml): what the form shows, so that anybody else who may
    # read the meeting (an attendee, a task owner, an incident handler) opens it without
    # an access error on its approval.
    visible_approval_ids = fields.One2many(
        "meeting.approval", compute="_compute_visible_approval_ids", string="Decisions"
    )
    pending_approval_count = fields.Integer(compute="_compute_current_approvals")
    can_decide = fields.Boolean(compute="_compute_can_decide")
    can_manage_plan = fields.Boolean(compute="_compute_can_manage_plan")
    is_locked = fields.Boolean(compute="_compute_is_locked")
    conflict_html = fields.Html(string="Conflicts", compute="_compute_conflicts", sanitize=False)
    conflict_count = fields.Integer(compute="_compute_conflicts")
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    change_reason = fields.Text(
        string="Last Change Request", readonly=True, copy=False, tracking=True
    )
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    # The steps to come (as Odoo's Approvals lists the approvers): the pending steps and
    # those the flow has not opened yet, with their reviewer and deadline.
    approval_outlook_html = fields.Html(
        string="Steps to Come", compute="_compute_approval_outlook", sanitize=False
    )
    review_end_estimate = fields.Datetime(
        string="Review Ends By",
        compute="_compute_approval_outlook",
        help="When the approval would end at the latest if every step used its time limit.",
    )
    suggest_green_channel = fields.Boolean(compute="_compute_approval_outlook")

    # ------------------------------------------------------------------
    # Fields: preparation (the execution plan)
    # ------------------------------------------------------------------

    task_ids = fields.One2many("meeting.task", "meeting_id", string="Tasks")
    task_count = fields.Integer(string="Task Count", compute="_compute_task_stats")
    task_done_count = fields.Integer(string="Tasks Done", compute="_compute_task_stats")
    task_late_count = fields.Integer(string="Late Tasks", compute="_compute_task_stats")
    task_progress = fields.Float(
        string="Preparation Progress", compute="_compute_task_stats", help="Done / total tasks."
    )
    task_ontime_rate = fields.Float(
        string="On-time Rate",
        compute="_compute_task_stats",
        help="Share of the completed tasks finished by their deadline (target ≥ 98%).",
    )
    can_manage_tasks = fields.Boolean(compute="_compute_can_manage_tasks")

    # ------------------------------------------------------------------
    # Fields: the day (attendees, check-in, agenda, incidents)
    # ------------------------------------------------------------------

    attendee_ids = fields.One2many("meeting.attendee", "meeting_id", string="Attendees")
    checkin_staff_ids = fields.Many2many(
        "res.users",
        "meeting_meeting_checkin_staff_rel",
        "meeting_id",
        "user_id",
        string="Check-in Staff",
        domain=[("share", "=", False)],
        help="Door staff who may check attendees of this meeting in (with the executor). They "
        "see the attendees' names, companies and check-in state, nothing else.",
    )
    attendee_count = fields.Integer(compute="_compute_attendee_counts")
    attendee_checked_in_count = fields.Integer(
        string="Checked In", compute="_compute_attendee_counts"
    )
    agenda_item_ids = fields.One2many("meeting.agenda.item", "meeting_id", string="Agenda")
    current_agenda_item_id = fields.Many2one(
        "meeting.agenda.item", string="Current Session", compute="_compute_agenda_position"
    )
    next_agenda_item_id = fields.Many2one(
        "meeting.agenda.item", string="Next Session", compute="_compute_agenda_position"
    )
    next_item_countdown = fields.Integer(
        string="Minutes to Next Session", compute="_compute_agenda_position"
    )
    agenda_deviation = fields.Integer(
        string="Running Deviation (min)",
        compute="_compute_agenda_position",
        help="How late (positive) or early (negative) the agenda runs against the plan.",
    )
    agenda_change_ids = fields.One2many(
        "meeting.agenda.change", "meeting_id", string="Agenda Changes"
    )
    incident_ids = fields.One2many("meeting.incident", "meeting_id", string="Incidents")
    incident_count = fields.Integer(compute="_compute_incident_count")
    can_start = fields.Boolean(compute="_compute_can_start")

    # ------------------------------------------------------------------
    # Fields: the review (survey, monitoring report, publication)
    # ------------------------------------------------------------------

    feedback_ids = fields.One2many("meeting.feedback", "meeting_id", string="Feedback")
    feedback_count = fields.Integer(compute="_compute_feedback_count", string="Answers")
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
    can_finish = fields.Boolean(compute="_compute_can_review")
    can_publish = fields.Boolean(compute="_compute_can_review")
    report_has_recipients = fields.Boolean(
        compute="_compute_report_has_recipients",
        help="Someone receives the published report by e-mail (Settings: report recipients).",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("initiator_id", "company_id")
    def _compute_initiator_employee(self):
        for meeting in self:
            # sudo: every employee may apply; the employee link of a user is not readable by
            # everyone in every company, and only the record is kept (its fields are read with
            # the user's rights where shown).
            employees = meeting.initiator_id.sudo().employee_ids
            employee = (
                employees.filtered(lambda e, c=meeting.company_id: e.company_id == c)[:1]
                or employees[:1]
            )
            meeting.initiator_employee_id = employee.sudo(False)

    @api.depends("initiator_employee_id")
    def _compute_initiator_department(self):
        for meeting in self:
            # sudo: department and job title are public on the employee directory
            employee = meeting.initiator_employee_id.sudo()
            meeting.department_id = employee.department_id.sudo(False)
            meeting.initiator_job_title = employee.job_title

    @api.depends("budget_line_ids.amount_planned")
    def _compute_budget_lines_total(self):
        for meeting in self:
            meeting.budget_lines_total = sum(meeting.budget_line_ids.mapped("amount_planned"))

    @api.depends("approval_ids.state", "approval_ids.approval_round", "approval_round")
    def _compute_current_approvals(self):
        for meeting in self:
            current = meeting.approval_ids.filtered(
                lambda a, r=meeting.approval_round: a.approval_round == r
            )
            meeting.current_approval_ids = current
            meeting.approval_count = len(meeting.approval_ids)
            meeting.pending_approval_count = len(current.filtered(lambda a: a.state == "pending"))

    @api.depends_context("uid")
    @api.depends("approval_ids")
    def _compute_visible_approval_ids(self):
        # sudo: every step of these meetings, then one access check as the user for all of
        # them (the one2many's cached value may be what another user was allowed to read)
        steps = self.env["meeting.approval"].sudo().search([("meeting_id", "in", self.ids)])
        readable = steps.with_env(self.env)._filtered_access("read")
        by_meeting = readable.sudo().grouped("meeting_id")
        for meeting in self:
            meeting.visible_approval_ids = by_meeting.get(meeting, readable.browse()).with_env(
                self.env
            )

    @api.depends_context("uid")
    @api.depends("approval_ids.state", "approval_ids.reviewer_id")
    def _compute_can_decide(self):
        for meeting in self:
            meeting.can_decide = bool(meeting._get_my_pending_steps())

    @api.depends_context("uid", "lang", "tz")
    @api.depends(
        "state",
        "is_urgent",
        "type_id",
        "date_start",
        "initiator_id",
        "executor_id",
        "approval_ids.state",
        "approval_ids.deadline",
        "approval_ids.reviewer_id",
    )
    def _compute_approval_outlook(self):
        now = fields.Datetime.now()
        for meeting in self:
            if not meeting._may_see_approval():
                meeting.review_end_estimate = False
                meeting.suggest_green_channel = False
                meeting.approval_outlook_html = False
                continue
            rows, end = meeting._get_approval_outlook(now)
            meeting.review_end_estimate = end
            # Only for a meeting still to come: the green channel cannot help one that has
            # already started (a plan recorded afterwards).
            meeting.suggest_green_channel = bool(
                meeting.state in ("draft", "rejected")
                and not meeting.is_urgent
                and meeting.date_start
                and end
                and now < meeting.date_start < end
            )
            meeting.approval_outlook_html = (
                meeting._approval_outlook_to_html(rows) if rows else False
            )

    @api.depends_context("uid")
    @api.depends("initiator_id")
    def _compute_can_manage_plan(self):
        for meeting in self:
            meeting.can_manage_plan = meeting._may("submit")

    @api.depends("state")
    def _compute_is_locked(self):
        for meeting in self:
            meeting.is_locked = meeting.state not in EDITABLE_STATES

    @api.depends(
        "date_start",
        "date_end",
        "venue",
        "department_id",
        "attendee_ids.is_key_decision_maker",
        "attendee_ids.user_id",
        "attendee_ids.partner_id",
        "attendee_ids.employee_id",
    )
    def _compute_conflicts(self):
        # sudo: see _get_people_conflicts. The key attendees of all these meetings in one
        # query (a list of approval steps computes the conflicts of every meeting it shows).
        Attendee = self.env["meeting.attendee"].sudo()
        saved = self.filtered(lambda m: isinstance(m.id, int))
        key_by_meeting = Attendee.search(
            [("meeting_id", "in", saved.ids), ("is_key_decision_maker", "=", True)], order="id"
        ).grouped("meeting_id")
        candidates = saved._overlap_candidates() if saved else {}
        for meeting in self:
            if meeting in saved:
                key, others = key_by_meeting.get(meeting, Attendee), candidates[meeting.id]
            else:
                key = others = None
            conflicts = meeting._get_conflicts(key_attendees=key, candidates=others)
            meeting.conflict_count = len(conflicts)
            meeting.conflict_html = meeting._conflicts_to_html(conflicts) if conflicts else False

    @api.depends("task_ids.state", "task_ids.date_done", "task_ids.date_deadline")
    def _compute_task_stats(self):
        counts = self._get_preparation_counts()
        for meeting in self:
            row = counts.get(meeting._origin.id) or dict.fromkeys(PREPARATION_KEYS, 0)
            meeting.task_count = row["total"]
            meeting.task_done_count = row["done"]
            meeting.task_late_count = row["late"]
            meeting.task_progress = 100.0 * row["done"] / row["total"] if row["total"] else 0.0
            meeting.task_ontime_rate = row["ontime_rate"]

    @api.depends_context("uid")
    @api.depends("executor_id")
    def _compute_can_manage_tasks(self):
        for meeting in self:
            meeting.can_manage_tasks = meeting._may("generate_tasks")

    @api.depends("attendee_ids.is_checked_in", "attendee_ids.invitation_state")
    def _compute_attendee_counts(self):
        counts = self._get_attendance_counts()
        for meeting in self:
            row = counts.get(meeting._origin.id) or {"expected": 0, "checked_in": 0}
            meeting.attendee_count = row["expected"]
            meeting.attendee_checked_in_count = row["checked_in"]

    @api.depends(
        "agenda_item_ids.state",
        "agenda_item_ids.date_start",
        "agenda_item_ids.date_end",
        "agenda_item_ids.actual_start",
        "agenda_item_ids.actual_end",
    )
    def _compute_agenda_position(self):
        now = fields.Datetime.now()
        for meeting in self:
            position = meeting._agenda_position(now)
            meeting.current_agenda_item_id = position["current"]
            meeting.next_agenda_item_id = position["next"]
            meeting.next_item_countdown = position["countdown"]
            meeting.agenda_deviation = position["deviation"]

    def _compute_incident_count(self):
        counts = dict(
            self.env["meeting.incident"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.incident_count = counts.get(meeting, 0)

    @api.depends_context("uid")
    @api.depends("state", "executor_id", "initiator_id")
    def _compute_can_start(self):
        for meeting in self:
            meeting.can_start = meeting._can("start")

    def _compute_feedback_count(self):
        for meeting in self:
            meeting.feedback_count = meeting.kpi_feedback_count

    @api.depends_context("uid")
    @api.depends("state", "initiator_id", "executor_id")
    def _compute_can_review(self):
        for meeting in self:
            meeting.can_finish = meeting._can("finish")
            meeting.can_publish = meeting._can("publish")

    def _compute_report_has_recipients(self):
        for meeting in self:
            # asked only while it matters: before publishing. sudo: whoever reads the form
            # learns only whether someone receives the report, not who
            meeting.report_has_recipients = meeting.state != "review" or bool(
                meeting._origin.sudo()._get_report_recipients()
            )

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for meeting in self:
            if meeting.reference and meeting.reference != "/":
                meeting.display_name = f"[{meeting.reference}] {meeting.name}"
            else:
                meeting.display_name = meeting.name

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    _slot_range_idx = models.Index(
        "USING gist (tsrange(date_start, GREATEST(date_start, date_end)))"
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for meeting in self:
            if meeting.date_start and meeting.date_end and meeting.date_end <= meeting.date_start:
                raise ValidationError(
                    self.env._("The meeting %(name)s must end after it starts.", name=meeting.name)
                )

    @api.constrains("budget_total", "expected_internal_count", "expected_external_count")
    def _check_positive_amounts(self):
        for meeting in self:
            if meeting.budget_total < 0:
                raise ValidationError(
                    self.env._(
                        "The budget of the meeting %(name)s cannot be negative.", name=meeting.name
                    )
                )
            if meeting.expected_internal_count < 0 or meeting.expected_external_count < 0:
                raise ValidationError(
                    self.env._(
                        "The expected attendee counts of the meeting %(name)s cannot be negative.",
                        name=meeting.name,
                    )
                )

    @api.constrains("is_urgent", "urgent_reason", "state")
    def _check_urgent_reason(self):
        for meeting in self:
            if (
                meeting.is_urgent
                and meeting.state not in EDITABLE_STATES + ("cancelled",)
                and not (meeting.urgent_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "The green channel of the meeting %(name)s needs a reason.",
                        name=meeting.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # State moves only through the actions: a new plan is a draft, whoever asks.
            if not self.env.su and (
                vals.get("state", "draft") != "draft" or (FLOW_FIELDS - {"state"}) & vals.keys()
            ):
                raise UserError(
                    self.env._(
                        "A new meeting plan starts as a draft: submit it to send it through "
                        "approval."
                    )
                )
            if vals.get("reference", "/") == "/":
                vals["reference"] = self.env["ir.sequence"].next_by_code("meeting.meeting") or "/"
        return super().create(vals_list)

    def write(self, vals):
        # A closed meeting is archived with its published report: nothing changes any more.
        self._check_closed_lock(vals)
        # Users never write the state or the approval bookkeeping: the actions check who may
        # do what, then move the meeting through ``_set_state`` (superuser). The context is
        # user input and switches nothing off here.
        if not self.env.su:
            flow = [
                fname
                for fname in vals
                if fname in FLOW_FIELDS or (fname in self._fields and self._fields[fname].readonly)
            ]
            if flow:
                raise UserError(
                    self.env._(
                        "These fields of a meeting change only through its buttons (Submit, "
                        "Approve, Start, Finish, Publish, Cancel …), not by editing them: "
                        "%(fields)s.",
                        fields=", ".join(
                            self._fields[f]._description_string(self.env)
                            for f in flow
                            if f in self._fields
                        ),
                    )
                )
            if LOCKED_FIELDS & vals.keys():
                locked = self.filtered("is_locked")
                if locked:
                    raise UserError(
                        self.env._(
                            "The plan of %(meetings)s is approved or under approval: its name, "
                            "type, times, venue and budget can no longer be edited. Use "
                            "'Request Change' to send a change back through approval.",
                            meetings=", ".join(locked.mapped("display_name")),
                        )
                    )
        return super().write(vals)

    def _set_state(self, state, **vals):
        """Move the meeting to ``state`` (and write ``vals`` with it).

        Private (not callable over RPC): every caller is an action that checked first that
        the current user may make this move. It writes as superuser because the user who
        moves the meeting (a reviewer, the manager, the executor) may only read it; the
        user's id stays in the environment, so tracking and the chatter name them.
        """
        vals["state"] = state
        return self.sudo().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(m.state not in ("draft", "cancelled") for m in self):
            raise UserError(
                self.env._("Only draft or cancelled meetings can be deleted; cancel it first.")
            )

    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values:
            if self.state == "approved":
                return self.env.ref("meeting_management.mt_meeting_approved")
            if self.state == "rejected":
                return self.env.ref("meeting_management.mt_meeting_rejected")
            if self.state in ("resource_review", "manager_approval"):
                return self.env.ref("meeting_management.mt_meeting_submitted")
        return super()._track_subtype(init_values)

    # ------------------------------------------------------------------
    # Actions: the plan and its approval
    # ------------------------------------------------------------------

    def action_submit(self):
        self._check_workflow("submit")
        for meeting in self:
            meeting._check_submittable()
        late = self.filtered("suggest_green_channel")
        if late and not self.env.context.get("meeting_green_channel_declined"):
            # A suggestion, not a guard: the initiator chooses in the wizard.
            return late[:1]._action_suggest_green_channel()
        for meeting in self:
            meeting._start_round()
        return True

    def _action_suggest_green_channel(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Use the Green Channel?"),
            "res_model": "meeting.green.channel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    def action_approve(self):
        """Approve the current user's pending step(s) of these meetings."""
        steps = self._get_my_pending_steps()
        if not steps:
            raise UserError(self.env._("You have no pending approval step on this meeting."))
        return steps.action_approve()

    def action_reject(self):
        """Reject the current user's pending step: opens the comment wizard."""
        steps = self._get_my_pending_steps()
        if not steps:
            raise UserError(self.env._("You have no pending approval step on this meeting."))
        return steps[:1].action_reject()

    def action_request_change(self):
        self.ensure_one()
        self._check_workflow("request_change")
        reason = self.env.context.get("meeting_change_reason")
        if not isinstance(reason, str) or not reason.strip():
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Request a Change"),
                "res_model": "meeting.change.request.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_meeting_id": self.id},
            }
        return self._request_change(reason)

    def action_cancel(self):
        self._check_workflow("cancel")
        pending = self.approval_ids.filtered(lambda a: a.state == "pending")
        pending._cancel_steps()
        # sudo: the calendar event was created by the approval flow for these meetings; the
        # user has just been checked as their initiator or a meeting administrator.
        self.calendar_event_id.sudo().action_archive()
        self._set_state("cancelled")
        return True

    def action_reset_to_draft(self):
        self._check_workflow("reset_to_draft")
        self._set_state("draft")
        return True

    def action_view_approvals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_approval_action_all"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_group_round": 1}
        return action

    def action_view_calendar_event(self):
        self.ensure_one()
        return self.calendar_event_id._get_records_action(name=self.env._("Calendar Event"))

    def action_print_application(self):
        return self.env.ref("meeting_management.action_report_meeting_application").report_action(
            self
        )

    # ------------------------------------------------------------------
    # Actions: preparation
    # ------------------------------------------------------------------

    def action_generate_tasks(self):
        self._check_workflow("generate_tasks")
        for meeting in self:
            if meeting.task_ids:
                raise UserError(
                    self.env._(
                        "%(meeting)s already has an execution plan.", meeting=meeting.display_name
                    )
                )
            if not meeting.type_id.task_template_ids:
                raise UserError(
                    self.env._(
                        "The meeting type %(type)s has no task templates: add tasks by hand or "
                        "configure its templates.",
                        type=meeting.type_id.name,
                    )
                )
        self._generate_tasks()
        return self.action_view_tasks()

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_task_action_meeting"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {
            "default_meeting_id": self.id,
            "search_default_group_phase": 1,
        }
        action["display_name"] = self.env._("Tasks of %(meeting)s", meeting=self.name)
        return action

    def action_print_task_tracking(self):
        return self.env.ref("meeting_management.action_report_meeting_task_tracking").report_action(
            self
        )

    def action_export_task_tracking_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/xlsx/report_meeting_task_tracking/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Actions: the day
    # ------------------------------------------------------------------

    def action_view_attendees(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_attendee_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_group_lane": 0}
        return action

    def action_open_checkin_kiosk(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.checkin_kiosk",
            "name": self.env._("Check-in Kiosk"),
            "context": {"default_meeting_id": self.id},
        }

    def action_open_signin_sheet(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.signin_sheet",
            "name": self.env._("Sign-in Sheet"),
            "context": {"default_meeting_id": self.id},
        }

    def action_export_signin_sheet_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/xlsx/report_signin_sheet/{self.id}",
            "target": "download",
        }

    def action_add_department_employees(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Add Employees of a Department"),
            "res_model": "meeting.attendee.department.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    def action_start(self):
        self._check_workflow("start")
        self._set_state("in_progress")
        # The calendar event's "Meeting" activity (Odoo gives one to the event's organiser,
        # the initiator) is done once the meeting takes place, not left overdue after it.
        # sudo: the initiator's activity on this meeting, closed by the flow.
        self.sudo().activity_ids.filtered("calendar_event_id").unlink()
        self._notify_onsite_update("meeting")
        return True

    def action_open_onsite(self):
        self.ensure_one()
        return {
            "type": "ir.actions.client",
            "tag": "meeting_management.onsite",
            "name": self.env._("On-site: %(meeting)s", meeting=self.name),
            "params": {"meeting_id": self.id},
            "context": {"active_id": self.id},
        }

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_incident_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_open": 0}
        return action

    def action_agenda_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/xlsx/report_meeting_agenda/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Actions: the review
    # ------------------------------------------------------------------

    def action_finish(self):
        """In progress → review: draft the report and send every attendee their survey link."""
        self._check_can_finish()
        self._set_state("review")
        self._refresh_budget_actuals()
        report = self.env["report.meeting_management.report_meeting_monitoring"]
        without_link = self.env["meeting.meeting"]
        for meeting in self:
            report._draft_texts(meeting)
            if meeting._send_feedback_invitations():
                without_link |= meeting
        if len(self) == 1 and without_link:
            # said at once, with the way out: their links as a printable QR sheet
            return self._notify_warning(
                self.env._(
                    "%(count)s attendee(s) have no e-mail address and received no survey link. "
                    "Print their links as QR codes (%(link)s) or record paper answers.",
                    count=len(self._get_survey_link_attendees()),
                    link="%s",
                ),
                links=[self._get_survey_link_sheet_link()],
            )
        return True

    def action_print_survey_links(self):
        """The survey links of the attendees without e-mail, as a printable QR sheet."""
        self.ensure_one()
        self._check_feedback_open()
        self._check_can_record_feedback()
        return self.env.ref("meeting_management.action_report_survey_link_sheet").report_action(
            self
        )

    def action_draft_suggestions(self):
        """Re-draft the summary and suggestions from the current data (overwrites them)."""
        report = self.env["report.meeting_management.report_meeting_monitoring"]
        for meeting in self:
            if meeting.state not in ("in_progress", "review"):
                raise UserError(
                    self.env._("Suggestions are drafted while the meeting is reviewed.")
                )
            report._draft_texts(meeting, force=True)
        return True

    def action_publish_report(self):
        """Review → closed: archive the PDF and workbook on the meeting and mail them."""
        self._check_can_publish()
        report = self.env["report.meeting_management.report_meeting_monitoring"]
        for meeting in self:
            # unedited drafts follow the data entered during the review
            report._draft_texts(meeting)
            attachments = meeting._create_report_attachments()
            meeting._set_state(
                "closed",
                report_published_date=fields.Datetime.now(),
                report_published_by_id=self.env.uid,
                report_pdf_id=attachments[0].id,
                report_xlsx_id=attachments[1].id,
            )
            meeting._send_report_publication(attachments)
        unsent = self.filtered(lambda m: not m._get_report_recipients())
        if len(self) == 1 and unsent:
            return self._notify_warning(
                self.env._(
                    "The report is published and archived on the meeting, but nobody received "
                    "it by e-mail: choose the report recipients in Settings."
                )
            )
        return True

    def _notify_warning(self, message, links=None):
        """A sticky warning for the user who clicked, then the form reloads."""
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "warning",
                "sticky": True,
                "message": message,
                "links": links or [],
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    def action_export_report_pdf(self):
        self.ensure_one()
        return self.env.ref("meeting_management.action_report_meeting_monitoring").report_action(
            self
        )

    def action_export_report_xlsx(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/xlsx/report_meeting_monitoring/{self.id}",
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
    # Guards
    # ------------------------------------------------------------------

    @api.model
    def _is_meeting_admin(self):
        """Whether the current user is a meeting administrator (the one place that asks)."""
        return self.env.user.has_group("meeting_management.group_meeting_manager")

    def _get_workflow_roles(self):
        """The current user's roles on the meeting, as the workflow table names them."""
        self.ensure_one()
        user = self.env.user
        roles = set()
        if self.env.su or self._is_meeting_admin():
            roles.add("admin")  # trusted superuser code may take every action too
        if self.initiator_id == user:
            roles.add("initiator")
        if self.executor_id == user:
            roles.add("executor")
        if self.executor_id == user or (not self.executor_id and self.initiator_id == user):
            roles.add("host")
        if user.has_group("meeting_management.group_meeting_coordinator"):
            roles.add("coordinator")
        return roles

    def _may(self, action):
        """Whether the current user may take ``action`` on the meeting (whatever its state)."""
        self.ensure_one()
        roles = self._get_workflow_roles()
        return "admin" in roles or bool(roles & set(WORKFLOW[action]["roles"]))

    def _can(self, action):
        """Whether the current user may take ``action`` on the meeting now."""
        self.ensure_one()
        return self.state in WORKFLOW[action]["from"] and self._may(action)

    def _check_workflow(self, action):
        """The guard of every action: AccessError when the user may not take it, UserError
        when the meeting is not in a state it can be taken from."""
        for meeting in self:
            if not meeting._may(action):
                raise AccessError(meeting._workflow_error(action, "who"))
            if meeting.state not in WORKFLOW[action]["from"]:
                raise UserError(meeting._workflow_error(action, "state"))

    def _workflow_error(self, action, kind):
        """The message of a refused ``action``: ``kind`` is "who" or "state"."""
        self.ensure_one()
        name = self.display_name
        state = dict(self._fields["state"]._description_selection(self.env)).get(self.state)
        initiator_only = self.env._(
            "Only the initiator or a meeting administrator can do this on %(name)s.", name=name
        )
        messages = {
            ("submit", "who"): initiator_only,
            ("submit", "state"): self.env._(
                "Only a draft or rejected plan can be submitted (%(name)s).", name=name
            ),
            ("request_change", "who"): initiator_only,
            ("request_change", "state"): self.env._(
                "Only an approved plan can be changed through a request (%(name)s).", name=name
            ),
            ("cancel", "who"): initiator_only,
            ("cancel", "state"): self.env._(
                "The meeting %(name)s can no longer be cancelled.", name=name
            ),
            ("reset_to_draft", "who"): initiator_only,
            ("reset_to_draft", "state"): self.env._(
                "Only a rejected or cancelled plan can be set back to draft (%(name)s).",
                name=name,
            ),
            ("generate_tasks", "who"): self.env._(
                "Only the executor of %(meeting)s or a meeting administrator can generate its "
                "execution plan.",
                meeting=name,
            ),
            ("generate_tasks", "state"): self.env._(
                "The execution plan of %(meeting)s is generated once the meeting is approved.",
                meeting=name,
            ),
            ("start", "who"): self.env._(
                "Only the executor of %(meeting)s may start it.", meeting=name
            ),
            ("start", "state"): self.env._(
                "Only an approved meeting can start; %(meeting)s is %(state)s.",
                meeting=name,
                state=state,
            ),
            ("run_day", "who"): self.env._(
                "Only the executor of %(meeting)s may run its agenda.", meeting=name
            ),
            ("run_day", "state"): self.env._(
                "Start the meeting %(meeting)s before running its agenda.", meeting=name
            ),
            ("finish", "who"): self.env._(
                "Only the initiator, the executor or a meeting administrator can finish %(name)s.",
                name=name,
            ),
            ("finish", "state"): self.env._(
                "Only a meeting in progress can be finished (%(name)s).", name=name
            ),
            ("record_feedback", "who"): self.env._(
                "Only the meeting's staff can record survey answers for %(name)s.", name=name
            ),
            ("record_feedback", "state"): self.env._(
                "The survey of %(name)s is not open: answers are collected while the meeting "
                "is under review.",
                name=name,
            ),
            ("publish", "who"): self.env._(
                "Only the initiator or a meeting administrator can publish the report of %(name)s.",
                name=name,
            ),
            ("publish", "state"): self.env._(
                "Only a meeting under review can have its report published (%(name)s).",
                name=name,
            ),
        }
        return messages[action, kind]

    def _check_can_manage_plan(self):
        """The initiator's (or an administrator's) right on the plan, whatever its state."""
        for meeting in self:
            if not meeting._may("submit"):
                raise AccessError(meeting._workflow_error("submit", "who"))

    def _check_plan_editable(self, action):
        if self.env.su:
            return
        locked = self.filtered("is_locked")
        if locked:
            raise UserError(
                self.env._(
                    "You cannot %(action)s on %(meetings)s: the plan is under approval or "
                    "approved. Use 'Request Change' to change an approved plan.",
                    action=action,
                    meetings=", ".join(locked.mapped("display_name")),
                )
            )

    def _check_closed_lock(self, vals=None, lines=None):
        """A closed meeting is archived with its published report: neither the meeting nor
        its ``lines`` (their description, for the lines' own writes) change any more, except
        by a meeting administrator; ``vals`` that only touch the chatter are harmless."""
        if self.env.su or self._is_meeting_admin() or (vals is not None and _harmless(vals)):
            return
        closed = self.filtered(lambda m: m.state == "closed")
        if not closed:
            return
        if lines:
            raise UserError(
                self.env._(
                    "The meeting %(name)s is closed: its report is published and its "
                    "%(lines)s can no longer be changed.",
                    name=closed[0].display_name,
                    lines=lines,
                )
            )
        raise UserError(
            self.env._(
                "The meeting %(name)s is closed: its report is published and it can no "
                "longer be changed.",
                name=closed[0].display_name,
            )
        )

    def _get_my_pending_steps(self):
        user = self.env.user
        is_manager = self._is_meeting_admin()
        steps = self.approval_ids.filtered(lambda a: a.state == "pending")
        mine = steps.filtered(lambda a: a.reviewer_id == user)
        return mine or (steps if is_manager else mine)

    def _check_submittable(self):
        self.ensure_one()
        errors = []
        if not self.objective_ids:
            errors.append(self.env._("Add at least one measurable objective."))
        if not self.initiator_employee_id:
            errors.append(
                self.env._(
                    "The initiator %(user)s has no employee record: the approval route comes "
                    "from HR.",
                    user=self.initiator_id.name,
                )
            )
        if self.is_urgent and not (self.urgent_reason or "").strip():
            errors.append(self.env._("Explain why the meeting needs the green channel."))
        if (
            self.budget_total
            and self.budget_line_ids
            and self.currency_id.compare_amounts(self.budget_lines_total, self.budget_total)
        ):
            errors.append(
                self.env._(
                    "The budget lines add up to %(lines)s but the budget total is %(total)s.",
                    lines=self.currency_id.format(self.budget_lines_total),
                    total=self.currency_id.format(self.budget_total),
                )
            )
        if errors:
            raise UserError(
                self.env._(
                    "The plan %(name)s cannot be submitted yet:\n%(errors)s",
                    name=self.display_name,
                    errors="\n".join(f"- {e}" for e in errors),
                )
            )

    def _is_checkin_staff(self, user=None):
        """Whether ``user`` may check attendees of this meeting in (kiosk, sheet, search)."""
        self.ensure_one()
        user = user or self.env.user
        # sudo: the caller may not read the meeting (that is what is being decided); only the
        # executor and the staff list are compared with the user, nothing is returned.
        meeting = self.sudo()
        return (
            user.has_group("meeting_management.group_meeting_manager")
            or meeting.executor_id == user
            or user in meeting.checkin_staff_ids
        )

    def _check_checkin_staff(self):
        for meeting in self:
            if not meeting._is_checkin_staff():
                raise AccessError(
                    self.env._(
                        "You are not check-in staff of the meeting %(meeting)s.",
                        meeting=meeting.display_name,
                    )
                )

    def _can_run_agenda(self):
        """The host (the executor) runs the day; administrators may step in."""
        self.ensure_one()
        return self._may("run_day")

    def _check_can_finish(self):
        self._check_workflow("finish")

    def _check_can_publish(self):
        self._check_workflow("publish")
        self._check_budget_settled()

    def _check_budget_settled(self):
        """Hook: may the report of these meetings be published as far as their money goes?

        The base addon keeps the budget actuals typed in by hand and has nothing to check;
        the Accounting bridge (``meeting_management_account``) requires the budget
        settlement here."""
        return True

    def _refresh_budget_actuals(self):
        """Hook: bring the actual amounts of these meetings' budget lines up to date.

        In the base addon the actuals are typed in by hand, so there is nothing to read;
        the Accounting bridge fills them from the posted analytic lines."""
        return True

    def _check_feedback_open(self):
        for meeting in self:
            if meeting.state not in WORKFLOW["record_feedback"]["from"]:
                raise UserError(meeting._workflow_error("record_feedback", "state"))

    def _check_can_record_feedback(self):
        for meeting in self:
            if not meeting._may("record_feedback"):
                raise AccessError(meeting._workflow_error("record_feedback", "who"))

    # ------------------------------------------------------------------
    # Business methods: the approval round
    # ------------------------------------------------------------------

    def _lock_for_decision(self):
        """Serialise the decisions taken on these meetings' approval steps.

        "Are all parallel steps approved?" reads the sibling steps. Two reviewers approving
        at the same instant would each see the other's step still pending and leave the
        meeting stranded in resource review. Each decision therefore first writes the
        meeting row: the second transaction waits for the first, then fails with a
        serialization error (Odoo's REPEATABLE READ), and Odoo replays the request, which
        now sees the sibling's decision and moves the meeting on.
        """
        if self.ids:
            # log_exceptions: the serialization failure is expected and replayed by Odoo
            self.env.cr.execute(
                SQL(
                    "UPDATE meeting_meeting SET write_date = write_date WHERE id IN %s",
                    tuple(self.ids),
                ),
                log_exceptions=False,
            )

    @api.model
    def _get_step_hours(self, step_type, is_urgent, meeting_type=None):
        # sudo: reads the configured time limits only
        param = self.env["ir.config_parameter"].sudo()

        def hours(key, default):
            try:
                value = int(param.get_param(f"meeting_management.{key}", default))
            except ValueError:
                value = default
            return value if value > 0 else default

        if is_urgent:
            return hours("urgent_hours", 2)
        if step_type == "manager":
            if meeting_type and meeting_type.manager_approval_hours:
                return meeting_type.manager_approval_hours
            return hours("manager_approval_hours", 24)
        return hours("resource_review_hours", 12)

    def _get_deadline(self, step_type, now=None):
        self.ensure_one()
        now = now or fields.Datetime.now()
        return now + timedelta(hours=self._get_step_hours(step_type, self.is_urgent, self.type_id))

    def _get_administrators(self):
        """Active internal meeting administrators of the meeting's company (fallback reviewers)."""
        group = self.env.ref("meeting_management.group_meeting_manager")
        company = self.company_id or self.env.company
        # sudo: group membership is not readable by every employee; only users are returned
        return (
            group.sudo()
            .all_user_ids.filtered(lambda u: u.active and not u.share and company in u.company_ids)
            .sorted("id")
        )

    def _get_manager_reviewer(self):
        self.ensure_one()
        # sudo: HR hierarchy fields are private to HR officers; only the manager's user is read.
        manager = self.initiator_employee_id.sudo().parent_id.user_id
        if manager and manager != self.initiator_id:
            return manager
        admins = self._get_administrators()
        return (admins - self.initiator_id)[:1] or admins[:1]

    def _start_round(self):
        """Open a new approval round: parallel resource review, or the manager's step."""
        self.ensure_one()
        conflicts = self._get_conflicts()
        rules = self.env["meeting.review.department"].search(
            [("company_id", "=", self.company_id.id)]
        )
        vals = {"approval_round": self.approval_round + 1}
        step_vals = []
        if not self.type_id.skip_resource_review:
            for rule in rules:
                reviewer = rule.effective_reviewer_id
                if not reviewer:
                    raise UserError(
                        self.env._(
                            "The resource review department %(department)s has no reviewer "
                            "and no manager with a user: fix it in Settings.",
                            department=rule.department_id.display_name,
                        )
                    )
                step_vals.append(
                    {
                        "step_type": "resource",
                        "department_id": rule.department_id.id,
                        "reviewer_id": reviewer.id,
                        "sequence": rule.sequence,
                    }
                )
        if not self.type_id.skip_resource_review and not rules:
            step_vals = self._get_default_resource_steps()
        if step_vals:
            self._set_state("resource_review", **vals)
            self._create_steps(step_vals)
        else:
            self._set_state("manager_approval", **vals)
            self._create_manager_step()
        if conflicts:
            self.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._("Submitted with %(count)s conflict(s):", count=len(conflicts)),
                    self._conflicts_to_html(conflicts),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _get_default_resource_steps(self):
        """The resource review when no review department is configured yet.

        The standard never skips the Administration / IT pre-review: until an administrator
        chooses the departments (Settings), the meeting administrators review venue,
        catering and equipment in one step. The chatter says so.
        """
        self.ensure_one()
        admins = self._get_administrators()
        reviewer = (admins - self.initiator_id)[:1] or admins[:1]
        if not reviewer:
            raise UserError(
                self.env._(
                    "Nobody can pre-review %(name)s: no resource review department is "
                    "configured and there is no meeting administrator. Ask an administrator to "
                    "choose the review departments in Meetings > Configuration > Settings.",
                    name=self.display_name,
                )
            )
        self.message_post(
            body=self.env._(
                "No resource review department is configured: the meeting administrators "
                "review venue, catering and equipment until the departments are chosen in "
                "Settings."
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return [{"step_type": "resource", "reviewer_id": reviewer.id, "sequence": 1}]

    def _may_see_approval(self):
        """Whether the current user takes part in the meeting's approval: the same people as
        the read rule of the steps (security/meeting_rules.xml), and the administrators."""
        self.ensure_one()
        user = self.env.user
        if user in (self.initiator_id | self.executor_id) or self._is_meeting_admin():
            return True
        # sudo: compares the user with the reviewers of the meeting's steps, nothing is shown
        steps = self.sudo().approval_ids
        return user in (steps.reviewer_id | steps.previous_reviewer_id)

    def _get_route(self):
        """The steps a submission would open now: [(step_type, department, reviewer)].

        The same choice as ``_start_round`` and ``_create_manager_step``, without creating
        anything; a reviewer the flow cannot find yet is an empty recordset.
        """
        self.ensure_one()
        route = []
        if not self.type_id.skip_resource_review:
            rules = self.env["meeting.review.department"].search(
                [("company_id", "=", self.company_id.id)]
            )
            for rule in rules:
                route.append(("resource", rule.department_id, rule.effective_reviewer_id))
            if not rules:
                admins = self._get_administrators()
                reviewer = (admins - self.initiator_id)[:1] or admins[:1]
                route.append(("resource", self.env["hr.department"], reviewer))
        # sudo: HR hierarchy fields are private to HR officers; see _get_manager_reviewer
        manager_department = self.initiator_employee_id.sudo().parent_id.department_id
        route.append(("manager", manager_department.sudo(False), self._get_manager_reviewer()))
        return route

    def _get_approval_outlook(self, now):
        """The steps to come, as rows, and when the approval ends at the latest.

        A row: step type, department, reviewer, deadline, whether it is already open. A draft
        shows the route a submission would open now; a meeting under review its pending
        steps and the manager's step still to come, due at the latest when the resource
        review's last deadline plus the manager's time limit have passed.
        """
        self.ensure_one()
        hours = {
            step_type: self._get_step_hours(step_type, self.is_urgent, self.type_id)
            for step_type in ("resource", "manager")
        }
        rows = []
        if self.state in ("draft", "rejected"):
            if not (self.initiator_employee_id or self.initiator_id):
                return rows, False
            start = now
            route = self._get_route()
            resource = [r for r in route if r[0] == "resource"]
            if resource:
                start = now + timedelta(hours=hours["resource"])
                rows += [(t, d, r, start, False) for t, d, r in resource]
            end = start + timedelta(hours=hours["manager"])
            rows += [(t, d, r, end, False) for t, d, r in route if t == "manager"]
            return rows, end
        if self.state not in ("resource_review", "manager_approval"):
            return rows, False
        pending = self.current_approval_ids.filtered(lambda a: a.state == "pending")
        rows += [(a.step_type, a.department_id, a.reviewer_id, a.deadline, True) for a in pending]
        end = max(pending.mapped("deadline"), default=now)
        if self.state == "resource_review":
            end = max(end, now) + timedelta(hours=hours["manager"])
            rows.append(
                (
                    "manager",
                    self.initiator_employee_id.sudo().parent_id.department_id.sudo(False),
                    self._get_manager_reviewer(),
                    end,
                    False,
                )
            )
        return rows, end

    def _approval_outlook_to_html(self, rows):
        types = dict(
            self.env["meeting.approval"]._fields["step_type"]._description_selection(self.env)
        )
        tz = self.env.context.get("tz") or self.env.user.tz
        now = fields.Datetime.now()
        head = Markup("").join(
            Markup("<th>%s</th>") % title
            for title in (
                self.env._("Step"),
                self.env._("Reviewer"),
                self.env._("Deadline"),
                self.env._("Status"),
            )
        )
        body = Markup("")
        for step_type, department, reviewer, deadline, is_open in rows:
            label = " / ".join(filter(None, [types.get(step_type), department.sudo().name]))
            if is_open:
                status = self.env._("Waiting for a decision")
                due = format_due(self.env, deadline, tz, now)
            elif self.state in ("draft", "rejected"):
                status = self.env._("To come")
                due = self.env._("if submitted now")
            else:
                status = self.env._("To come")
                due = self.env._("at the latest")
            body += Markup(
                "<tr><td>%s</td><td>%s</td><td>%s<br/><small>%s</small></td><td>%s</td></tr>"
            ) % (
                label,
                reviewer.sudo().name or self.env._("(to be found)"),
                self._fmt(deadline),
                due,
                status,
            )
        return Markup(
            '<table class="table table-sm o_meeting_approval_outlook"><thead><tr>%s</tr></thead>'
            "<tbody>%s</tbody></table>"
        ) % (head, body)

    def _create_steps(self, step_vals):
        self.ensure_one()
        now = fields.Datetime.now()
        for vals in step_vals:
            vals.update(
                meeting_id=self.id,
                approval_round=self.approval_round,
                deadline=self._get_deadline(vals["step_type"], now),
            )
        # sudo: steps are only created by the approval flow, after its own access checks
        # (initiator submits, reviewer approves); users cannot create steps themselves.
        return self.env["meeting.approval"].sudo().create(step_vals).sudo(False)

    def _create_manager_step(self):
        self.ensure_one()
        reviewer = self._get_manager_reviewer()
        if not reviewer:
            raise UserError(
                self.env._(
                    "Nobody can approve %(name)s: the initiator has no manager in HR and there "
                    "is no meeting administrator.",
                    name=self.display_name,
                )
            )
        return self._create_steps(
            [
                {
                    "step_type": "manager",
                    # sudo: see _get_manager_reviewer
                    "department_id": self.initiator_employee_id.sudo().parent_id.department_id.id,
                    "reviewer_id": reviewer.id,
                    "sequence": 100,
                }
            ]
        )

    def _on_step_approved(self):
        """A step of the current round was approved: move the meeting on when complete.

        Called by the approval flow after ``_check_can_decide``: reviewers and approvers read
        the meeting but may not edit it, so the state moves are written with sudo().
        """
        for meeting in self:
            current = meeting.current_approval_ids
            if meeting.state == "resource_review":
                resource = current.filtered(lambda a: a.step_type == "resource")
                if all(a.state == "approved" for a in resource):
                    meeting._set_state("manager_approval")
                    meeting._create_manager_step()
            elif meeting.state == "manager_approval":
                manager = current.filtered(lambda a: a.step_type == "manager")
                if manager and all(a.state == "approved" for a in manager):
                    meeting._action_set_approved()

    def _on_step_rejected(self, step):
        self.ensure_one()
        others = self.current_approval_ids.filtered(lambda a: a.state == "pending") - step
        others._cancel_steps()
        # Called after the rejecting reviewer's right was checked (_check_can_decide).
        if self.state == "manager_approval" and self.date_approved:
            # A change request was refused: the previously approved plan stays valid.
            self._set_state("approved")
        else:
            self._set_state("rejected")
        self._notify_initiator(
            "meeting_management.mail_template_meeting_rejected",
            render_step=step,
        )

    def _action_set_approved(self):
        """Every step of the round is approved: approve the plan and prepare the meeting.

        Called by the approval flow after ``_check_can_decide``. The last approver is often
        a plain manager who may only read the meeting; what approval sets off (the calendar
        event, the execution plan, the notifications) belongs to the meeting, not to the
        approver, so it runs as superuser with the approver's id kept for the chatter.
        """
        meetings = self.sudo()
        meetings._set_state("approved", date_approved=fields.Datetime.now())
        meetings._sync_calendar_event()
        for meeting in meetings:
            meeting._notify_initiator("meeting_management.mail_template_meeting_approved")
        meetings._on_approved()

    def _on_approved(self):
        """Called once the plan is approved (first approval or re-approval): the execution
        plan is generated from the meeting type's templates the first time."""
        self.filtered(lambda m: not m.task_ids)._generate_tasks()
        return True

    def _request_change(self, reason):
        self.ensure_one()
        self._check_can_manage_plan()
        if not (reason or "").strip():
            raise UserError(self.env._("A change request needs a reason."))
        self._set_state(
            "manager_approval", change_reason=reason, approval_round=self.approval_round + 1
        )
        self._create_manager_step()
        self.message_post(
            body=self.env._("Change requested: %(reason)s", reason=reason),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True

    def _notify_initiator(self, template_xmlid, render_step=None):
        self.ensure_one()
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        self.with_context(meeting_step=render_step).message_post_with_source(
            template,
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.initiator_id.partner_id.ids,
        )

    # ------------------------------------------------------------------
    # Business methods: the calendar event
    # ------------------------------------------------------------------

    def _get_calendar_partners(self):
        """Who is on the meeting's calendar event: the initiator, the executor and every
        internal attendee who has not declined."""
        self.ensure_one()
        # sudo: reads the work contact of employees (HR-private fields) to invite them.
        internal = self.sudo().attendee_ids.filtered(
            lambda a: a.attendee_type == "internal" and a.invitation_state != "declined"
        )
        partners = self.initiator_id.partner_id | self.executor_id.partner_id
        for attendee in internal:
            partners |= (
                attendee.user_id.partner_id
                or attendee.employee_id.work_contact_id
                or attendee.employee_id.user_id.partner_id
                or attendee.partner_id
            )
        return partners

    def _sync_calendar_event(self):
        """One calendar event per approved meeting, following the plan and its attendees.

        Called on approval and re-approval and whenever the internal attendees change.
        """
        # sudo: the event belongs to the meeting, not to whoever triggered the sync (an
        # approver, the coordinator adding attendees); it only mirrors the meeting.
        # The invitations go out from a cron (calendar_attendee.py), not in this request.
        Event = self.env["calendar.event"].sudo().with_context(no_mail_to_attendees=True)
        invited = self.env["calendar.attendee"].sudo()
        for meeting in self.sudo():
            before = meeting.calendar_event_id.attendee_ids
            vals = {
                "name": meeting.name,
                "start": meeting.date_start,
                "stop": meeting.date_end,
                "location": meeting.venue,
                "user_id": meeting.initiator_id.id,
                "partner_ids": [fields.Command.set(meeting._get_calendar_partners().ids)],
                "res_model_id": self.env["ir.model"]._get_id("meeting.meeting"),
                "res_id": meeting.id,
            }
            if meeting.calendar_event_id:
                event = meeting.calendar_event_id
                partners = vals.pop("partner_ids")
                # Only what changed: Odoo mails every attendee a "date changed" notice when
                # the start is written, even unchanged (it was, on every attendee added).
                # A new date or place is told to the attendees, as for any event.
                changed = {
                    fname: value
                    for fname, value in dict(vals, active=True).items()
                    if event._fields[fname].convert_to_write(event[fname], event) != value
                }
                if changed:
                    event.write(changed)
                event.with_context(no_mail_to_attendees=True).write({"partner_ids": partners})
            else:
                meeting.calendar_event_id = Event.create(vals)
            event = meeting.calendar_event_id
            if event.start > fields.Datetime.now():
                invited |= event.attendee_ids - before
        if invited:
            invited.meeting_invitation_pending = True
            self.env.ref("meeting_management.ir_cron_meeting_calendar_invitations")._trigger()

    def _sync_calendar_attendees(self):
        """The internal attendees changed: update the event of approved meetings."""
        live = self.filtered(
            lambda m: m.state in ("approved", "in_progress") and m.sudo().calendar_event_id
        )
        live._sync_calendar_event()

    # ------------------------------------------------------------------
    # Business methods: conflicts
    # ------------------------------------------------------------------

    def _overlap_domain(self, indexed=True):
        """The active meetings of the company overlapping this one's slot. ``indexed``: with
        the condition that makes PostgreSQL use the GiST index on the meetings' time range
        (_slot_range_idx), for a search; without it, to filter records in memory."""
        self.ensure_one()
        domain = Domain(
            [
                ("date_start", "<", self.date_end),
                ("date_end", ">", self.date_start),
                ("state", "in", ACTIVE_STATES),
                ("company_id", "=", self.company_id.id),
            ]
        ) & (Domain("id", "!=", self.id) if isinstance(self.id, int) else Domain.TRUE)
        if not indexed:
            return domain
        # two comparisons on the dates could only narrow down to every meeting starting
        # before this one ends; the range overlap is an index search
        overlapping = SQL(
            "SELECT id FROM meeting_meeting WHERE %s && tsrange(%s, %s)",
            SLOT_RANGE,
            self.date_start,
            self.date_end,
        )
        return Domain("id", "in", overlapping) & domain

    def _overlap_candidates(self):
        """{meeting id: the active meetings of its company overlapping its slot}, for these
        (saved) meetings, read in one query: a page of approval steps then checks its
        meetings in memory."""
        Meeting = self.env["meeting.meeting"]
        Meeting.flush_model(["date_start", "date_end", "state", "company_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT this.id, other.id FROM meeting_meeting this
                  JOIN meeting_meeting other
                    ON tsrange(other.date_start, GREATEST(other.date_start, other.date_end))
                    && tsrange(this.date_start, GREATEST(this.date_start, this.date_end))
                   AND other.company_id = this.company_id
                   AND other.id != this.id
                   AND other.state IN %s
                 WHERE this.id IN %s
                """,
                ACTIVE_STATES,
                tuple(self.ids),
            )
        )
        # sudo: see _get_venue_conflicts (every meeting of the company, names and times)
        others = Meeting.sudo().browse({other_id for _this_id, other_id in rows})
        others.fetch(
            ["name", "reference", "date_start", "date_end", "state", "company_id", "venue"]
            + ["department_id", "is_urgent", "priority"]
        )
        others = others.sorted()  # the meetings' order, as a search would give them
        by_meeting = {meeting_id: set() for meeting_id in self.ids}
        for this_id, other_id in rows:
            by_meeting[this_id].add(other_id)
        return {
            meeting_id: others.filtered(lambda o, ids=ids: o.id in ids)
            for meeting_id, ids in by_meeting.items()
        }

    def _get_conflicts(self, key_attendees=None, candidates=None):
        """Conflicts of the meeting's slot: list of dicts (kind, label, record).

        The same venue, key people already booked (meetings here and their Odoo calendar)
        and important meetings of the same department, at overlapping times.
        ``key_attendees``: the meeting's key decision makers when the caller read them
        already (sudo), else they are read from the meeting. ``candidates``: the meetings
        overlapping it when the caller read them already (``_overlap_candidates``), filtered
        here in memory with the same domain a search would use.
        """
        self.ensure_one()
        if not (self.date_start and self.date_end) or self.date_end <= self.date_start:
            return []
        overlap = self._overlap_domain()
        return (
            self._get_venue_conflicts(overlap, candidates)
            + self._get_people_conflicts(overlap, key_attendees)
            + self._get_department_conflicts(overlap, candidates)
        )

    def _overlapping(self, overlap, domain, candidates=None):
        """The meetings overlapping this one that match ``domain``: filtered from
        ``candidates`` in memory, or searched."""
        if candidates is not None:
            return candidates.filtered_domain(self._overlap_domain(indexed=False) & domain)
        # sudo: see _get_venue_conflicts
        return self.env["meeting.meeting"].sudo().search(overlap & domain)

    def _get_venue_conflicts(self, overlap, candidates=None):
        # The check sees every meeting of the company (sudo in _overlapping and
        # _overlap_candidates), also those the current user cannot open; only names and
        # times are shown.
        conflicts = []
        if self.venue:
            same_venue = Domain("venue", "=ilike", self.venue.strip())
            for other in self._overlapping(overlap, same_venue, candidates):
                conflicts.append(
                    {
                        "kind": "venue",
                        "label": self.env._(
                            "%(venue)s is booked by %(meeting)s (%(start)s – %(end)s).",
                            venue=self.venue,
                            meeting=other.display_name,
                            start=self._fmt(other.date_start),
                            end=self._fmt(other.date_end),
                        ),
                        "record": other,
                    }
                )
        return conflicts

    def _get_people_conflicts(self, overlap, key_attendees=None):
        conflicts = []
        # sudo: the conflict check must see every key attendee and their other meetings
        # (reviewers are not attendees); only names and meeting titles reach the warning.
        key = (
            key_attendees
            if key_attendees is not None
            else self.sudo().attendee_ids.filtered("is_key_decision_maker")
        )
        users = key.user_id | key.employee_id.user_id
        employees = key.employee_id | users.employee_ids
        partners = key.partner_id | users.partner_id | key.employee_id.work_contact_id
        if key:
            people = Domain.OR(
                [
                    Domain("user_id", "in", users.ids),
                    Domain("employee_id", "in", employees.ids),
                    Domain("partner_id", "in", partners.ids),
                ]
            )
            # sudo: see the comment above (other meetings of the key attendees)
            Attendee = self.env["meeting.attendee"].sudo()
            busy = Attendee.search(people & Domain("meeting_id", "any", overlap))
            for attendee in busy:
                conflicts.append(
                    {
                        "kind": "person",
                        "label": self.env._(
                            "%(person)s also attends %(meeting)s (%(start)s – %(end)s).",
                            person=attendee.name,
                            meeting=attendee.meeting_id.display_name,
                            start=self._fmt(attendee.meeting_id.date_start),
                            end=self._fmt(attendee.meeting_id.date_end),
                        ),
                        "record": attendee.meeting_id,
                    }
                )
            if partners:
                # sudo: private calendar events count as busy too; only their slot is shown
                events = (
                    self.env["calendar.event"]
                    .sudo()
                    .search(
                        [
                            ("start", "<", self.date_end),
                            ("stop", ">", self.date_start),
                            ("partner_ids", "in", partners.ids),
                            ("id", "!=", self.calendar_event_id.id or 0),
                            "!",
                            "&",
                            ("res_model", "=", "meeting.meeting"),
                            ("res_id", "=", self.id if isinstance(self.id, int) else 0),
                        ]
                    )
                )
                for event in events:
                    names = ", ".join((event.partner_ids & partners).mapped("name"))
                    conflicts.append(
                        {
                            "kind": "calendar",
                            "label": self.env._(
                                "%(people)s: calendar event %(event)s (%(start)s – %(end)s).",
                                people=names,
                                event=event.name,
                                start=self._fmt(event.start),
                                end=self._fmt(event.stop),
                            ),
                            "record": event,
                        }
                    )
        return conflicts

    def _get_department_conflicts(self, overlap, candidates=None):
        conflicts = []
        if self.department_id:
            important = self._overlapping(
                overlap,
                Domain("department_id", "=", self.department_id.id)
                & Domain.OR([Domain("is_urgent", "=", True), Domain("priority", "=", "1")]),
                candidates,
            )
            for other in important:
                conflicts.append(
                    {
                        "kind": "department",
                        "label": self.env._(
                            "Important meeting %(meeting)s of %(department)s at the same time "
                            "(%(start)s – %(end)s).",
                            meeting=other.display_name,
                            department=self.department_id.name,
                            start=self._fmt(other.date_start),
                            end=self._fmt(other.date_end),
                        ),
                        "record": other,
                    }
                )
        return conflicts

    def _fmt(self, value):
        return (
            fields.Datetime.to_string(fields.Datetime.context_timestamp(self, value))[:16]
            if value
            else ""
        )

    def _conflicts_to_html(self, conflicts):
        titles = {
            "venue": self.env._("Venue"),
            "person": self.env._("Key person"),
            "calendar": self.env._("Calendar"),
            "department": self.env._("Department"),
        }
        items = Markup("").join(
            Markup("<li><b>%s</b>: %s</li>") % (titles[c["kind"]], c["label"]) for c in conflicts
        )
        return Markup("<ul>%s</ul>") % items

    # ------------------------------------------------------------------
    # Business methods: the execution plan
    # ------------------------------------------------------------------

    def _generate_tasks(self):
        """The execution plan from the meeting type's templates: deadlines relative to the
        meeting start, owners resolved from roles/departments, dependencies carried over.

        A plan generated later than its templates' offsets allow is compressed into the time
        left (see ``meeting.task.template._get_plan_deadlines``): no task is born overdue, and
        the meeting's chatter and the executor say from what to what it was compressed."""
        # sudo: the plan is generated by the approval workflow, whoever approves; the tasks
        # belong to the meeting and follow its access rules afterwards
        Task = self.env["meeting.task"].sudo().with_context(mail_create_nolog=True)
        for meeting in self.sudo():
            # task names in the language of the people who work on the plan
            lang = (meeting.executor_id or meeting.initiator_id).lang or self.env.lang
            templates = meeting.type_id.with_context(lang=lang).task_template_ids
            if not templates:
                continue
            deadlines, compressed = templates._get_plan_deadlines(meeting)
            tasks = Task.create(
                [
                    template._prepare_task_vals(meeting, deadline=deadlines[template])
                    for template in templates
                ]
            )
            task_by_template = dict(zip(templates, tasks, strict=True))
            for template, task in task_by_template.items():
                if template.depend_on_ids:
                    task.depend_on_ids = [
                        fields.Command.set([task_by_template[t].id for t in template.depend_on_ids])
                    ]
            tasks._update_blocked_state()
            tasks.filtered(lambda t: t.state == "todo")._schedule_owner_activity()
            # the note, like the plan, in the language of the people who work on it
            localized = meeting.with_context(lang=lang)
            localized.message_post(
                body=localized.env._(
                    "Execution plan generated from the %(type)s templates: %(count)s tasks.",
                    type=localized.type_id.name,
                    count=len(tasks),
                ),
                subtype_xmlid="mail.mt_note",
            )
            if compressed:
                meeting.with_context(lang=lang)._notify_plan_compressed(compressed, len(tasks))

    def _notify_plan_compressed(self, compressed, count):
        """Tell the meeting's chatter and its executor that the plan was compressed."""
        self.ensure_one()
        old_first, old_last, new_first, new_last = compressed
        executor = self.executor_id or self.initiator_id
        tz = executor.tz or self.env.user.tz or "UTC"

        def fmt(value):
            return format_datetime(self.env, value, tz=tz, dt_format="yyyy-MM-dd HH:mm")

        body = self.env._(
            "The execution plan was compressed to fit the time left before the meeting: the "
            "preparation deadlines of the templates ran from %(old_first)s to %(old_last)s, "
            "which had partly passed; the %(count)s tasks are now due from %(new_first)s to "
            "%(new_last)s, in the same order. Check that their owners can still make it.",
            old_first=fmt(old_first),
            old_last=fmt(old_last),
            new_first=fmt(new_first),
            new_last=fmt(new_last),
            count=count,
        )
        self.message_post(body=body, subtype_xmlid="mail.mt_note")
        if executor:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Execution plan compressed: check the task deadlines"),
                note=body,
                user_id=executor.id,
            )

    # ------------------------------------------------------------------
    # Business methods: attendance and the on-site view
    # ------------------------------------------------------------------

    def _get_preparation_counts(self):
        """{meeting id: {total, done, late, due, done_on_time, ontime_rate}} for the meetings.

        The one definition of preparation progress and punctuality, read by the task board,
        the KPIs, the reports and the management summary:

        - a task is *late* when it is past its deadline (finished after it, or still open
          after it: ``meeting.task._get_late_minutes``);
        - a task is *due* once it is finished or its deadline has passed;
        - the *on-time rate* is the share of the due tasks finished by their deadline.
        """
        now = fields.Datetime.now()
        counts = {}
        # sudo: figures over every task of the meetings, the same for whoever reads them (a
        # task owner may see only their own tasks); only counts are returned.
        tasks = (
            self.env["meeting.task"]
            .sudo()
            .search_fetch(
                [("meeting_id", "in", self._origin.ids)],
                ["meeting_id", "state", "date_done", "date_deadline"],
            )
        )
        for task in tasks:
            row = counts.setdefault(task.meeting_id.id, dict.fromkeys(PREPARATION_KEYS, 0))
            late = task._get_late_minutes(now) > 0
            done = task.state == "done"
            row["total"] += 1
            row["done"] += done
            row["late"] += late
            row["due"] += done or bool(task.date_deadline and task.date_deadline < now)
            row["done_on_time"] += done and not late
        for row in counts.values():
            row["ontime_rate"] = 100.0 * row["done_on_time"] / row["due"] if row["due"] else 0.0
        return counts

    def _get_attendance_counts(self):
        """The one definition of attendance, for every place that shows it.

        ``expected``: attendees who did not decline (someone who came anyway counts too);
        ``checked_in``: attendees checked in. Returns ``{meeting id: {"expected": n,
        "checked_in": n}}`` for the saved meetings of ``self`` (new records: use their origin).

        One ``_read_group`` on the (meeting_id, is_checked_in) index; nothing is stored on the
        meeting, so a scan never writes (nor locks) the meeting row.
        """
        meeting_ids = [mid for mid in self._origin.ids if mid]
        counts = {mid: {"expected": 0, "checked_in": 0} for mid in meeting_ids}
        if not meeting_ids:
            return counts
        # sudo: counts only, no attendee data leaves this method. Everybody who may read the
        # meeting (the caller's responsibility: field access or an explicit check) sees the
        # same figure, whatever attendee record rules apply to them.
        groups = (
            self.env["meeting.attendee"]
            .sudo()
            ._read_group(
                [
                    ("meeting_id", "in", meeting_ids),
                    "|",
                    ("invitation_state", "!=", "declined"),
                    ("is_checked_in", "=", True),
                ],
                ["meeting_id", "is_checked_in"],
                ["__count"],
            )
        )
        for meeting, checked_in, count in groups:
            row = counts[meeting.id]
            row["expected"] += count
            if checked_in:
                row["checked_in"] += count
        return counts

    def _agenda_position(self, now):
        """Current item, next item, minutes to the next one and running deviation."""
        self.ensure_one()
        items = self.agenda_item_ids.sorted(lambda i: (i.date_start, i.sequence, i.id))
        current = items.filtered(lambda i: i.state == "running")[:1]
        if not current and self.state != "in_progress":
            current = items.filtered(
                lambda i: i.state == "planned" and i.date_start <= now < i.date_end
            )[:1]
        pending = items.filtered(lambda i: i.state == "planned" and i != current)
        if current:
            pending = pending.filtered(lambda i: i.date_start >= current.date_start)
        nxt = pending[:1]
        deviation = 0
        started = items.filtered("actual_start").sorted("actual_start")
        if started:
            last = started[-1]
            if last.state == "done" and last.actual_end:
                deviation = _minutes(last.date_end, last.actual_end)
            else:
                deviation = _minutes(last.date_start, last.actual_start)
                if now > last.date_end:
                    deviation = max(deviation, _minutes(last.date_end, now))
        countdown = 0
        if nxt:
            countdown = max(_minutes(now, nxt.date_start), 0)
        return {"current": current, "next": nxt, "countdown": countdown, "deviation": deviation}

    def _notify_onsite_update(self, kind):
        """Ping the on-site views of these meetings; they reload through the ORM."""
        for meeting in self:
            if meeting.id:
                # the payload carries no data: clients re-read with their own access rights
                self.env["bus.bus"]._sendone(
                    (meeting, "onsite"),
                    ONSITE_NOTIFICATION,
                    {"meeting_id": meeting.id, "kind": kind},
                )

    def _notify_agenda_changed(self, change):
        """Send the new agenda to every attendee: mail, and an Odoo notification for users."""
        self.ensure_one()
        # sudo: attendees' contact data is needed to deliver the approved agenda to them;
        # nothing is returned to the current user
        attendees = self.sudo().attendee_ids.filtered(lambda a: a.invitation_state != "declined")
        with_email = attendees.filtered("email")
        template = self.env.ref("meeting_management.mail_template_agenda_changed")
        if with_email:
            # sudo: mail templates are restricted to editors; it renders to the attendees only
            template.sudo().with_context(
                agenda_change_reason=change.reason, agenda_change_item=change.item_id.name
            ).send_mail_batch(with_email.ids, email_layout_xmlid="mail.mail_notification_light")
        users = attendees.user_id.filtered(lambda u: not u.share) | self.executor_id
        if users:
            body = self.env["ir.qweb"]._render(
                "meeting_management.agenda_changed_notification",
                {"meeting": self, "change": change},
            )
            self.message_notify(
                partner_ids=users.partner_id.ids,
                subject=self.env._("New agenda: %(meeting)s", meeting=self.name),
                body=Markup(body),
            )
        self.message_post(
            body=self.env._(
                "Agenda change approved for %(item)s: %(reason)s",
                item=change.item_id.name,
                reason=change.reason,
            )
        )

    def get_onsite_data(self):
        """Everything the on-site view shows, in one call."""
        check_record_ids(self)
        self.check_access("read")
        now = fields.Datetime.now()
        position = self._agenda_position(now)
        attendance = self._get_attendance_counts()[self.id]
        expected, checked_in = attendance["expected"], attendance["checked_in"]

        def item_data(item):
            if not item:
                return False
            return {
                "id": item.id,
                "name": item.name,
                "state": item.state,
                "date_start": fields.Datetime.to_string(item.date_start),
                "date_end": fields.Datetime.to_string(item.date_end),
                "actual_start": fields.Datetime.to_string(item.actual_start),
                "owner": item.user_id.name or "",
                "location": item.location or "",
            }

        incidents = self.env["meeting.incident"].search(
            [
                ("meeting_id", "=", self.id),
                ("state", "in", ("reported", "in_progress", "external")),
            ],
            order="sla_deadline, id",
        )
        state_labels = dict(
            self.env["meeting.incident"]._fields["state"]._description_selection(self.env)
        )
        urgency_labels = (
            self.env["meeting.incident"]._fields["urgency"]._description_selection(self.env)
        )
        return {
            "id": self.id,
            "name": self.name,
            "state": self.state,
            "venue": self.venue or "",
            "date_start": fields.Datetime.to_string(self.date_start),
            "date_end": fields.Datetime.to_string(self.date_end),
            "server_now": fields.Datetime.to_string(now),
            "can_run": self._can_run_agenda(),
            "checkin": {
                "expected": expected,
                "checked_in": checked_in,
                "missing": expected - checked_in,
            },
            "current": item_data(position["current"]),
            "next": item_data(position["next"]),
            "countdown": position["countdown"],
            "deviation": position["deviation"],
            "incidents": [
                {
                    "id": inc.id,
                    "name": inc.name,
                    "type": inc.type_id.name,
                    "urgency": inc.urgency,
                    "state": inc.state,
                    "state_label": state_labels.get(inc.state),
                    "handler": inc.handler_id.name or "",
                    "date_reported": fields.Datetime.to_string(inc.date_reported),
                    "date_responded": fields.Datetime.to_string(inc.date_responded),
                    "sla_deadline": fields.Datetime.to_string(inc.sla_deadline),
                }
                for inc in incidents
            ],
            "incident_types": [
                {"id": t.id, "name": t.name}
                for t in self.env["meeting.incident.type"].search(
                    ["|", ("company_id", "=", False), ("company_id", "=", self.company_id.id)]
                )
            ],
            "urgencies": [[key, label] for key, label in urgency_labels],
        }

    @api.model
    def get_onsite_meeting_id(self):
        """The meeting the on-site view opens on when none is given."""
        meeting = self.search(
            [("state", "=", "in_progress"), ("executor_id", "=", self.env.uid)],
            order="date_start desc",
            limit=1,
        ) or self.search([("state", "=", "in_progress")], order="date_start desc", limit=1)
        return meeting.id

    def report_onsite_incident(self, vals):
        """Quick report from the on-site view (phone/tablet).

        ``vals``: ``type_id`` (id), ``name``, optional ``urgency``, ``description``, ``impact``,
        and photos as ``photo`` (one ``{name, data, mimetype}`` dict, ``data`` in base64) and/or
        ``photos`` (a list of such dicts). Malformed values are refused with a UserError.
        """
        check_record_ids(self)
        self.check_access("read")
        Incident = self.env["meeting.incident"]
        if not isinstance(vals, dict):
            raise UserError(self.env._("The incident report is malformed."))
        name = get_optional_text(self.env, vals, "name", self.env._("The summary")).strip()
        if not name:
            raise UserError(self.env._("Describe the incident in a few words."))
        if not vals.get("type_id"):
            raise UserError(self.env._("Choose the type of the incident."))
        incident_type = self.env["meeting.incident.type"].browse(
            get_id(self.env, vals, "type_id", self.env._("The incident type"))
        )
        if not incident_type.exists() or not incident_type.has_access("read"):
            raise UserError(self.env._("The chosen incident type does not exist."))
        urgency = vals.get("urgency") or "medium"
        urgencies = dict(Incident._fields["urgency"]._description_selection(self.env))
        if not isinstance(urgency, str) or urgency not in urgencies:
            raise UserError(
                self.env._(
                    "Unknown urgency; choose one of: %(urgencies)s.",
                    urgencies=", ".join(urgencies.values()),
                )
            )
        photos = self._onsite_photos(vals)
        incident = Incident.create(
            {
                "meeting_id": self.id,
                "name": name,
                "type_id": incident_type.id,
                "urgency": urgency,
                "description": get_optional_text(
                    self.env, vals, "description", self.env._("The description")
                )
                or False,
                "impact": get_optional_text(self.env, vals, "impact", self.env._("The impact"))
                or False,
            }
        )
        if photos:
            attachments = self.env["ir.attachment"].create(
                [{**photo, "res_model": Incident._name, "res_id": incident.id} for photo in photos]
            )
            # the reporter attaches evidence; the link field is not a workflow field
            incident.evidence_ids = [fields.Command.link(a.id) for a in attachments]
        return incident.id

    def _onsite_photos(self, vals):
        """Attachment values of the photos of an on-site report, checked."""
        photos = []
        if vals.get("photo"):
            photos.append(vals["photo"])
        if vals.get("photos"):
            if not isinstance(vals["photos"], list):
                raise UserError(self.env._("The photos must be given as a list."))
            photos += vals["photos"]
        result = []
        for photo in photos:
            if not isinstance(photo, dict):
                raise UserError(self.env._("A photo must be given with its name and content."))
            if not photo.get("data"):
                continue  # a cleared file input
            result.append(
                {
                    "name": get_optional_text(self.env, photo, "name", self.env._("The photo name"))
                    or self.env._("Photo"),
                    "datas": get_base64(self.env, photo["data"], self.env._("The photo")),
                    "mimetype": get_optional_text(
                        self.env, photo, "mimetype", self.env._("The photo type")
                    )
                    or False,
                }
            )
        return result

    # ------------------------------------------------------------------
    # Business methods: survey and publication
    # ------------------------------------------------------------------

    def _send_feedback_invitations(self):
        self.ensure_one()
        # sudo: e-mail addresses are restricted to coordinators, and the initiator may finish
        invitable = self.attendee_ids.sudo().filtered(
            lambda a: not a.feedback_invited and a.invitation_state != "declined"
        )
        with_email = invitable.filtered("email")
        without_email = invitable - with_email
        attendees = with_email.sudo(False)
        if without_email:
            # Nobody is left out silently: their personal links are ready for the QR sheet
            # (Survey Links), or they answer on paper (Record Paper Answer).
            without_email._ensure_feedback_token()
            self.message_post(
                body=self.env._(
                    "No survey link e-mailed to %(count)s attendee(s) without an e-mail address: "
                    "%(names)s. Print their links as QR codes (Survey Links) or record their "
                    "answers from a paper questionnaire.",
                    count=len(without_email),
                    names=", ".join(without_email.mapped("name")),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if not attendees:
            return bool(without_email)
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
        return bool(without_email)

    def _get_survey_link_attendees(self):
        """Attendees who got no survey link by e-mail and have not answered yet."""
        self.ensure_one()
        # sudo: the e-mail address is restricted to coordinators; only the selection leaves
        attendees = self.attendee_ids.sudo().filtered(
            lambda a: a.invitation_state != "declined" and not a.email and not a.has_feedback
        )
        return attendees.sudo(False)

    def _get_survey_link_sheet_link(self):
        self.ensure_one()
        return {
            "url": f"/report/pdf/meeting_management.report_survey_link_sheet/{self.id}",
            "label": self.env._("Survey Links"),
        }

    def _format_dt(self, value, dt_format="short"):
        """A datetime in the initiator's timezone (reports, the survey page, summary mails)."""
        if not value:
            return ""
        tz = self.initiator_id.tz or self.env.user.tz or "UTC"
        return format_datetime(self.env, value, tz=tz, dt_format=dt_format)

    def _agenda_rows(self):
        """The agenda as display rows, for the agenda mails (see the agenda report)."""
        self.ensure_one()
        return self.env["report.meeting_management.report_meeting_agenda"]._get_lines(self)

    def _create_report_attachments(self):
        """The monitoring report (PDF and workbook) archived as attachments of the meeting."""
        self.ensure_one()
        report = self.env["report.meeting_management.report_meeting_monitoring"]
        return self.env["ir.attachment"].create(
            [
                {**values, "res_model": self._name, "res_id": self.id}
                for values in report._get_attachment_values(self)
            ]
        )

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
        if partners:
            body = self.env._(
                "Monitoring report published and sent to %(names)s.",
                names=", ".join(partners.mapped("name")),
            )
        else:
            body = self.env._(
                "Monitoring report published and archived here. Nobody received it by e-mail: "
                "choose the report recipients in Settings."
            )
        self.message_post(body=body, attachment_ids=attachments.ids, subtype_xmlid="mail.mt_note")
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
            users = company.meeting_report_user_ids | company.meeting_report_group_ids.all_user_ids
            partners = users.filtered("active").partner_id.filtered("email")
            # one mail per language, the summary's labels and dates in that language
            for lang, lang_partners in partners.grouped(
                lambda p, c=company: p.lang or c.partner_id.lang or "en_US"
            ).items():
                localized = self.with_context(lang=lang)
                summary = localized._get_management_summary(company, now - delta, now)
                template.with_context(lang=lang, summary=summary).send_mail(
                    company.id,
                    email_values={"recipient_ids": [(4, pid) for pid in lang_partners.ids]},
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
        preparation = preparing._get_preparation_counts()
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
                    "late_tasks": preparation.get(meeting.id, {}).get("late", 0),
                    "open_incidents": open_incidents.get(meeting, 0),
                }
                for meeting in preparing
            ],
        }
