from odoo import api, models


class ReportMeetingLogistics(models.AbstractModel):
    """The catering and rooming list for the caterer and the hotel (餐饮住宿清单): the same
    figures as the meeting's counters and the on-site view, with the names behind them."""

    _name = "report.meeting_management.report_meeting_logistics"
    _inherit = ["meeting.report.mixin"]
    _description = "Catering and Rooming List"

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        meeting._check_can_print_logistics()
        return meeting._get_logistics_counts(with_names=True)[meeting.id]

    @api.model
    def _get_report_values(self, docids, data=None):
        meetings = self.env["meeting.meeting"].browse(docids)
        meetings.check_access("read")
        return super()._get_report_values(docids, data)


class ReportVipPlan(models.AbstractModel):
    """A VIP guest's reception plan and itinerary, printed by someone who may see it; each
    print is logged."""

    _name = "report.meeting_management.report_vip_plan"
    _description = "VIP Reception Plan"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["meeting.vip.plan"].browse(docids)
        plans.check_access("read")
        plans._check_can_read_itinerary()
        plans._log_itinerary_access("print")
        return {"doc_ids": plans.ids, "doc_model": "meeting.vip.plan", "docs": plans}
