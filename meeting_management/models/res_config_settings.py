from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # Each stage adds its settings below, as ``config_parameter`` fields named
    # ``meeting_management.<key>`` so that the business code reads them with
    # ``ir.config_parameter.get_param``.
    meeting_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Meeting Currency"
    )

    # Stage 3a: check-in window
    meeting_checkin_minutes_before = fields.Integer(
        string="Check-in Opens (minutes before start)",
        config_parameter="meeting_management.checkin_minutes_before",
        default=120,
    )
    meeting_checkin_minutes_after = fields.Integer(
        string="Check-in Closes (minutes after end)",
        config_parameter="meeting_management.checkin_minutes_after",
        default=60,
    )
