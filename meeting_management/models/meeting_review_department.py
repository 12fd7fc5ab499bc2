from odoo import api, fields, models


class MeetingReviewDepartment(models.Model):
    """A department that pre-reviews every meeting plan (resource review step)."""

    _name = "meeting.review.department"
    _description = "Meeting Resource Review Department"
    _order = "sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    department_id = fields.Many2one("hr.department", required=True, check_company=True)
    reviewer_id = fields.Many2one(
        "res.users",
        string="Reviewer",
        help="Leave empty to route the step to the department's manager.",
    )
    scope = fields.Char(
        translate=True, help="What this department checks, e.g. venue, catering, logistics."
    )
    effective_reviewer_id = fields.Many2one(
        "res.users", compute="_compute_effective_reviewer", string="Effective Reviewer"
    )

    _department_company_uniq = models.Constraint(
        "unique(company_id, department_id)",
        "A department can only be configured once per company as a resource reviewer.",
    )

    @api.depends("reviewer_id", "department_id.manager_id.user_id")
    def _compute_effective_reviewer(self):
        for rule in self:
            rule.effective_reviewer_id = rule.reviewer_id or rule.department_id.manager_id.user_id
