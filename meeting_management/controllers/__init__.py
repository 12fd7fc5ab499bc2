from . import task_tracking
