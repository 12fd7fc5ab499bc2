from . import meeting_attendee
