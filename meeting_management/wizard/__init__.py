from . import meeting_approval_reject_wizard
from . import meeting_change_request_wizard
from . import meeting_conflict_wizard
from . import meeting_agenda_skip_wizard
from . import meeting_feedback_paper_wizard
from . import meeting_attendee_department_wizard
from . import meeting_green_channel_wizard
from . import meeting_invite_past_wizard
