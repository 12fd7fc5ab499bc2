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
        ``project_purchase`` does for a project)."""
        res = super()._compute_analytic_distribution()
        for line in self:
            if line.display_type:
                continue
            # sudo: the account of a meeting the order is linked to (checked on the order)
            account = line.order_id.meeting_id.sudo().analytic_account_id
            distribution = with_meeting_account(self.env, line.analytic_distribution, account)
            if distribution != line.analytic_distribution:
                line.analytic_distribution = distribution
        return res

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("order_id.meeting_id")._recompute_recordset(fnames=["analytic_distribution"])
        return lines


def with_meeting_account(env, distribution, account):
    """``distribution`` with the meeting's analytic ``account``: added to the accounts of
    other plans, or the whole distribution when there is none (unchanged when ``account`` is
    empty or its plan already has an account there)."""
    if not account:
        return distribution
    if not distribution:
        return {str(account.id): 100}
    applied = (
        env["account.analytic.account"]
        .browse({int(account_id) for ids in distribution for account_id in ids.split(",")})
        .exists()
        .root_plan_id
    )
    if account.root_plan_id in applied:
        return distribution
    return {f"{ids},{account.id}": percentage for ids, percentage in distribution.items()}
