import re

from odoo import models

ONSITE_CHANNEL = re.compile(r"^meeting_management\.onsite_(\d+)$")


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        return super()._build_bus_channel_list(self._meeting_onsite_channels(channels))

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
