from . import meeting_report_mixin
from . import meeting_application_report
from . import meeting_badge_report
