from . import meeting_meeting
from . import meeting_vendor_qualification
from . import purchase_order
from . import purchase_order_line
from . import res_company
from . import res_config_settings
from . import res_partner
