from . import meeting_meeting
from . import purchase_order
from . import purchase_order_line
