from odoo import api, fields, models

from .meeting_attendee_checkin import CHECKIN_OPEN_STATES
from .meeting_checkin_log import DOOR_EXCEPTION_RESULTS

# What the scans' cached gate (``meeting.attendee._checkin_gate``) knows of a meeting.
CHECKIN_GATE_FIELDS = frozenset(
    {"state", "date_start", "date_end", "company_id", "executor_id", "checkin_staff_ids"}
)


class MeetingMeeting(models.Model):
    """The check-in channels of a meeting, its door exceptions (签到异常处理) and the cache of
    what its scans need to know of it."""

    _inherit = "meeting.meeting"

    checkin_channel_ids = fields.One2many(
        "meeting.checkin.channel",
        "meeting_id",
        string="Check-in Channels",
        help="VIP, group and general channels at the door, with who may pass each. The kiosk "
        "chooses one and warns the staff when an attendee belongs to another.",
    )
    door_exception_count = fields.Integer(compute="_compute_door_counts")
    walk_in_to_confirm_count = fields.Integer(compute="_compute_door_counts")

    @api.depends_context("uid")
    def _compute_door_counts(self):
        meetings = self.filtered("id")
        (self - meetings).door_exception_count = 0
        (self - meetings).walk_in_to_confirm_count = 0
        if not meetings:
            return
        # sudo: counts only, shown on meetings the user reads
        exceptions = dict(
            self.env["meeting.checkin.log"]
            .sudo()
            ._read_group(
                [("meeting_id", "in", meetings.ids), ("result", "in", DOOR_EXCEPTION_RESULTS)],
                ["meeting_id"],
                ["__count"],
            )
        )
        walk_ins = dict(
            self.env["meeting.attendee"]
            .sudo()
            ._read_group(
                [("meeting_id", "in", meetings.ids), ("walk_in_state", "=", "to_confirm")],
                ["meeting_id"],
                ["__count"],
            )
        )
        for meeting in meetings:
            meeting.door_exception_count = exceptions.get(meeting._origin, 0)
            meeting.walk_in_to_confirm_count = walk_ins.get(meeting._origin, 0)

    def action_open_door_exceptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_checkin_log_action"
        )
        action.update(
            domain=[("meeting_id", "=", self.id), ("result", "in", list(DOOR_EXCEPTION_RESULTS))],
            context={"search_default_group_result": 1},
            name=self.env._("Door Exceptions"),
        )
        return action

    def action_open_walk_ins(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_attendee_action"
        )
        action.update(
            domain=[("meeting_id", "=", self.id), ("is_walk_in", "=", True)],
            context={"search_default_walk_in_to_confirm": 1, "default_meeting_id": self.id},
            name=self.env._("Walk-ins"),
        )
        return action

    def write(self, vals):
        gate_fields = CHECKIN_GATE_FIELDS.intersection(vals)
        was_open = gate_fields and any(m.state in CHECKIN_OPEN_STATES for m in self)
        res = super().write(vals)
        if was_open or (gate_fields and any(m.state in CHECKIN_OPEN_STATES for m in self)):
            # The scans' cached gate of a meeting open for check-in (before or after this
            # change): cleared here, and in the other workers at their next request.
            self.env.registry.clear_cache()
        return res
