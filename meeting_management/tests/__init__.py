from . import test_smoke
from . import test_approval
from . import test_approval_conflicts
from . import test_approval_escalation
from . import test_approval_lock
