from . import test_meeting_purchase
from . import test_vendor_contract
from . import test_vendor_evaluation
from . import test_vendor_qualification
from . import test_vendor_ranking
from . import test_demo
from . import test_purchase_settlement
from . import test_meeting_material_purchase
