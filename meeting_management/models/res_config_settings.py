from odoo import fields, models

from .meeting_meeting_kpi import KPI_BY_KEY


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # The settings are ``config_parameter`` fields named
    # ``meeting_management.<key>`` so that the business code reads them with
    # ``ir.config_parameter.get_param``.
    meeting_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Meeting Currency"
    )

    # The approval round: time limits and review departments
    meeting_resource_review_hours = fields.Integer(
        string="Resource Review Time Limit (h)",
        config_parameter="meeting_management.resource_review_hours",
        default=12,
    )
    meeting_manager_approval_hours = fields.Integer(
        string="Manager Approval Time Limit (h)",
        config_parameter="meeting_management.manager_approval_hours",
        default=24,
    )
    meeting_urgent_hours = fields.Integer(
        string="Green Channel Time Limit (h)",
        config_parameter="meeting_management.urgent_hours",
        default=2,
    )
    meeting_review_department_count = fields.Integer(
        compute="_compute_meeting_review_department_count"
    )

    def _compute_meeting_review_department_count(self):
        count = self.env["meeting.review.department"].search_count(
            [("company_id", "=", self.env.company.id)]
        )
        for settings in self:
            settings.meeting_review_department_count = count

    def action_open_meeting_review_departments(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_review_department_action"
        )

    # The execution plan: alert thresholds
    meeting_task_overdue_hours = fields.Integer(
        string="Overdue Alert (hours)",
        config_parameter="meeting_management.task_overdue_hours",
        default=24,
    )
    meeting_task_milestone_warning_hours = fields.Integer(
        string="Milestone Warning (hours)",
        config_parameter="meeting_management.task_milestone_warning_hours",
        default=24,
    )
    # The review: KPI targets (defaults from the KPI table), report recipients, summary
    meeting_kpi_agenda_completion = fields.Float(
        string="Agenda Completion Target (%)",
        config_parameter="meeting_management.kpi_agenda_completion",
        default=KPI_BY_KEY["agenda_completion"].default,
    )
    meeting_kpi_agenda_deviation = fields.Float(
        string="Agenda Deviation Limit (min)",
        config_parameter="meeting_management.kpi_agenda_deviation",
        default=KPI_BY_KEY["agenda_deviation"].default,
    )
    meeting_kpi_satisfaction = fields.Float(
        string="Satisfaction Target (/5)",
        config_parameter="meeting_management.kpi_satisfaction",
        default=KPI_BY_KEY["satisfaction"].default,
    )
    meeting_kpi_incident_timeliness = fields.Float(
        string="Incident Timeliness Target (%)",
        config_parameter="meeting_management.kpi_incident_timeliness",
        default=KPI_BY_KEY["incident_timeliness"].default,
    )
    meeting_kpi_objective_attainment = fields.Float(
        string="Objective Attainment Target (%)",
        config_parameter="meeting_management.kpi_objective_attainment",
        default=KPI_BY_KEY["objective_attainment"].default,
    )
    meeting_kpi_preparation_ontime = fields.Float(
        string="Preparation On-time Target (%)",
        config_parameter="meeting_management.kpi_preparation_ontime",
        default=KPI_BY_KEY["preparation_ontime"].default,
    )
    meeting_kpi_budget_variance = fields.Float(
        string="Budget Variance Limit (±%)",
        config_parameter="meeting_management.kpi_budget_variance",
        default=KPI_BY_KEY["budget_variance"].default,
    )
    meeting_kpi_attendance = fields.Float(
        string="Attendance Target (%)",
        config_parameter="meeting_management.kpi_attendance",
        default=KPI_BY_KEY["attendance"].default,
    )
    meeting_report_user_ids = fields.Many2many(
        related="company_id.meeting_report_user_ids", readonly=False
    )
    meeting_report_group_ids = fields.Many2many(
        related="company_id.meeting_report_group_ids", readonly=False
    )
    meeting_report_notify_departments = fields.Boolean(
        related="company_id.meeting_report_notify_departments", readonly=False
    )
    meeting_summary_frequency = fields.Selection(
        [("daily", "Daily"), ("weekly", "Weekly"), ("monthly", "Monthly")],
        string="Management Summary Frequency",
        config_parameter="meeting_management.summary_frequency",
        default="weekly",
    )

    def set_values(self):
        # sudo: settings are saved by administrators only (res.config.settings ACL)
        params = self.env["ir.config_parameter"].sudo()
        keys = [
            fname
            for fname, field in self._fields.items()
            if getattr(field, "config_parameter", "").startswith("meeting_management.kpi_")
        ]
        before = {fname: params.get_param(self._fields[fname].config_parameter) for fname in keys}
        res = super().set_values()
        after = {fname: params.get_param(self._fields[fname].config_parameter) for fname in keys}
        if before != after:
            # sudo: refresh the stored met / not met flags of every meeting of every company
            meetings = self.env["meeting.meeting"].sudo().search([("company_id", "!=", False)])
            meetings._recompute_kpi_status()
        return res

    # The day: check-in window
    meeting_checkin_minutes_before = fields.Integer(
        string="Check-in Opens (minutes before start)",
        config_parameter="meeting_management.checkin_minutes_before",
        default=120,
    )
    meeting_checkin_minutes_after = fields.Integer(
        string="Check-in Closes (minutes after end)",
        config_parameter="meeting_management.checkin_minutes_after",
        default=60,
    )
