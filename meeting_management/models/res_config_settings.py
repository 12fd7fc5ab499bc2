from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Each stage adds its settings below, as ``config_parameter`` fields named
    # ``meeting_management.<key>`` so that the business code reads them with
    # ``ir.config_parameter.get_param``.
    meeting_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Meeting Currency"
    )

    # Stage 1: plan approval
    meeting_resource_review_hours = fields.Integer(
        string="Resource Review Time Limit (h)",
        config_parameter="meeting_management.resource_review_hours",
        default=12,
    )
    meeting_manager_approval_hours = fields.Integer(
        string="Manager Approval Time Limit (h)",
        config_parameter="meeting_management.manager_approval_hours",
        default=24,
    )
    meeting_urgent_hours = fields.Integer(
        string="Green Channel Time Limit (h)",
        config_parameter="meeting_management.urgent_hours",
        default=2,
    )
    meeting_review_department_count = fields.Integer(
        compute="_compute_meeting_review_department_count"
    )

    def _compute_meeting_review_department_count(self):
        count = self.env["meeting.review.department"].search_count(
            [("company_id", "=", self.env.company.id)]
        )
        for settings in self:
            settings.meeting_review_department_count = count

    def action_open_meeting_review_departments(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_review_department_action"
        )
    # Stage 2: execution plan alerts
    meeting_task_overdue_hours = fields.Integer(
        string="Overdue Alert (hours)",
        config_parameter="meeting_management.task_overdue_hours",
        default=24,
    )
    meeting_task_milestone_warning_hours = fields.Integer(
        string="Milestone Warning (hours)",
        config_parameter="meeting_management.task_milestone_warning_hours",
        default=24,
    )
