from odoo import api, fields, models
from odoo.exceptions import ValidationError

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


class MeetingMeeting(models.Model):
    _name = "meeting.meeting"
    _description = "Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    initiator_employee_id = fields.Many2one(
        "hr.employee",
        string="Initiator Employee",
        compute="_compute_initiator_employee",
        store=True,
    )
    department_id = fields.Many2one(
        "hr.department",
        compute="_compute_initiator_employee",
        store=True,
        readonly=False,
        index=True,
    )
    initiator_job_title = fields.Char(
        string="Initiator Title",
        compute="_compute_initiator_employee",
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

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("initiator_id")
    def _compute_initiator_employee(self):
        for meeting in self:
            employee = (
                meeting.initiator_id.employee_ids.filtered(
                    lambda e, c=meeting.company_id: e.company_id == c
                )[:1]
                or meeting.initiator_id.employee_ids[:1]
            )
            meeting.initiator_employee_id = employee
            meeting.department_id = employee.department_id
            meeting.initiator_job_title = employee.job_title

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for meeting in self:
            if meeting.date_start and meeting.date_end and meeting.date_end <= meeting.date_start:
                raise ValidationError(
                    self.env._("The meeting %(name)s must end after it starts.", name=meeting.name)
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reference", "/") == "/":
                vals["reference"] = self.env["ir.sequence"].next_by_code("meeting.meeting") or "/"
        return super().create(vals_list)

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for meeting in self:
            if meeting.reference and meeting.reference != "/":
                meeting.display_name = f"[{meeting.reference}] {meeting.name}"
            else:
                meeting.display_name = meeting.name

    # ------------------------------------------------------------------
    # Hooks for the later stages
    # ------------------------------------------------------------------
    def _on_approved(self):
        """Called once the plan is approved (first approval or re-approval).

        Stages extend it: the execution plan (tasks), calendar events, ...
        """
        return True
