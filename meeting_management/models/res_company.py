from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    meeting_report_user_ids = fields.Many2many(
        "res.users",
        "res_company_meeting_report_user_rel",
        "company_id",
        "user_id",
        string="Meeting Report Recipients",
        help="Management users who receive published meeting reports and the scheduled summary.",
    )
    meeting_report_group_ids = fields.Many2many(
        "res.groups",
        "res_company_meeting_report_group_rel",
        "company_id",
        "group_id",
        string="Meeting Report Recipient Groups",
        help="Every user of these groups receives published reports and the scheduled summary.",
    )
    meeting_report_notify_departments = fields.Boolean(
        string="Send Reports to Involved Departments",
        default=True,
        help="Also send a published report to the managers of the departments involved "
        "(initiator, executor, task owners and internal attendees).",
    )
    meeting_summary_last_sent = fields.Datetime(
        string="Last Meeting Summary", readonly=True, copy=False
    )
