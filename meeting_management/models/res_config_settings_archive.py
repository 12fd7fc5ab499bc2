from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    meeting_archive_block_incomplete = fields.Boolean(
        string="Require a Complete Archive",
        config_parameter="meeting_management.archive_block_incomplete",
        help="The report cannot be published while the archive checklist shows missing "
        "documents. Otherwise missing documents are only a warning.",
    )
