from . import task_tracking
from . import agenda_xlsx
from . import feedback
from . import report
from . import checkin
