from . import test_smoke
from . import test_approval
from . import test_approval_conflicts
from . import test_approval_escalation
from . import test_approval_lock
from . import test_task
from . import test_task_alerts
