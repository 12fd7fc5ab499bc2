from . import meeting_meeting
from . import meeting_vendor_evaluation
