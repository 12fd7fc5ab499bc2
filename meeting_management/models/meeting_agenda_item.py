from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .rpc_args import check_record_ids

PLANNED_FIELDS = ("date_start", "date_end")
# fields owned by the Start / Finish / Skip actions: never written by users
RUN_FIELDS = {"state", "actual_start", "actual_end", "skip_reason"}


class MeetingAgendaItem(models.Model):
    _name = "meeting.agenda.item"
    _description = "Meeting Agenda Item"
    _inherit = ["meeting.line.mixin"]
    _order = "meeting_id, date_start, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Session", required=True)
    date_start = fields.Datetime(string="Planned Start", required=True)
    date_end = fields.Datetime(string="Planned End", required=True)
    user_id = fields.Many2one("res.users", string="Owner")
    location = fields.Char()
    notes = fields.Text(string="Materials / Equipment")
    state = fields.Selection(
        [("planned", "Planned"), ("running", "Running"), ("done", "Done"), ("skipped", "Skipped")],
        default="planned",
        required=True,
        copy=False,
    )
    actual_start = fields.Datetime(copy=False)
    actual_end = fields.Datetime(copy=False)
    skip_reason = fields.Char()
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting Status")
    planned_minutes = fields.Integer(string="Planned (min)", compute="_compute_minutes")
    actual_minutes = fields.Integer(string="Actual (min)", compute="_compute_minutes")
    start_deviation = fields.Integer(
        string="Start Deviation (min)",
        compute="_compute_minutes",
        help="Actual start minus planned start, in minutes (positive = late).",
    )
    end_deviation = fields.Integer(
        string="Deviation (min)",
        compute="_compute_minutes",
        help="Actual end minus planned end, in minutes (positive = late).",
    )
    change_ids = fields.One2many("meeting.agenda.change", "item_id", string="Change Requests")
    can_run = fields.Boolean(compute="_compute_can_run")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("date_start", "date_end", "actual_start", "actual_end")
    def _compute_minutes(self):
        for item in self:
            item.planned_minutes = _minutes(item.date_start, item.date_end)
            item.actual_minutes = _minutes(item.actual_start, item.actual_end)
            item.start_deviation = _minutes(item.date_start, item.actual_start)
            item.end_deviation = _minutes(item.date_end, item.actual_end)

    @api.depends_context("uid")
    @api.depends("meeting_id.executor_id", "meeting_id.initiator_id", "user_id")
    def _compute_can_run(self):
        for item in self:
            item.can_run = item.meeting_id._can_run_agenda()

    @api.constrains("date_start", "date_end", "meeting_id")
    def _check_schedule(self):
        for meeting in self.meeting_id:
            items = meeting.agenda_item_ids.filtered(lambda i: i.state != "skipped").sorted(
                "date_start"
            )
            for item in items & self:
                if item.date_end <= item.date_start:
                    raise ValidationError(
                        self.env._(
                            "The agenda item %(item)s must end after it starts.", item=item.name
                        )
                    )
                if item.date_start < meeting.date_start or item.date_end > meeting.date_end:
                    raise ValidationError(
                        self.env._(
                            "The agenda item %(item)s (%(start)s - %(end)s) is outside the "
                            "meeting time (%(m_start)s - %(m_end)s).",
                            item=item.name,
                            start=_fmt(item, item.date_start),
                            end=_fmt(item, item.date_end),
                            m_start=_fmt(item, meeting.date_start),
                            m_end=_fmt(item, meeting.date_end),
                        )
                    )
            for previous, following in pairwise(items):
                if following.date_start < previous.date_end and (previous | following) & self:
                    raise ValidationError(
                        self.env._(
                            "The agenda items %(first)s (%(first_start)s - %(first_end)s) and "
                            "%(second)s (%(second_start)s - %(second_end)s) overlap.",
                            first=previous.name,
                            first_start=_fmt(previous, previous.date_start),
                            first_end=_fmt(previous, previous.date_end),
                            second=following.name,
                            second_start=_fmt(following, following.date_start),
                            second_end=_fmt(following, following.date_end),
                        )
                    )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("state", "planned") != "planned" or any(
                    vals.get(fname) for fname in RUN_FIELDS - {"state"}
                ):
                    raise UserError(
                        self.env._(
                            "A new agenda item is planned: its status and actual times are "
                            "recorded with the Start, Finish and Skip buttons."
                        )
                    )
        items = super().create(vals_list)
        items.meeting_id._notify_onsite_update("agenda")
        return items

    def write(self, vals):
        if not self.env.su:
            self._check_user_write(vals)
        res = super().write(vals)
        self.meeting_id._notify_onsite_update("agenda")
        return res

    def _check_user_write(self, vals):
        if RUN_FIELDS & set(vals):
            raise UserError(self.env._("Use the Start, Finish and Skip buttons to run the agenda."))
        if set(PLANNED_FIELDS) & set(vals) and not self.env.user.has_group(
            "meeting_management.group_meeting_manager"
        ):
            started = self.filtered(lambda i: i.meeting_id.state in ("in_progress", "review"))
            if started:
                raise UserError(
                    self.env._(
                        "The meeting %(meeting)s has started: request an agenda change to move "
                        "or extend %(item)s.",
                        meeting=started[0].meeting_id.display_name,
                        item=started[0].name,
                    )
                )

    def _write_run(self, vals):
        """Write the run fields; callers checked the right to run the agenda and the state."""
        # sudo: run fields are refused to users in write(); the Start / Finish / Skip actions
        # call this after _check_can_run and their state checks
        return self.sudo().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_run(self):
        check_record_ids(self, singleton=False)
        for item in self:
            if not item.can_run:
                raise UserError(
                    self.env._(
                        "Only the executor of the meeting %(meeting)s may run its agenda.",
                        meeting=item.meeting_id.display_name,
                    )
                )
            if item.meeting_id.state != "in_progress":
                raise UserError(
                    self.env._(
                        "Start the meeting %(meeting)s before running its agenda.",
                        meeting=item.meeting_id.display_name,
                    )
                )

    def action_start_item(self):
        check_record_ids(self)
        self._check_can_run()
        for item in self:
            if item.state != "planned":
                raise UserError(
                    self.env._("The agenda item %(item)s was already started.", item=item.name)
                )
        now = fields.Datetime.now()
        # only one running item per meeting: starting the next one finishes the current one
        running = self.meeting_id.agenda_item_ids.filtered(lambda i: i.state == "running") - self
        running._write_run({"state": "done", "actual_end": now})
        self._write_run({"state": "running", "actual_start": now})
        return True

    def action_finish_item(self):
        check_record_ids(self)
        self._check_can_run()
        for item in self:
            if item.state != "running":
                raise UserError(
                    self.env._("The agenda item %(item)s is not running.", item=item.name)
                )
        self._write_run({"state": "done", "actual_end": fields.Datetime.now()})
        return True

    def action_open_skip_wizard(self):
        check_record_ids(self)
        self._check_can_run()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Skip Agenda Item"),
            "res_model": "meeting.agenda.skip.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_item_id": self.id},
        }

    def _skip(self, reason):
        self._check_can_run()
        if not (reason or "").strip():
            raise UserError(self.env._("Give a reason to skip an agenda item."))
        for item in self:
            if item.state not in ("planned", "running"):
                raise UserError(
                    self.env._("The agenda item %(item)s is already over.", item=item.name)
                )
        self._write_run({"state": "skipped", "skip_reason": reason.strip()})
        for meeting in self.meeting_id:
            meeting.message_post(
                body=self.env._(
                    "Agenda item skipped: %(items)s. Reason: %(reason)s",
                    items=", ".join(
                        self.filtered(lambda i, m=meeting: i.meeting_id == m).mapped("name")
                    ),
                    reason=reason.strip(),
                ),
            )
        return True

    def action_request_change(self):
        self.ensure_one()
        self.env["meeting.agenda.change"]._check_can_request(self)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Agenda Change"),
            "res_model": "meeting.agenda.change",
            "view_mode": "form",
            "views": [
                (
                    self.env.ref("meeting_management.meeting_agenda_change_view_form_request").id,
                    "form",
                )
            ],
            "target": "new",
            "context": {
                "default_item_id": self.id,
                "default_new_date_start": self.date_start,
                "default_new_date_end": self.date_end,
            },
        }


def _minutes(start, end):
    if not start or not end:
        return 0
    return round((end - start).total_seconds() / 60)


def _fmt(record, value):
    """A datetime in the user's timezone, for messages."""
    return fields.Datetime.context_timestamp(record, value).strftime("%H:%M")
