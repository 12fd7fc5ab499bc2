"""The meeting's first screens: who lands where when opening the app, "My meetings" and what a
meeting card shows (dates, venue, approval and preparation progress, the next deadline)."""

from odoo import api, fields, models
from odoo.fields import Domain

from .meeting_meeting_access import MY_MEETING_LINKS

# The states whose meetings still have a next deadline: the approval steps, then the tasks
APPROVAL_STATES = ("resource_review", "manager_approval")
PREPARATION_STATES = ("approved", "in_progress", "review")


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    is_my_meeting = fields.Boolean(
        string="My Meeting",
        compute="_compute_is_my_meeting",
        search="_search_is_my_meeting",
        help="Meetings I initiate, coordinate, attend or review.",
    )
    approval_progress = fields.Char(
        string="Approval Progress",
        compute="_compute_card_info",
        help="Approved steps of the current round out of all its steps.",
    )
    next_deadline = fields.Datetime(compute="_compute_card_info")
    next_deadline_label = fields.Char(string="Next Deadline For", compute="_compute_card_info")
    next_deadline_overdue = fields.Boolean(compute="_compute_card_info")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends("initiator_id", "executor_id")
    def _compute_is_my_meeting(self):
        mine = set(self.search([("id", "in", self.ids), ("is_my_meeting", "=", True)]).ids)
        for meeting in self:
            meeting.is_my_meeting = meeting.id in mine

    def _search_is_my_meeting(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        # initiator, executor, attendee, reviewer of a step still in force: one indexed
        # lookup each (meeting_meeting_access.py); the user's record rules still apply
        domain = Domain("id", "in", self._meeting_ids_sql(MY_MEETING_LINKS))
        return domain if operator == "in" else ~domain

    @api.depends_context("uid")
    @api.depends(
        "state",
        "approval_round",
        "approval_ids.state",
        "approval_ids.deadline",
        "task_ids.state",
        "task_ids.date_deadline",
    )
    def _compute_card_info(self):
        now = fields.Datetime.now()
        step_types = dict(
            self.env["meeting.approval"]._fields["step_type"]._description_selection(self.env)
        )
        for meeting in self:
            # sudo: the card shows the meeting's own progress to whoever reads the meeting; a
            # task's name is shown only to who may read the task
            sudo_meeting = meeting.sudo()
            steps = sudo_meeting.approval_ids.filtered(
                lambda s, r=meeting.approval_round: s.approval_round == r and s.state != "cancelled"
            )
            approved = steps.filtered(lambda s: s.state == "approved")
            meeting.approval_progress = f"{len(approved)} / {len(steps)}" if steps else False
            deadline, label = False, False
            if meeting.state in APPROVAL_STATES:
                pending = steps.filtered(lambda s: s.state == "pending").sorted("deadline")[:1]
                if pending:
                    deadline, label = pending.deadline, step_types.get(pending.step_type)
            elif meeting.state in PREPARATION_STATES:
                task = sudo_meeting.task_ids.filtered(
                    lambda t: t.state != "done" and t.date_deadline
                ).sorted("date_deadline")[:1]
                if task:
                    deadline = task.date_deadline
                    readable = task.with_env(self.env)._filtered_access("read")
                    label = readable.name if readable else self.env._("Preparation task")
            meeting.next_deadline = deadline
            meeting.next_deadline_label = label
            meeting.next_deadline_overdue = bool(deadline and deadline < now)

    def _expand_states(self, states, domain):
        """Kanban columns in the order of the workflow (not alphabetical), only the states
        that have meetings."""
        return [state for state in self._fields["state"].get_values(self.env) if state in states]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    @api.model
    def action_open_home(self):
        """Where the Meetings app opens: the work of the current user. Who has a plan step to
        decide lands on To Approve; door staff on the kiosk, incident handlers on their
        incidents; initiators, coordinators and everyone else on My meetings."""
        user = self.env.user
        has_steps = self.env["meeting.approval"].search_count(
            [("reviewer_id", "=", user.id), ("state", "=", "pending")], limit=1
        )
        if has_steps:
            return self.env["ir.actions.act_window"]._for_xml_id(
                "meeting_management.meeting_approval_action_to_approve"
            )
        if not user.has_group("meeting_management.group_meeting_coordinator"):
            if user.has_group("meeting_management.group_meeting_incident_handler"):
                return self.env["ir.actions.act_window"]._for_xml_id(
                    "meeting_management.meeting_incident_action"
                )
            if user.has_group("meeting_management.group_meeting_checkin"):
                return self.env["ir.actions.client"]._for_xml_id(
                    "meeting_management.action_checkin_kiosk"
                )
        return self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_meeting_action_my"
        )
