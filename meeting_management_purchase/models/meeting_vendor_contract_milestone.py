from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

MILESTONE_KINDS = [
    ("deposit", "Deposit Due"),
    ("delivery", "Delivery"),
    ("final_payment", "Final Payment"),
]


class MeetingVendorContractMilestone(models.Model):
    _name = "meeting.vendor.contract.milestone"
    _description = "Meeting Vendor Contract Milestone"
    _order = "date_deadline, id"

    contract_id = fields.Many2one(
        "meeting.vendor.contract", required=True, index=True, ondelete="cascade"
    )
    meeting_id = fields.Many2one(related="contract_id.meeting_id", store=True, index=True)
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    currency_id = fields.Many2one(related="contract_id.currency_id")
    kind = fields.Selection(MILESTONE_KINDS, required=True, default="deposit")
    name = fields.Char(string="Description")
    date_deadline = fields.Datetime(string="Deadline", required=True)
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    amount = fields.Monetary(currency_field="currency_id")
    task_id = fields.Many2one("meeting.task", string="Plan Task", readonly=True, copy=False)
    task_state = fields.Selection(related="task_id.state", string="Task Status")

    # ------------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any("task_id" in vals for vals in vals_list):
            raise UserError(self.env._("A milestone's plan task is created with the milestone."))
        milestones = super().create(vals_list)
        milestones._sync_tasks()
        return milestones

    def write(self, vals):
        if not self.env.su and "task_id" in vals:
            raise UserError(self.env._("A milestone's plan task is created with the milestone."))
        res = super().write(vals)
        if {"kind", "name", "date_deadline", "user_id", "contract_id"} & vals.keys():
            self._sync_tasks()
        return res

    def unlink(self):
        # sudo: the plan task of a milestone being removed by purchasing; done tasks stay
        tasks = self.sudo().task_id.filtered(lambda t: t.state != "done")
        res = super().unlink()
        tasks.unlink()
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------

    def _task_vals(self):
        self.ensure_one()
        contract = self.contract_id
        meeting = contract.meeting_id
        label = dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        name = self.env._(
            "%(vendor)s: %(milestone)s (%(contract)s)",
            vendor=contract.partner_id.commercial_partner_id.name,
            milestone=self.name or label,
            contract=contract.name,
        )
        if meeting.date_end and self.date_deadline > meeting.date_end:
            phase = "after"
        elif meeting.date_start and self.date_deadline >= meeting.date_start - timedelta(hours=1):
            phase = "during"
        else:
            phase = "before"
        return {
            "name": name,
            "meeting_id": meeting.id,
            "user_id": self.user_id.id,
            "date_deadline": self.date_deadline,
            "phase": phase,
            "is_milestone": True,
        }

    def _sync_tasks(self):
        """Each milestone is a milestone task of the meeting's plan (owner and deadline), so
        the plan's overdue and milestone alerts cover it. sudo: purchasing is not the
        meeting's executor; the task belongs to the contract's meeting and mirrors the
        milestone purchasing just recorded."""
        Task = self.env["meeting.task"].sudo()
        for milestone in self:
            vals = milestone._task_vals()
            task = milestone.sudo().task_id
            if not task:
                milestone.sudo().task_id = Task.create(vals)
            elif task.state != "done":
                task.write(vals)
