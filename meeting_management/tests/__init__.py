from . import test_smoke
from . import test_checkin
from . import test_checkin_tour
