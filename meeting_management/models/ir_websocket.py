import re

from odoo import models

ONSITE_CHANNEL = re.compile(r"^meeting_management\.onsite_(\d+)$")
CHECKIN_CHANNEL_RE = re.compile(r"^meeting_management\.checkin:(\d+)$")


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        channels = self._meeting_onsite_channels(channels)
        channels = self._meeting_checkin_channels(channels)
        return super()._build_bus_channel_list(channels)

    def _meeting_onsite_channels(self, channels):
        """Turn 'meeting_management.onsite_<id>' into the meeting's on-site channel.

        Only meetings the current user may read are subscribed to; the others are dropped.
        """
        channels = list(channels)  # do not alter the original list
        meeting_ids = []
        for channel in list(channels):
            if isinstance(channel, str) and (match := ONSITE_CHANNEL.match(channel)):
                channels.remove(channel)
                meeting_ids.append(int(match.group(1)))
        if meeting_ids and self.env.uid:
            meetings = self.env["meeting.meeting"].browse(meeting_ids).exists()
            meetings = meetings._filtered_access("read")
            channels.extend((meeting, "onsite") for meeting in meetings)
        return channels

    def _meeting_checkin_channels(self, channels):
        """The live sign-in sheet listens to ``meeting_management.checkin:<meeting id>``.

        Only check-in staff who can read the meeting get the channel.
        """
        channels = list(channels)
        if not self.env.uid or self.env.user._is_public():
            return channels
        if not self.env.user.has_group("meeting_management.group_meeting_checkin"):
            return channels
        meeting_ids = [
            int(match[1])
            for channel in channels
            if isinstance(channel, str) and (match := CHECKIN_CHANNEL_RE.match(channel))
        ]
        if meeting_ids:
            meetings = self.env["meeting.meeting"].browse(meeting_ids).exists()
            channels.extend((meeting, "checkin") for meeting in meetings._filtered_access("read"))
        return channels
