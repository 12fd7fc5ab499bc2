"""Door exceptions (签到异常处理) at the kiosk, each logged with the staff member who handled it:

- lost badge: a new QR code (the lost one stops working at once) and a temporary badge;
- details do not match: name, company or title corrected at the door, the old values kept in
  the check-in log;
- not on the list: the walk-in form (``checkin_walk_in``), flagged for the meeting's host (the
  executor) to confirm or refuse.

Check-in staff may handle them only for a meeting they staff that is open for check-in.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .meeting_attendee import _new_token
from .meeting_attendee_checkin import MAX_WALK_IN_LENGTH
from .rpc_args import is_id

# The details staff may correct at the door: key of the kiosk form -> field.
DOOR_DETAIL_FIELDS = {"name": "name", "company": "company_name", "title": "job_title"}

WALK_IN_ACTIVITY = "meeting_management.mail_act_meeting_walk_in"


class MeetingAttendee(models.Model):
    _name = "meeting.attendee"
    _inherit = ["meeting.attendee", "mail.activity.mixin"]

    tag_ids = fields.Many2many(
        "meeting.attendee.tag",
        "meeting_attendee_tag_rel",
        "attendee_id",
        "tag_id",
        string="Attendee Groups",
        help="Groups such as a dealer delegation: they decide the attendee's check-in channel.",
    )
    checkin_channel_id = fields.Many2one(
        "meeting.checkin.channel",
        string="Check-in Channel",
        readonly=True,
        copy=False,
        ondelete="set null",
    )
    checkin_channel_mismatch = fields.Boolean(
        string="Checked In at Another Channel",
        readonly=True,
        copy=False,
        help="The attendee belongs to another channel than the one they were checked in at.",
    )
    walk_in_state = fields.Selection(
        [("to_confirm", "To Confirm"), ("confirmed", "Confirmed"), ("refused", "Refused")],
        string="Walk-in Confirmation",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        help="A walk-in registered at the door waits for the meeting's executor to confirm "
        "them. A refused walk-in is no longer counted as checked in.",
    )
    can_confirm_walk_in = fields.Boolean(compute="_compute_can_confirm_walk_in")

    @api.depends_context("uid")
    @api.depends("walk_in_state", "meeting_id.executor_id", "meeting_id.initiator_id")
    def _compute_can_confirm_walk_in(self):
        for attendee in self:
            attendee.can_confirm_walk_in = (
                attendee.walk_in_state == "to_confirm" and attendee._may_confirm_walk_in()
            )

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _may_confirm_walk_in(self):
        """The meeting's host (its executor, or its initiator without one) or a meeting
        administrator decides on the walk-ins."""
        self.ensure_one()
        # sudo: the meeting's executor and initiator are compared with the user, nothing is
        # returned (staff may not read the meeting's form)
        meeting = self.meeting_id.sudo()
        host = meeting.executor_id or meeting.initiator_id
        return (
            self.env.su
            or host == self.env.user
            or self.env.user.has_group("meeting_management.group_meeting_manager")
        )

    def _check_can_confirm_walk_in(self):
        for attendee in self:
            if not attendee._may_confirm_walk_in():
                raise AccessError(
                    self.env._(
                        "Only the executor of the meeting %(meeting)s may confirm or refuse its "
                        "walk-ins.",
                        meeting=attendee.meeting_id.sudo().display_name,
                    )
                )
            if attendee.walk_in_state != "to_confirm":
                raise UserError(
                    self.env._(
                        "%(name)s is not a walk-in waiting for confirmation.", name=attendee.name
                    )
                )

    @api.model
    def _check_checkin_open(self, meeting):
        """Door actions follow the check-in window, like a scan."""
        status = self._checkin_open_status(meeting.state, meeting.date_start, meeting.date_end)
        if status:
            row = {"opens_at": self._checkin_opens_at(meeting.date_start)}
            raise UserError(self._checkin_message(status, row if status == "too_early" else None))

    @api.model
    def _door_attendee(self, meeting_id, attendee_id):
        """The meeting and the attendee of a door action, checked: the user is check-in staff
        of the meeting, check-in is open, the attendee is one of the meeting's. The attendee
        comes back as superuser (staff may not write attendees; only the door actions'
        values are written)."""
        self._check_can_checkin()
        meeting = self._checkin_get_meeting(meeting_id)
        self._check_checkin_open(meeting)
        # sudo: the user staffs the meeting (checked above); the search is limited to it.
        attendee = (
            self.sudo().search([("id", "=", attendee_id), ("meeting_id", "=", meeting.id)])
            if is_id(attendee_id)
            else self.sudo().browse()
        )
        if not attendee:
            raise UserError(self._checkin_message("unknown"))
        return meeting, attendee

    @api.model
    def _door_result(self, status, attendee, message):
        row = attendee.read(["name", "company_name", "job_title", "checkin_date", "checkin_lane"])[
            0
        ]
        result = self._checkin_result("ok", row)
        result.update(status=status, message=message)
        result["attendee"]["is_checked_in"] = attendee.is_checked_in
        return result

    # ------------------------------------------------------------------
    # The kiosk's channels
    # ------------------------------------------------------------------
    @api.model
    def get_checkin_channels(self, meeting_id):
        """The channels the kiosk may choose for ``meeting_id``, in their order."""
        self._check_can_checkin()
        meeting = self._checkin_get_meeting(meeting_id)
        # sudo: the user staffs the meeting (checked above); names and kinds only
        channels = (
            self.env["meeting.checkin.channel"].sudo().search([("meeting_id", "=", meeting.id)])
        )
        return [{"id": c.id, "name": c.name, "kind": c.kind} for c in channels]

    # ------------------------------------------------------------------
    # Lost badge: a new QR code and a temporary badge
    # ------------------------------------------------------------------
    @api.model
    def checkin_reissue_badge(self, meeting_id, attendee_id, lane=""):
        """补办胸牌: a new QR code for ``attendee_id`` (the lost badge stops working at once)
        and the address of the temporary badge to print."""
        _meeting, attendee = self._door_attendee(meeting_id, attendee_id)
        _meeting_id, lane = self._checkin_clean_args(meeting_id, lane)
        if attendee.invitation_state == "declined":
            raise UserError(self._checkin_message("declined", {"name": attendee.name}))
        old_prefix = (attendee.access_token or "")[:8]
        attendee.write({"access_token": _new_token()})
        attendee.flush_recordset(["access_token"])
        details = self.env._(
            "Badge lost: new QR code and temporary badge; the old code (%(prefix)s…) no longer "
            "works.",
            prefix=old_prefix,
        )
        self.env["meeting.checkin.log"]._insert_door_exception(
            attendee, "reissued", lane, code_prefix=old_prefix, details=details
        )
        attendee._message_log(
            body=self.env._(
                "Badge lost at the door: QR code reissued by %(user)s; the old code no longer "
                "works.",
                user=self.env.user.name,
            )
        )
        result = self._door_result(
            "reissued",
            attendee,
            self.env._(
                "New QR code for %(name)s: print the temporary badge. The lost badge no longer "
                "works.",
                name=attendee.name,
            ),
        )
        result["badge_url"] = (
            f"/report/pdf/meeting_management.report_attendee_badge_temporary/{attendee.id}"
        )
        return result

    # ------------------------------------------------------------------
    # Details do not match: correct them, keep the old values in the log
    # ------------------------------------------------------------------
    @api.model
    def _door_clean_details(self, values):
        """The corrected details sent by the kiosk: only the keys sent, as stripped text."""
        if not isinstance(values, dict):
            raise UserError(self.env._("The correction was sent in an unexpected format."))
        clean = {}
        for key, fname in DOOR_DETAIL_FIELDS.items():
            if key not in values:
                continue
            value = values[key]
            if value in (None, False):
                value = ""
            if not isinstance(value, str):
                raise UserError(
                    self.env._(
                        "The %(field)s must be text.",
                        field=self._fields[fname]._description_string(self.env),
                    )
                )
            clean[fname] = value.strip()[: MAX_WALK_IN_LENGTH[key]]
        return clean

    @api.model
    def checkin_correct_details(self, meeting_id, attendee_id, values, lane=""):
        """信息不符: correct the name, company or title of ``attendee_id`` at the door.

        The check-in log keeps the old and the new values with the staff member.
        """
        _meeting, attendee = self._door_attendee(meeting_id, attendee_id)
        _meeting_id, lane = self._checkin_clean_args(meeting_id, lane)
        values = self._door_clean_details(values)
        if "name" in values and not values["name"]:
            raise UserError(self.env._("The name cannot be empty."))
        changes = {
            fname: value for fname, value in values.items() if value != (attendee[fname] or "")
        }
        if not changes:
            raise UserError(self.env._("Nothing to correct: these are the details on the list."))
        old = {fname: attendee[fname] or "" for fname in changes}
        attendee.write({fname: value or False for fname, value in changes.items()})
        details = "; ".join(
            self.env._(
                "%(field)s: %(old)s → %(new)s",
                field=self._fields[fname]._description_string(self.env),
                old=old[fname] or "-",
                new=changes[fname] or "-",
            )
            for fname in changes
        )
        self.env["meeting.checkin.log"]._insert_door_exception(
            attendee, "corrected", lane, old_values=old, new_values=changes, details=details
        )
        attendee._message_log(
            body=self.env._(
                "Details corrected at the door by %(user)s: %(details)s",
                user=self.env.user.name,
                details=details,
            )
        )
        return self._door_result(
            "corrected",
            attendee,
            self.env._(
                "Details of %(name)s corrected: %(details)s", name=attendee.name, details=details
            ),
        )

    # ------------------------------------------------------------------
    # Not on the list: the walk-in, flagged for the executor
    # ------------------------------------------------------------------
    @api.model
    def checkin_walk_in(self, meeting_id, values, lane=""):
        result = super().checkin_walk_in(meeting_id, values, lane=lane)
        # sudo: the walk-in was just registered by the staff (checked by super); the flag and
        # the host's activity are the flow's, the staff cannot write them.
        attendee = self.sudo().browse(result["attendee"]["id"])
        attendee.walk_in_state = "to_confirm"
        attendee._schedule_walk_in_activity()
        result["message"] = self.env._(
            "Welcome, %(name)s! Registered as a walk-in: the executor will confirm.",
            name=attendee.name,
        )
        return result

    def _schedule_walk_in_activity(self):
        """One activity per walk-in for the meeting's host (its executor, or its initiator)."""
        for attendee in self:
            meeting = attendee.meeting_id
            host = meeting.executor_id or meeting.initiator_id
            if not host:
                continue
            attendee.activity_schedule(
                WALK_IN_ACTIVITY,
                user_id=host.id,
                date_deadline=fields.Date.context_today(attendee),
                note=Markup("<p>%s</p>")
                % self.env._(
                    "%(name)s (%(company)s) was not on the list and was registered at the door "
                    "by %(user)s: confirm or refuse the walk-in.",
                    name=attendee.name,
                    company=attendee.company_name or "-",
                    user=self.env.user.name,
                ),
            )

    def action_confirm_walk_in(self):
        self._check_can_confirm_walk_in()
        # sudo: the flag is written by the flow only (see _check_checkin_flow_fields); the user
        # was checked just above.
        self.sudo()._set_walk_in_state("confirmed")
        return True

    def action_refuse_walk_in(self):
        self._check_can_confirm_walk_in()
        # sudo: as in action_confirm_walk_in; a refused walk-in is not an attendee any more:
        # declined and no longer checked in (the check-in log keeps the walk-in line).
        self.sudo()._set_walk_in_state("refused")
        return True

    def _set_walk_in_state(self, state):
        vals = {"walk_in_state": state}
        if state == "refused":
            vals.update(invitation_state="declined", is_checked_in=False)
        self.write(vals)
        if state == "confirmed":
            self.activity_feedback([WALK_IN_ACTIVITY])
        else:
            self.activity_unlink([WALK_IN_ACTIVITY])
        # sudo keeps the user: the log line names who decided
        Log = self.env["meeting.checkin.log"]
        for attendee in self:
            Log._insert_door_exception(attendee, f"walk_in_{state}")
