from odoo import fields, models


class MeetingIncidentType(models.Model):
    """The emergency plan (应急预案) an incident type carries: how to grade an incident, the
    first actions, whom to call and the escalation path with its times."""

    _inherit = "meeting.incident.type"

    is_complaint = fields.Boolean(
        string="Complaints",
        help="Incidents of this type are complaints (客诉): they are graded as a suggestion, a "
        "general complaint or an urgent dispute, and record the remedy offered and whether "
        "the complainant accepted it.",
    )
    severity_high = fields.Text(
        string="High Severity When",
        translate=True,
        help="What makes an incident of this type high.",
    )
    severity_medium = fields.Text(string="Medium Severity When", translate=True)
    severity_low = fields.Text(string="Low Severity When", translate=True)
    plan_step_ids = fields.One2many(
        "meeting.incident.plan.step", "type_id", string="First Actions", copy=True
    )
    contact_user_ids = fields.Many2many(
        "res.users",
        "meeting_incident_type_contact_user_rel",
        "type_id",
        "user_id",
        string="Internal Contacts",
        domain=[("share", "=", False)],
    )
    contact_group_ids = fields.Many2many(
        "res.groups",
        "meeting_incident_type_contact_group_rel",
        "type_id",
        "group_id",
        string="Internal Teams",
    )
    contact_partner_ids = fields.Many2many(
        "res.partner",
        "meeting_incident_type_contact_partner_rel",
        "type_id",
        "partner_id",
        string="External Contacts",
        help="e.g. the venue's engineer, the equipment supplier's hotline.",
    )
    escalation_ids = fields.One2many(
        "meeting.incident.escalation", "type_id", string="Escalation Path", copy=True
    )
