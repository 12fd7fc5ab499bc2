from . import meeting_feedback_paper_wizard
