from odoo import api, fields, models

# The documents the training outline names (资质审核): the business licence and the industry
# qualification are required to order for a meeting; past cases support the choice.
QUALIFICATION_TYPES = [
    ("business_license", "Business License"),
    ("industry", "Industry Qualification"),
    ("past_case", "Past Case"),
]
REQUIRED_TYPES = ("business_license", "industry")


class MeetingVendorQualification(models.Model):
    _name = "meeting.vendor.qualification"
    _description = "Vendor Qualification Document"
    _order = "partner_id, qualification_type, date_expiry desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("is_company", "=", True)],
    )
    qualification_type = fields.Selection(
        QUALIFICATION_TYPES, string="Type", required=True, default="business_license"
    )
    name = fields.Char(string="Document", required=True, help="E.g. the licence number.")
    date_issue = fields.Date(string="Issued On")
    date_expiry = fields.Date(
        string="Expires On", index=True, help="Empty: the document does not expire."
    )
    document = fields.Binary(string="Attachment", attachment=True)
    document_name = fields.Char(string="File Name")
    note = fields.Text()
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    is_expired = fields.Boolean(compute="_compute_is_expired", search="_search_is_expired")

    @api.depends("date_expiry")
    @api.depends_context("date")
    def _compute_is_expired(self):
        today = fields.Date.context_today(self)
        for document in self:
            document.is_expired = bool(document.date_expiry and document.date_expiry < today)

    def _search_is_expired(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        expired = [("date_expiry", "!=", False), ("date_expiry", "<", today)]
        positive = (operator == "in") == (True in value)
        return (
            expired
            if positive
            else ["|", ("date_expiry", "=", False), ("date_expiry", ">=", today)]
        )
