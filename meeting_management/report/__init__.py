from . import meeting_report_mixin
