from odoo import fields, models

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES


class ProductTemplate(models.Model):
    _inherit = "product.template"

    meeting_budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        string="Meeting Budget Category",
        help="Overrides the product category's meeting budget category for this product.",
    )


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _get_meeting_budget_category(self):
        """The meeting budget category of this product: its own, else its category's."""
        self.ensure_one()
        return self.meeting_budget_category or self.categ_id._get_meeting_budget_category()
