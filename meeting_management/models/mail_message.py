from odoo import api, models
from odoo.exceptions import UserError

# What makes a message what it is: an audit line keeps all of it.
AUDIT_LOCKED_FIELDS = frozenset(
    (
        "body",
        "subject",
        "attachment_ids",
        "author_id",
        "author_guest_id",
        "email_from",
        "subtype_id",
        "message_type",
        "model",
        "res_id",
        "date",
        "partner_ids",
        "tracking_value_ids",
        "is_internal",
    )
)


class MailMessage(models.Model):
    _inherit = "mail.message"

    def write(self, vals):
        if AUDIT_LOCKED_FIELDS.intersection(vals):
            self._check_meeting_audit_immutable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_meeting_audit(self):
        self._check_meeting_audit_immutable()

    def _check_meeting_audit_immutable(self):
        """The audit lines of personal data (an ID number revealed) are never edited or
        deleted by a user, author or not; only the superuser (e.g. the cascade when the
        attendee itself is deleted) may."""
        if self.env.su:
            return
        subtype = self.env.ref(
            "meeting_management.mt_attendee_id_number_revealed", raise_if_not_found=False
        )
        # sudo: compares the subtype of the messages the user is changing, nothing is returned
        if subtype and subtype in self.sudo().subtype_id:
            raise UserError(
                self.env._("This line is part of the personal data audit trail: it cannot change.")
            )
