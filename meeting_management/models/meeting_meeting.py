from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL

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
    # Fields
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
    expected_internal_count = fields.Integer(string="Expected Internal Attendees")
    expected_external_count = fields.Integer(string="Expected External Attendees")
    key_topics = fields.Html()
    expected_outcomes = fields.Html()
    objective_ids = fields.One2many("meeting.objective", "meeting_id", string="Objectives")
    budget_total = fields.Monetary(string="Budget Total", currency_field="currency_id")
    budget_line_ids = fields.One2many("meeting.budget.line", "meeting_id", string="Budget Lines")
    approval_ids = fields.One2many("meeting.approval", "meeting_id", string="Approval Steps")
    task_ids = fields.One2many("meeting.task", "meeting_id", string="Tasks")
    attendee_ids = fields.One2many("meeting.attendee", "meeting_id", string="Attendees")
    agenda_item_ids = fields.One2many("meeting.agenda.item", "meeting_id", string="Agenda")
    incident_ids = fields.One2many("meeting.incident", "meeting_id", string="Incidents")
    feedback_ids = fields.One2many("meeting.feedback", "meeting_id", string="Feedback")

    # Stage 1: application form and approval
    priority = fields.Selection(
        [("0", "Normal"), ("1", "Important")],
        default="0",
        index=True,
        tracking=True,
        help="Important meetings are shown as conflicts to other meetings of the same "
        "department at the same time.",
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
    key_attendee_ids = fields.One2many(
        "meeting.attendee",
        "meeting_id",
        string="Key People",
        domain=[("is_key_decision_maker", "=", True)],
        context={"default_is_key_decision_maker": True},
    )
    approval_round = fields.Integer(
        string="Approval Round", default=0, readonly=True, copy=False, tracking=True
    )
    current_approval_ids = fields.One2many(
        "meeting.approval", compute="_compute_current_approvals", string="Current Steps"
    )
    approval_count = fields.Integer(compute="_compute_current_approvals")
    pending_approval_count = fields.Integer(compute="_compute_current_approvals")
    can_decide = fields.Boolean(compute="_compute_can_decide")
    can_manage_plan = fields.Boolean(compute="_compute_can_manage_plan")
    is_locked = fields.Boolean(compute="_compute_is_locked")
    budget_lines_total = fields.Monetary(
        compute="_compute_budget_lines_total", currency_field="currency_id"
    )
    conflict_html = fields.Html(string="Conflicts", compute="_compute_conflicts", sanitize=False)
    conflict_count = fields.Integer(compute="_compute_conflicts")
    calendar_event_id = fields.Many2one("calendar.event", readonly=True, copy=False)
    change_reason = fields.Text(
        string="Last Change Request", readonly=True, copy=False, tracking=True
    )
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Computes and constraints
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
    @api.depends("approval_ids.state", "approval_ids.reviewer_id")
    def _compute_can_decide(self):
        for meeting in self:
            meeting.can_decide = bool(meeting._get_my_pending_steps())

    @api.depends_context("uid")
    @api.depends("initiator_id")
    def _compute_can_manage_plan(self):
        is_manager = self.env.user.has_group("meeting_management.group_meeting_manager")
        for meeting in self:
            meeting.can_manage_plan = is_manager or meeting.initiator_id == self.env.user

    @api.depends("state")
    def _compute_is_locked(self):
        for meeting in self:
            meeting.is_locked = meeting.state not in EDITABLE_STATES

    @api.depends("budget_line_ids.amount_planned")
    def _compute_budget_lines_total(self):
        for meeting in self:
            meeting.budget_lines_total = sum(meeting.budget_line_ids.mapped("amount_planned"))

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
        for meeting in self:
            conflicts = meeting._get_conflicts()
            meeting.conflict_count = len(conflicts)
            meeting.conflict_html = meeting._conflicts_to_html(conflicts) if conflicts else False

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
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
                            self._fields[f].get_description(self.env)["string"]
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

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for meeting in self:
            if meeting.reference and meeting.reference != "/":
                meeting.display_name = f"[{meeting.reference}] {meeting.name}"
            else:
                meeting.display_name = meeting.name

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
    # Actions
    # ------------------------------------------------------------------
    def action_submit(self):
        for meeting in self:
            meeting._check_can_manage_plan()
            if meeting.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "Only a draft or rejected plan can be submitted (%(name)s).",
                        name=meeting.display_name,
                    )
                )
            meeting._check_submittable()
        for meeting in self:
            meeting._start_round()
        return True

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
        self._check_can_manage_plan()
        if self.state != "approved":
            raise UserError(self.env._("Only an approved plan can be changed through a request."))
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
        for meeting in self:
            meeting._check_can_manage_plan()
            if meeting.state not in (
                "draft",
                "resource_review",
                "manager_approval",
                "approved",
                "rejected",
            ):
                raise UserError(
                    self.env._(
                        "The meeting %(name)s can no longer be cancelled.",
                        name=meeting.display_name,
                    )
                )
        pending = self.approval_ids.filtered(lambda a: a.state == "pending")
        pending._cancel_steps()
        # sudo: the calendar event was created by the approval flow for these meetings; the
        # user has just been checked as their initiator or a meeting administrator.
        self.calendar_event_id.sudo().action_archive()
        self._set_state("cancelled")
        return True

    def action_reset_to_draft(self):
        for meeting in self:
            meeting._check_can_manage_plan()
            if meeting.state not in ("rejected", "cancelled"):
                raise UserError(
                    self.env._(
                        "Only a rejected or cancelled plan can be set back to draft (%(name)s).",
                        name=meeting.display_name,
                    )
                )
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
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_manage_plan(self):
        for meeting in self:
            if not meeting.can_manage_plan:
                raise UserError(
                    self.env._(
                        "Only the initiator or a meeting administrator can do this on %(name)s.",
                        name=meeting.display_name,
                    )
                )

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

    def _get_my_pending_steps(self):
        user = self.env.user
        is_manager = user.has_group("meeting_management.group_meeting_manager")
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
        Event = self.env["calendar.event"].sudo()
        for meeting in self.sudo():
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
                meeting.calendar_event_id.write(dict(vals, active=True))
            else:
                meeting.calendar_event_id = Event.create(vals)

    def _sync_calendar_attendees(self):
        """The internal attendees changed: update the event of approved meetings."""
        live = self.filtered(
            lambda m: m.state in ("approved", "in_progress") and m.sudo().calendar_event_id
        )
        live._sync_calendar_event()

    # ------------------------------------------------------------------
    # Conflicts
    # ------------------------------------------------------------------
    def _overlap_domain(self):
        self.ensure_one()
        return Domain(
            [
                ("date_start", "<", self.date_end),
                ("date_end", ">", self.date_start),
                ("state", "in", ACTIVE_STATES),
                ("company_id", "=", self.company_id.id),
            ]
        ) & (Domain("id", "!=", self.id) if isinstance(self.id, int) else Domain.TRUE)

    def _get_conflicts(self):
        """Conflicts of the meeting's slot: list of dicts (kind, label, record)."""
        self.ensure_one()
        if not (self.date_start and self.date_end) or self.date_end <= self.date_start:
            return []
        # sudo: the check must see every meeting and calendar event of the company, also
        # those the current user cannot open; only names and times are shown.
        Meeting = self.env["meeting.meeting"].sudo()
        overlap = self._overlap_domain()
        conflicts = []
        if self.venue:
            for other in Meeting.search(overlap & Domain("venue", "=ilike", self.venue.strip())):
                conflicts.append(
                    {
                        "kind": "venue",
                        "label": self.env._(
                            "Venue %(venue)s is booked by %(meeting)s (%(start)s – %(end)s).",
                            venue=self.venue,
                            meeting=other.display_name,
                            start=self._fmt(other.date_start),
                            end=self._fmt(other.date_end),
                        ),
                        "record": other,
                    }
                )
        # sudo: the conflict check must see every key attendee and their other meetings
        # (reviewers are not attendees); only names and meeting titles reach the warning.
        key = self.sudo().attendee_ids.filtered("is_key_decision_maker")
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
        if self.department_id:
            important = Meeting.search(
                overlap
                & Domain("department_id", "=", self.department_id.id)
                & Domain.OR([Domain("is_urgent", "=", True), Domain("priority", "=", "1")])
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
    # Hooks for the later stages
    # ------------------------------------------------------------------
    def _on_approved(self):
        """Called once the plan is approved (first approval or re-approval).

        Stages extend it: the execution plan (tasks), calendar events, ...
        """
        return True

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
