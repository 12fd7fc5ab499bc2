from . import meeting_budget_settlement_report
