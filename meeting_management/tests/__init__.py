from . import test_smoke
from . import test_task
from . import test_task_alerts
