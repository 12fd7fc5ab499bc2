from . import test_smoke
from . import test_feedback
from . import test_report
