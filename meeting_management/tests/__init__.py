from . import test_smoke
from . import test_agenda
from . import test_incident
from . import test_incident_tour
