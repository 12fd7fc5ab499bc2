from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Each stage adds its settings below, as ``config_parameter`` fields named
    # ``meeting_management.<key>`` so that the business code reads them with
    # ``ir.config_parameter.get_param``.
    meeting_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Meeting Currency"
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
