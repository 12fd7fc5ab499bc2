from . import test_budget_actuals, test_budget_settlement
