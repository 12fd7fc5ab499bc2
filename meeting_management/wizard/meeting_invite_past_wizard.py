"""Invite from past meetings: the next invitation list built from the contact database."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class MeetingInvitePastWizard(models.TransientModel):
    _name = "meeting.invite.past.wizard"
    _description = "Invite Contacts from Past Meetings"

    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade")
    type_ids = fields.Many2many("meeting.type", string="Meeting Types")
    past_meeting_ids = fields.Many2many(
        "meeting.meeting",
        "meeting_invite_past_wizard_meeting_rel",
        "wizard_id",
        "meeting_id",
        string="Past Meetings",
        domain=[("state", "=", "closed")],
    )
    category_ids = fields.Many2many("res.partner.category", string="Contact Tags")
    attended_only = fields.Boolean(
        string="Only Those Who Came", help="Leave out the contacts who were invited but absent."
    )
    min_score = fields.Integer(
        string="Minimum Satisfaction",
        help="Only contacts who rated a past meeting at least this (1-5).",
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Contacts to Invite",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
    )
    already_count = fields.Integer(
        string="Already Invited", compute="_compute_partner_ids", store=True
    )

    @api.depends(
        "meeting_id", "type_ids", "past_meeting_ids", "category_ids", "attended_only", "min_score"
    )
    def _compute_partner_ids(self):
        for wizard in self:
            candidates = wizard._get_candidates()
            invited = wizard._invited_partners(candidates)
            wizard.partner_ids = candidates - invited
            wizard.already_count = len(candidates & invited)

    def _get_candidates(self):
        self.ensure_one()
        Partner = self.env["res.partner"]
        if not (self.type_ids or self.past_meeting_ids or self.category_ids):
            return Partner
        domain = Domain("meeting_id", "!=", self.meeting_id.id or False)
        if self.type_ids:
            domain &= Domain("type_id", "in", self.type_ids.ids)
        if self.past_meeting_ids:
            domain &= Domain("meeting_id", "in", self.past_meeting_ids.ids)
        if self.attended_only:
            domain &= Domain("attended", "=", True)
        if self.min_score:
            domain &= Domain("feedback_score", ">=", self.min_score)
        if self.type_ids or self.past_meeting_ids or self.attended_only or self.min_score:
            partners = self.env["meeting.partner.history"].search(domain).partner_id
            if self.category_ids:
                partners = partners.filtered(lambda p: p.category_id & self.category_ids)
        else:
            partners = Partner.search([("category_id", "in", self.category_ids.ids)])
        # people, not their companies (a tag may be on both)
        return partners.filtered(lambda p: p.active and not p.is_company)

    def _invited_partners(self, partners):
        """Those of ``partners`` already on the meeting (as its contact, or by e-mail)."""
        # sudo: compared with the meeting's attendees by contact and e-mail only
        attendees = self.meeting_id.sudo().attendee_ids
        emails = {email.strip().lower() for email in attendees.mapped("email") if email}
        return partners.filtered(
            lambda p: (
                p in attendees.partner_id or (p.email_normalized and p.email_normalized in emails)
            )
        )

    def action_invite(self):
        self.ensure_one()
        self.meeting_id._check_can_invite_from_past()
        partners = self.partner_ids - self._invited_partners(self.partner_ids)
        if not partners:
            raise UserError(
                self.env._("Nobody to invite: choose contacts who are not invited yet.")
            )
        self.env["meeting.attendee"].create(
            [
                {
                    "meeting_id": self.meeting_id.id,
                    "attendee_type": "external",
                    "partner_id": partner.id,
                    "name": partner.name,
                    "company_name": partner.parent_id.name or partner.company_name or False,
                    "job_title": partner.function or False,
                    "phone": partner.phone or False,
                    "email": partner.email or False,
                }
                for partner in partners
            ]
        )
        return self.meeting_id.action_view_attendees()
