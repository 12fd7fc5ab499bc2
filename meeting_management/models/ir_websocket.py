import re

from odoo import models
from odoo.exceptions import AccessError

CHECKIN_CHANNEL_RE = re.compile(r"^meeting_management\.checkin:(\d+)$")


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """The live sign-in sheet listens to ``meeting_management.checkin:<meeting id>``.

        Only check-in staff who can read the meeting get the channel.
        """
        if self.env.uid and not self.env.user._is_public():
            channels = list(channels)
            for channel in list(channels):
                match = isinstance(channel, str) and CHECKIN_CHANNEL_RE.match(channel)
                if not match or not self.env.user.has_group(
                    "meeting_management.group_meeting_checkin"
                ):
                    continue
                meeting = self.env["meeting.meeting"].browse(int(match[1])).exists()
                try:
                    meeting.check_access("read")
                except AccessError:
                    continue
                if meeting:
                    channels.append((meeting, "checkin"))
        return super()._build_bus_channel_list(channels)
