from . import checkin
