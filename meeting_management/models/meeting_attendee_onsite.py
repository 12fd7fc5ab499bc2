from odoo import api, models

ONSITE_FIELDS = {"is_checked_in", "invitation_state", "meeting_id"}


class MeetingAttendee(models.Model):
    _inherit = "meeting.attendee"

    @api.model_create_multi
    def create(self, vals_list):
        attendees = super().create(vals_list)
        attendees.meeting_id._notify_onsite_update("checkin")
        return attendees

    def write(self, vals):
        res = super().write(vals)
        if ONSITE_FIELDS & set(vals):
            self.meeting_id._notify_onsite_update("checkin")
        return res
