from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    meeting_checkin_backup_keep = fields.Integer(
        string="Sign-in Sheet Backups Kept",
        config_parameter="meeting_management.checkin_backup_keep",
        default=12,
        help="Every two hours, the sign-in sheet of each meeting open for check-in is saved "
        "as an Excel file on the meeting; this many of the latest are kept per meeting.",
    )
