from . import test_meeting_expense
