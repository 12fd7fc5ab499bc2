from odoo import api, models

from .meeting_report_tools import new_workbook, workbook_formats


class MeetingReportMixin(models.AbstractModel):
    """The contract of a meeting report: one data method feeds the PDF and the workbook.

    A report model is named ``report.meeting_management.<report_name>`` after the QWeb
    template of its ``ir.actions.report``: Odoo calls its :meth:`_get_report_values` to render
    the PDF. ``_get_report_data(meeting)`` prepares everything the report shows; the template
    reads ``report_data[doc.id]``, the workbook (:meth:`_fill_workbook`) reads the same dict.
    Reports with a workbook set ``_has_workbook``: the download route
    ``/meeting_management/xlsx/<report_name>/<meeting_id>`` serves them.
    """

    _name = "meeting.report.mixin"
    _description = "Report"

    _has_workbook = False

    def _get_report_data(self, meeting):
        """Everything the report shows for ``meeting`` (one definition for PDF and workbook)."""
        raise NotImplementedError

    @api.model
    def _get_report_values(self, docids, data=None):
        meetings = self.env["meeting.meeting"].browse(docids)
        return {
            "doc_ids": meetings.ids,
            "doc_model": "meeting.meeting",
            "docs": meetings,
            "report_data": {meeting.id: self._get_report_data(meeting) for meeting in meetings},
        }

    # ------------------------------------------------------------------
    # Workbook
    # ------------------------------------------------------------------

    @api.model
    def _get_workbook_meeting(self, meeting_id):
        """The meeting whose workbook the current user may download, or an empty recordset
        (answered 404). Raising ``AccessError`` answers 403."""
        meeting = self.env["meeting.meeting"].browse(meeting_id).exists()
        if not meeting or not meeting.has_access("read"):
            return self.env["meeting.meeting"]
        return meeting

    def _get_workbook_filename(self, meeting):
        raise NotImplementedError

    def _fill_workbook(self, workbook, fmt, data):
        """Write the sheets of the workbook from ``data`` (:meth:`_get_report_data`)."""
        raise NotImplementedError

    def _get_workbook(self, meeting):
        """The workbook of the report for ``meeting``, as bytes."""
        meeting.ensure_one()
        data = self._get_report_data(meeting.with_env(self.env))
        buf, workbook = new_workbook()
        self._fill_workbook(workbook, workbook_formats(workbook), data)
        workbook.close()
        return buf.getvalue()
