from . import meeting_vendor_ranking_report
from . import meeting_budget_settlement_report
