from odoo.modules.module import get_manifest
from odoo.tests import tagged

from .common import MeetingCommon


@tagged("post_install", "-at_install")
class TestDemoClose(MeetingCommon):
    """The demo data's last step for the seed summit (``_demo_publish_report``): the report is
    published at the end of the last module of the run that adds demo data to it."""

    def _published_by_demo(self, meeting, module):
        return meeting.with_user(meeting.initiator_id)._demo_publish_report(module)

    def test_published_unless_a_module_with_demo_data_follows(self):
        meeting = self._meeting_in_state("review")
        Module = self.env["ir.module.module"]
        self.assertFalse(meeting._demo_modules_to_load("meeting_management"))
        # a module depending on this addon, with demo data, still to be installed in the
        # run: the closing waits for its demo data
        dependents = (
            Module.search([("name", "=", "meeting_management")])
            .downstream_dependencies()
            .filtered(lambda m: get_manifest(m.name).get("demo"))
        )
        if dependents:
            follower = dependents[0]
            follower.state = "to install"
            self.assertEqual(meeting._demo_modules_to_load("meeting_management"), follower)
            # ... but not for its own demo data
            self.assertFalse(meeting._demo_modules_to_load(follower.name))
            self.assertFalse(self._published_by_demo(meeting, "meeting_management"))
            self.assertEqual(meeting.state, "review")
            follower.state = "installed"
        # the last one: published, as the initiator
        self.assertTrue(self._published_by_demo(meeting, "meeting_management"))
        self.assertEqual(meeting.state, "closed")
        self.assertEqual(meeting.report_published_by_id, meeting.initiator_id)
        # a meeting already closed (by an earlier installation) is left as it is
        published = meeting.report_published_date
        self.assertTrue(self._published_by_demo(meeting, "meeting_management"))
        self.assertEqual(meeting.report_published_date, published)

    def test_demo_summit_closed(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit", raise_if_not_found=False)
        if not summit:
            self.skipTest("installed without demo data")
        self.assertEqual(summit.state, "closed")
        self.assertEqual(summit.report_published_by_id, summit.initiator_id)
        self.assertTrue(summit.report_pdf_id)
