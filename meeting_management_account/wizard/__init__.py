from . import meeting_budget_settle_wizard
