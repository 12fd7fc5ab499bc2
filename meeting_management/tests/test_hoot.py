from odoo.tests import HttpCase, no_retry, tagged


def hoot_job_id(name):
    """The id Hoot gives a suite or test (as ``HOOTCommon._generate_hash`` in web/tests)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def hoot_error_checker(message):
    return "[HOOT]" not in message


@tagged("post_install", "-at_install")
class TestHootUnit(HttpCase):
    """The kiosk's and the bus hook's Hoot unit tests (static/tests/*.test.js)."""

    @no_retry
    def test_hoot_unit_desktop(self):
        job = hoot_job_id("@meeting_management")
        self.browser_js(
            f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id={job}",
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=hoot_error_checker,
        )
