import re
import secrets

from odoo import api, fields, models

# ``secrets.token_urlsafe(24)``: 32 URL-safe base64 characters
FEEDBACK_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")


class MeetingAttendee(models.Model):
    """Survey side of an attendee: a personal, single-use feedback link."""

    _inherit = "meeting.attendee"

    feedback_token = fields.Char(
        string="Feedback Token",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups="meeting_management.group_meeting_coordinator",
        help="Secret of the attendee's personal survey link; it works once.",
    )
    feedback_ids = fields.One2many("meeting.feedback", "attendee_id", string="Survey Answer")
    has_feedback = fields.Boolean(
        string="Answered Survey", compute="_compute_has_feedback", store=True, index=True
    )
    feedback_url = fields.Char(
        string="Survey Link",
        compute="_compute_feedback_url",
        groups="meeting_management.group_meeting_coordinator",
    )
    feedback_invited = fields.Boolean(string="Survey Invitation Sent", readonly=True, copy=False)

    _feedback_token_unique = models.Constraint(
        "unique(feedback_token)", "A feedback token must be unique."
    )

    @api.depends("feedback_ids")
    def _compute_has_feedback(self):
        for attendee in self:
            attendee.has_feedback = bool(attendee.feedback_ids)

    def _compute_feedback_url(self):
        for attendee in self:
            attendee.feedback_url = (
                attendee._get_feedback_url() if attendee.feedback_token else False
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _ensure_feedback_token(self):
        """Give every attendee of ``self`` without one a token, in a single UPDATE."""
        # sudo: the token is a restricted field; the caller passed the finish guard.
        todo = self.sudo().filtered(lambda a: not a.feedback_token)
        if not todo:
            return True
        todo.flush_recordset(["feedback_token"])
        self.env.cr.execute(
            """
            UPDATE meeting_attendee AS attendee
               SET feedback_token = new.token
              FROM unnest(%s::int[], %s::varchar[]) AS new(id, token)
             WHERE attendee.id = new.id AND attendee.feedback_token IS NULL
            """,
            (todo.ids, [secrets.token_urlsafe(24) for _attendee in todo]),
        )
        todo.invalidate_recordset(["feedback_token", "feedback_url"])
        return True

    def _get_feedback_url(self):
        self.ensure_one()
        base_url = self.meeting_id.get_base_url()
        # sudo: read the restricted token to build the attendee's own link.
        return f"{base_url}/meeting/feedback/{self.sudo().feedback_token}"

    @api.model
    def _get_by_feedback_token(self, token):
        """The attendee for a public token, or an empty recordset. Constant query count."""
        if not isinstance(token, str) or not FEEDBACK_TOKEN_RE.fullmatch(token):
            return self.browse()
        # sudo: public survey route; the unguessable token is the credential.
        return self.sudo().search([("feedback_token", "=", token)], limit=1)

    def _phone_last_digits(self):
        self.ensure_one()
        digits = "".join(ch for ch in (self.phone or "") if ch.isdigit())
        return digits[-4:] if len(digits) >= 4 else ""
