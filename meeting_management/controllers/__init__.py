from . import feedback
from . import report
