from odoo import fields, models


class MeetingType(models.Model):
    """The contact tag of a meeting type: the contact database tags every external attendee
    with the types of the meetings they were invited to."""

    _inherit = "meeting.type"

    contact_category_id = fields.Many2one(
        "res.partner.category",
        string="Contact Tag",
        help="Tag given to the external attendees of meetings of this type when the meeting "
        "is closed (contact database). Created from the type's name when empty.",
    )

    def _get_contact_category(self):
        """The type's contact tag, created on first use."""
        self.ensure_one()
        if not self.contact_category_id:
            # sudo: tags are managed by partner managers; closing a meeting files its guests
            category = (
                self.env["res.partner.category"].sudo().search([("name", "=", self.name)], limit=1)
            )
            self.sudo().contact_category_id = category or self.env[
                "res.partner.category"
            ].sudo().create({"name": self.name})
        return self.sudo().contact_category_id
