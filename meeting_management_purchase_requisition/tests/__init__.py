from . import test_call_for_tenders
