from . import feedback
from . import report
from . import archive
