from . import meeting_report_mixin
from . import meeting_application_report
from . import meeting_task_report
from . import meeting_agenda_report
from . import meeting_signin_sheet_report
from . import meeting_badge_report
from . import meeting_monitoring_report
from . import meeting_survey_link_report
