from odoo import api, fields, models
from odoo.exceptions import UserError


class MeetingAttendeeDepartmentWizard(models.TransientModel):
    _name = "meeting.attendee.department.wizard"
    _description = "Add the Employees of a Department as Attendees"

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade")
    department_ids = fields.Many2many("hr.department", string="Departments", required=True)
    include_sub_departments = fields.Boolean(default=True)
    employee_count = fields.Integer(compute="_compute_employees")
    already_count = fields.Integer(string="Already Invited", compute="_compute_employees")

    def _get_employees(self):
        self.ensure_one()
        departments = self.department_ids
        if self.include_sub_departments and departments:
            departments = self.env["hr.department"].search([("id", "child_of", departments.ids)])
        # sudo: coordinators need no HR rights to list a department's employees; only their
        # ids go further (the attendee create reads their public data).
        return (
            self.env["hr.employee"]
            .sudo()
            .search(
                [
                    ("department_id", "in", departments.ids),
                    ("company_id", "=", self.meeting_id.company_id.id),
                ]
            )
        )

    @api.depends("department_ids", "include_sub_departments", "meeting_id")
    def _compute_employees(self):
        for wizard in self:
            # sudo: same as _get_employees (an empty set here); only counts are shown
            employees = (
                wizard._get_employees() if wizard.meeting_id else self.env["hr.employee"].sudo()
            )
            # sudo: compared by id with the list above, nothing is read from HR
            present = wizard.meeting_id.attendee_ids.employee_id.sudo()
            wizard.employee_count = len(employees - present)
            wizard.already_count = len(employees & present)

    def action_add(self):
        self.ensure_one()
        self.env["meeting.attendee"]._check_can_manage()
        # sudo: set difference by id only; the caller was checked just above
        employees = self._get_employees() - self.meeting_id.attendee_ids.employee_id.sudo()
        if not employees:
            raise UserError(self.env._("Every employee of these departments is already invited."))
        self.env["meeting.attendee"].create(
            [
                {"meeting_id": self.meeting_id.id, "employee_id": employee.id}
                for employee in employees
            ]
        )
        return self.meeting_id.action_view_attendees()
