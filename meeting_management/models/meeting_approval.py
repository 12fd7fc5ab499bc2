from odoo import fields, models


class MeetingApproval(models.Model):
    _name = "meeting.approval"
    _description = "Meeting Approval Step"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "meeting_id, approval_round desc, sequence, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    approval_round = fields.Integer(string="Round", default=1, readonly=True)
    sequence = fields.Integer(default=10)
    step_type = fields.Selection(
        [("resource", "Resource Review"), ("manager", "Manager Approval")],
        required=True,
        index=True,
    )
    department_id = fields.Many2one("hr.department", string="Reviewing Department")
    reviewer_id = fields.Many2one(
        "res.users", string="Reviewer", required=True, index=True, tracking=True
    )
    deadline = fields.Datetime(required=True, index=True, tracking=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        index=True,
        tracking=True,
    )
    decision_date = fields.Datetime(readonly=True)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    comment = fields.Text()
    escalation_count = fields.Integer(readonly=True, default=0)
