from . import meeting_budget_line, meeting_meeting, product_category, product_template
