from . import test_meeting_purchase
