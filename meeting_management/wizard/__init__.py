from . import meeting_agenda_skip_wizard
