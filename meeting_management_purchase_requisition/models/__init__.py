from . import meeting_meeting
from . import purchase_order
from . import purchase_requisition
from . import purchase_requisition_line
