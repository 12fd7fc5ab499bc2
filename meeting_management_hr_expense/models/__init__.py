from . import meeting_meeting
