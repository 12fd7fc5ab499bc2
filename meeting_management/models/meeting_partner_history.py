"""A contact's meeting history (参会人员信息库): one line per meeting an external attendee was
invited to, filed when the meeting is closed.

Only what the next invitation list needs is copied: the meeting, its date and type, whether
they came, their overall satisfaction score and VIP level. No ID number, no free-text answer.
"""

from odoo import api, fields, models


class MeetingPartnerHistory(models.Model):
    _name = "meeting.partner.history"
    _description = "Contact Meeting History"
    _order = "meeting_date desc, id desc"
    _rec_name = "meeting_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        ondelete="cascade",
        index=True,
        readonly=True,
    )
    meeting_id = fields.Many2one(
        "meeting.meeting", required=True, ondelete="cascade", index=True, readonly=True
    )
    # stored: the contact's history lists meetings the reader may not open
    meeting_name = fields.Char(related="meeting_id.name", store=True, string="Meeting Name")
    attendee_id = fields.Many2one("meeting.attendee", ondelete="set null", readonly=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    meeting_date = fields.Datetime(
        related="meeting_id.date_start", store=True, string="Date", readonly=True
    )
    type_id = fields.Many2one(
        related="meeting_id.type_id", store=True, string="Meeting Type", readonly=True
    )
    attended = fields.Boolean(readonly=True)
    feedback_score = fields.Integer(
        string="Satisfaction",
        aggregator="avg",
        readonly=True,
        help="Overall satisfaction (1-5) the contact gave in the survey; 0 when unanswered.",
    )
    vip_level_id = fields.Many2one(
        "meeting.vip.level", string="VIP Level", readonly=True, ondelete="set null"
    )

    _partner_meeting_unique = models.Constraint(
        "unique(partner_id, meeting_id)", "A meeting appears once in a contact's history."
    )

    @api.model
    def _record(self, partner, attendee):
        """Create or refresh the line of ``partner`` for the attendee's meeting (trusted
        code, called as superuser by the contact sync)."""
        vals = self._prepare_values(attendee)
        line = self.search(
            [("partner_id", "=", partner.id), ("meeting_id", "=", attendee.meeting_id.id)],
            limit=1,
        )
        if line:
            line.write(vals)
        else:
            line = self.create(
                {**vals, "partner_id": partner.id, "meeting_id": attendee.meeting_id.id}
            )
        return line

    @api.model
    def _prepare_values(self, attendee):
        feedback = attendee.feedback_ids[:1]
        return {
            "attendee_id": attendee.id,
            "attended": attendee.is_checked_in,
            "feedback_score": feedback.score_overall or 0,
            "vip_level_id": attendee.vip_level_id.id,
        }
