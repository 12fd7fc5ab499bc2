from odoo import fields, models

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES


class ProductCategory(models.Model):
    _inherit = "product.category"

    meeting_budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        string="Meeting Budget Category",
        help="The meeting budget category (venue, materials, catering, travel, other) the costs "
        "of this category's products count towards. Without one, the parent category's applies.",
    )

    def _get_meeting_budget_category(self):
        """The budget category of this product category, inherited from its parents."""
        self.ensure_one()
        category = self
        while category:
            if category.meeting_budget_category:
                return category.meeting_budget_category
            category = category.parent_id
        return False
