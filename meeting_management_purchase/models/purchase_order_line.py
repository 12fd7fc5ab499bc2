from odoo import api, fields, models

from odoo.addons.meeting_management.models.meeting_budget_line import BUDGET_CATEGORIES


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    meeting_id = fields.Many2one(related="order_id.meeting_id", store=True, index="btree_not_null")
    meeting_budget_category = fields.Selection(
        BUDGET_CATEGORIES,
        string="Meeting Budget Category",
        compute="_compute_meeting_budget_category",
        store=True,
        help="The meeting budget category this line counts towards: the product's meeting "
        "budget category, else its product category's.",
    )

    @api.depends(
        "product_id.meeting_budget_category",
        "product_id.categ_id.meeting_budget_category",
        "product_id.categ_id.parent_id.meeting_budget_category",
    )
    def _compute_meeting_budget_category(self):
        for line in self:
            line.meeting_budget_category = (
                line.product_id._get_meeting_budget_category() if line.product_id else False
            )

    @api.depends("order_id.meeting_id")
    def _compute_analytic_distribution(self):
        """The meeting's analytic account joins the line's distribution (as
        ``project_purchase`` does for a project): added to the accounts of other plans, or
        the whole distribution when the line has none."""
        res = super()._compute_analytic_distribution()
        for line in self:
            # sudo: the account of a meeting the order is linked to (checked on the order)
            account = line.order_id.meeting_id.sudo().analytic_account_id
            if line.display_type or not account:
                continue
            if not line.analytic_distribution:
                line.analytic_distribution = {str(account.id): 100}
                continue
            applied = (
                self.env["account.analytic.account"]
                .browse(
                    {
                        int(account_id)
                        for ids in line.analytic_distribution
                        for account_id in ids.split(",")
                    }
                )
                .exists()
                .root_plan_id
            )
            if account.root_plan_id in applied:
                continue
            line.analytic_distribution = {
                f"{ids},{account.id}": percentage
                for ids, percentage in line.analytic_distribution.items()
            }
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("order_id.meeting_id")._recompute_recordset(fnames=["analytic_distribution"])
        return lines
