from odoo import fields, models

TASK_PHASES = [
    ("before", "Preparation"),
    ("during", "Execution"),
    ("after", "Wrap-up"),
]
TASK_STATES = [
    ("waiting", "Waiting"),
    ("todo", "Not Started"),
    ("in_progress", "In Progress"),
    ("delayed", "Delayed"),
    ("done", "Done"),
]


class MeetingTask(models.Model):
    _name = "meeting.task"
    _description = "Meeting Task"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "meeting_id, sequence, date_deadline, id"
    _check_company_auto = True

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Task", required=True, tracking=True)
    phase = fields.Selection(TASK_PHASES, required=True, default="before", index=True)
    user_id = fields.Many2one("res.users", string="Owner", required=True, index=True, tracking=True)
    lead_user_id = fields.Many2one("res.users", string="Lead Owner")
    priority = fields.Selection([("0", "Low"), ("1", "Medium"), ("2", "High")], default="1")
    date_deadline = fields.Datetime(string="Deadline", required=True, index=True, tracking=True)
    date_done = fields.Datetime(string="Actual Finish", copy=False)
    state = fields.Selection(
        TASK_STATES, default="todo", required=True, index=True, tracking=True, copy=False
    )
    is_milestone = fields.Boolean(string="Milestone")
    notes = fields.Text()
