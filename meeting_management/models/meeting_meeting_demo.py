"""The last step of the demo meetings' story, when the addons that enrich them come along.

The seed summit is held and reviewed by the base addon's demo data; bridges installed in the
same run (``meeting_management_account``, ``meeting_management_purchase``) add what their
part of the company did for it (its analytic account, orders, bills, contract, vendor
evaluation, settlement) while it is still under review. The initiator publishes its report
(the meeting is closed) at the end of the demo data of the last of these modules: each one
ends its demo data with ``_demo_publish_report``, which does nothing while another module
with demo data that depends on this addon is still to be installed in this run.
"""

from odoo import api, models
from odoo.modules.module import get_manifest


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    @api.model
    def _demo_modules_to_load(self, module):
        """The modules depending on this addon (directly or not), other than ``module``,
        still to be installed in this run with demo data to load. sudo: reads the module
        list only."""
        Module = self.env["ir.module.module"].sudo()
        base = Module.search([("name", "=", "meeting_management")])
        return base.downstream_dependencies().filtered(
            lambda m: (
                m.state == "to install" and m.name != module and get_manifest(m.name).get("demo")
            )
        )

    def _demo_publish_report(self, module):
        """Demo data of ``module``: the initiator publishes the report of these meetings (the
        last step of closing them) unless a module loaded after ``module`` in this run adds
        demo data to them first (it ends its demo data with this call). Meetings no longer
        under review (closed by an earlier installation) are left as they are."""
        if self._demo_modules_to_load(module):
            return False
        meetings = self.filtered(lambda m: m.state == "review")
        if meetings:
            meetings.action_publish_report()
        return True
