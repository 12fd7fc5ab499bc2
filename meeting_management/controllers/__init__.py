from . import agenda_xlsx
