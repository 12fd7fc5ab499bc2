"""Check-in channels (多通道分流): VIP, group and general lanes of a meeting, with who may pass.

The scan checks the channel inside its one ``UPDATE ... RETURNING`` (see
``meeting.attendee._checkin``): :meth:`_attendee_channel_sql` is the rule in SQL, the
Python :meth:`_channels_of` the same rule for the views and the tests.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

CHANNEL_KINDS = [
    ("vip", "VIP"),
    ("group", "Group"),
    ("general", "General"),
    ("other", "Other"),
]

# The seed's floor (多通道分流设计): 20 people a minute per lane at peak time.
CHECKIN_FLOOR_PER_LANE = 20


class MeetingCheckinChannel(models.Model):
    _name = "meeting.checkin.channel"
    _description = "Check-in Channel"
    _inherit = ["meeting.line.mixin"]
    _order = "meeting_id, sequence, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    name = fields.Char(required=True)
    kind = fields.Selection(CHANNEL_KINDS, required=True, default="general")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    everyone = fields.Boolean(
        string="Open to Everyone",
        default=True,
        help="Anyone may pass. Attendees who belong to a channel with a rule (VIP levels, "
        "attendee groups) are expected at that channel instead.",
    )
    vip_level_ids = fields.Many2many(
        "meeting.vip.level",
        "meeting_checkin_channel_vip_level_rel",
        "channel_id",
        "level_id",
        string="VIP Levels",
        help="Attendees of these VIP levels pass this channel.",
    )
    tag_ids = fields.Many2many(
        "meeting.attendee.tag",
        "meeting_checkin_channel_tag_rel",
        "channel_id",
        "tag_id",
        string="Attendee Groups",
        check_company=True,
        help="Attendees of these groups (e.g. a dealer delegation) pass this channel.",
    )

    @api.onchange("kind")
    def _onchange_kind(self):
        self.everyone = self.kind == "general"

    @api.constrains("everyone", "tag_ids", "vip_level_ids")
    def _check_who_may_pass(self):
        for channel in self:
            if not channel.everyone and not channel._has_rule():
                raise ValidationError(
                    self.env._(
                        "The channel %(channel)s must be open to everyone or say who may pass "
                        "(VIP levels or attendee groups).",
                        channel=channel.name,
                    )
                )

    def _has_rule(self):
        self.ensure_one()
        return bool(self.tag_ids or self.vip_level_ids)

    # ------------------------------------------------------------------
    # Who belongs where: one rule, in Python and in SQL
    # ------------------------------------------------------------------
    def _matches(self, attendee):
        """Whether ``attendee`` is named by this channel's rule (not by "everyone")."""
        self.ensure_one()
        return not self.everyone and (
            attendee.vip_level_id in self.vip_level_ids or bool(self.tag_ids & attendee.tag_ids)
        )

    @api.model
    def _channels_of(self, attendee):
        """The channels ``attendee`` is expected at: the channels whose rule names them, or
        the channels open to everyone when none does."""
        # sudo: the channels of a meeting the caller reads the attendee of
        channels = self.sudo().search([("meeting_id", "=", attendee.meeting_id.id)])
        named = channels.filtered(lambda c: c._matches(attendee))
        return named or channels.filtered("everyone")

    @api.model
    def _match_sql(self, channel_alias, attendee_alias):
        """SQL: the rule of channel ``channel_alias`` names attendee ``attendee_alias``."""
        c = SQL.identifier(channel_alias)
        a = SQL.identifier(attendee_alias)
        return SQL(
            "(NOT %(c)s.everyone AND (EXISTS (SELECT 1 "
            "FROM meeting_checkin_channel_vip_level_rel cv "
            "WHERE cv.channel_id = %(c)s.id AND cv.level_id = %(a)s.vip_level_id) "
            "OR EXISTS (SELECT 1 FROM meeting_checkin_channel_tag_rel ct "
            "JOIN meeting_attendee_tag_rel at ON at.tag_id = ct.tag_id "
            "WHERE ct.channel_id = %(c)s.id AND at.attendee_id = %(a)s.id)))",
            c=c,
            a=a,
        )

    @api.model
    def _attendee_channel_sql(self, channel_id, attendee_alias):
        """SQL for the scan's ``UPDATE ... RETURNING``: ``(ok, expected channel name)`` where
        ``ok`` says attendee ``attendee_alias`` belongs to channel ``channel_id`` (always true
        without a channel) and the name is the channel they are expected at otherwise."""
        a = SQL.identifier(attendee_alias)
        named = SQL(
            "EXISTS (SELECT 1 FROM meeting_checkin_channel n WHERE n.meeting_id = %(a)s.meeting_id "
            "AND n.active AND %(match)s)",
            a=a,
            match=self._match_sql("n", attendee_alias),
        )
        ok = SQL(
            "(%(channel)s::int IS NULL OR EXISTS (SELECT 1 FROM meeting_checkin_channel s "
            "WHERE s.id = %(channel)s AND (%(match)s OR (s.everyone AND NOT %(named)s))))",
            channel=channel_id,
            match=self._match_sql("s", attendee_alias),
            named=named,
        )
        expected = SQL(
            "(SELECT e.name FROM meeting_checkin_channel e WHERE e.meeting_id = %(a)s.meeting_id "
            "AND e.active AND (e.everyone OR %(match)s) "
            "ORDER BY e.everyone, e.sequence, e.id LIMIT 1)",
            a=a,
            match=self._match_sql("e", attendee_alias),
        )
        return ok, expected
