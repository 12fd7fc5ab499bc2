from odoo import api, models

ONSITE_FIELDS = {"is_checked_in", "invitation_state", "meeting_id"}
# Changes that alter who is on the meeting's calendar event.
CALENDAR_FIELDS = {
    "attendee_type",
    "employee_id",
    "user_id",
    "partner_id",
    "invitation_state",
    "meeting_id",
}


class MeetingAttendee(models.Model):
    _inherit = "meeting.attendee"

    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees.meeting_id._notify_onsite_update("checkin")
        internal = attendees.filtered(lambda a: a.attendee_type == "internal")
        internal.meeting_id._sync_calendar_attendees()
        return attendees

    def write(self, vals):
        meetings = self.meeting_id
        res = super().write(vals)
        if ONSITE_FIELDS & set(vals):
            self.meeting_id._notify_onsite_update("checkin")
        if CALENDAR_FIELDS & set(vals):
            (meetings | self.meeting_id)._sync_calendar_attendees()
        return res

    def unlink(self):
        meetings = self.filtered(lambda a: a.attendee_type == "internal").meeting_id
        res = super().unlink()
        meetings.exists()._sync_calendar_attendees()
        return res
