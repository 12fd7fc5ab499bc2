from odoo import models


class ReportMeetingApplication(models.AbstractModel):
    """The plan application form (模板1 会议计划申报表) with its approval trail (PDF only)."""

    _name = "report.meeting_management.report_meeting_application"
    _inherit = ["meeting.report.mixin"]
    _description = "Meeting Plan Application"

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        # the form is printed in the initiator's language (field values, selections)
        meeting = meeting.with_context(lang=meeting.initiator_id.lang or self.env.lang)
        return {
            "doc": meeting,
            "approvals": meeting.approval_ids.sorted(
                lambda a: (a.approval_round, a.sequence, a.id)
            ),
        }
