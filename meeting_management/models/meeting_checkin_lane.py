"""Offline check-in lanes (离线签到): a kiosk that keeps checking people in when the venue
network drops, then syncs its queued scans (see ``meeting_attendee_lane.py``).

A lane is one desk's browser, prepared while online for one meeting by one check-in staff
member: it holds a keyed hash of every attendee's QR token (never the token), decides alone
while offline and sends its scans up when the network is back.
"""

from datetime import timedelta

from odoo import api, fields, models

# A lane that has not pinged for this long is shown offline.
LANE_ONLINE_SECONDS = 30


class MeetingCheckinLane(models.Model):
    _name = "meeting.checkin.lane"
    _description = "Offline Check-in Lane"
    _order = "meeting_id, name, id"
    _check_company_auto = True

    meeting_id = fields.Many2one(
        "meeting.meeting", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    user_id = fields.Many2one(
        "res.users", string="Staff", required=True, ondelete="cascade", readonly=True
    )
    name = fields.Char(string="Desk", required=True, readonly=True)
    uid = fields.Char(
        string="Lane Id",
        required=True,
        readonly=True,
        copy=False,
        help="Random identifier of the kiosk's lane, sent with each sync.",
    )
    # The lane's HMAC key (hex): with it and the hashes held by the kiosk, anybody could test
    # guessed tokens offline, so it never leaves the server but once, in the answer of the
    # prepare call made by the lane's own staff member. ``NO_ACCESS``: no user, not even an
    # administrator, reads or writes it through the ORM or RPC (``groups="base.group_system"``
    # would still show it to administrators, and to anyone who gets that group); only the lane
    # methods of meeting.attendee read it, as superuser, and they check the caller first.
    # Not prefetched: reading a lane's other fields never loads it into the cache.
    key = fields.Char(groups=fields.NO_ACCESS, copy=False, prefetch=False)
    # The key of the previous prepare: scans queued before a refresh carry its hashes.
    previous_key = fields.Char(groups=fields.NO_ACCESS, copy=False, prefetch=False)
    channel_id = fields.Many2one(
        "meeting.checkin.channel", string="Channel", ondelete="set null", readonly=True
    )
    prepared_at = fields.Datetime(string="Prepared At", readonly=True)
    expires_at = fields.Datetime(
        string="Expires At",
        readonly=True,
        help="End of the meeting's check-in window: the kiosk deletes its offline data then.",
    )
    last_seen = fields.Datetime(string="Last Seen", readonly=True)
    last_sync = fields.Datetime(string="Last Sync", readonly=True)
    pending = fields.Integer(
        string="Scans to Sync",
        readonly=True,
        help="Scans the kiosk still holds, as it reported at its last heartbeat.",
    )
    online = fields.Boolean(compute="_compute_online")

    _uid_unique = models.Constraint("unique(uid)", "Each lane must have a unique id.")

    @api.depends("last_seen")
    def _compute_online(self):
        limit = self.env.cr.now() - timedelta(seconds=LANE_ONLINE_SECONDS)
        for lane in self:
            lane.online = bool(lane.last_seen and lane.last_seen >= limit)
