from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    meeting_block_unqualified_vendor = fields.Boolean(
        string="Block Unqualified Vendors",
        help="Confirming a meeting's purchase order from a vendor whose business license or "
        "industry qualification is missing or expired is refused (otherwise the buyer is "
        "warned).",
    )
