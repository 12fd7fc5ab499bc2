from odoo import api, models


class ReportMeetingBadgeTemporary(models.AbstractModel):
    """The temporary badge printed at the door for a lost one (签到异常处理: 临时证件).

    Printed by the check-in staff of the attendee's meeting while check-in is open; it shows
    the attendee's new QR code, which staff may not read otherwise.
    """

    _name = "report.meeting_management.report_attendee_badge_temporary"
    _description = "Temporary Badge"

    @api.model
    def _get_report_values(self, docids, data=None):
        Attendee = self.env["meeting.attendee"]
        Attendee._check_can_checkin()
        # sudo: to find the attendees' meetings; each is then checked (readable, staffed by
        # the user, open for check-in) before anything of the attendees is shown.
        attendees = Attendee.sudo().browse(docids).exists()
        for meeting in attendees.meeting_id:
            meeting = Attendee._checkin_get_meeting(meeting.id)
            Attendee._check_checkin_open(meeting)
        return {
            "doc_ids": attendees.ids,
            "doc_model": "meeting.attendee",
            # sudo: the QR code is a coordinator-only field; the staff of the meeting print it
            # (checked above).
            "docs": attendees,
        }
