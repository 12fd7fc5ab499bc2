from . import meeting_vendor_ranking_report
