from . import task_tracking
from . import agenda_xlsx
