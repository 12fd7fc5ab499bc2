from markupsafe import Markup

from odoo import models

PERSONAL_MAIL_LAYOUT = "mail.mail_notification_light"


class MeetingAttendee(models.Model):
    """Mails that carry an attendee's personal secret (check-in QR code, survey link)."""

    _inherit = "meeting.attendee"

    def _send_personal_mail(self, template_xmlid):
        """Mail each attendee of ``self`` the template; only the recipient gets the content.

        ``message_post`` or ``mail.template.send_mail`` would keep the rendered body (with the
        QR code or link) on a ``mail.message`` of the attendee's thread, readable by everyone
        who reads the attendee (check-in staff, the initiator), and turn inline images into
        attachments of the attendee. Here the rendered body only lives in the queued
        ``mail.mail`` (administrators only) and is deleted once sent; the message behind it
        belongs to no thread and holds the subject alone. The caller checks that the current
        user may send it and logs a chatter line without the secret.

        :return: the queued mails (sudo)
        """
        if not self:
            return self.env["mail.mail"].sudo()
        # sudo: rendering reads the attendees' restricted secrets (tokens) to build their
        # personal QR code and links; the result only goes into the mail to each attendee.
        template = self.env.ref(template_xmlid).sudo()
        rendered = template._generate_template(
            self.ids, ("body_html", "email_from", "email_to", "reply_to", "subject")
        )
        langs = template._render_lang(self.ids) if template.lang else {}
        companies = self._mail_get_companies(default=self.env.company)
        model_description = self.env["ir.model"]._get(self._name).display_name
        mail_values = []
        for attendee in self:
            values = rendered[attendee.id]
            lang = langs.get(attendee.id) or self.env.lang
            body_html = template.with_context(lang=lang)._render_encapsulate(
                PERSONAL_MAIL_LAYOUT,
                values["body_html"],
                add_context={
                    "company": companies[attendee.id],
                    "model_description": model_description,
                },
                context_record=attendee.with_context(lang=lang),
            )
            mail_values.append(
                {
                    "subject": values["subject"],
                    "email_from": values.get("email_from") or self.env.user.email_formatted,
                    "email_to": values.get("email_to") or attendee.sudo().email,
                    "reply_to": values.get("reply_to") or False,
                    "body_html": body_html,
                    # the mail.message behind the mail: no thread, no secret
                    "body": Markup("<p>%s</p>") % values["subject"],
                    "model": False,
                    "res_id": False,
                    "auto_delete": True,
                }
            )
        # sudo: mail.mail is restricted to administrators, which is the point: nobody else
        # can read the rendered bodies before they are sent and deleted.
        return self.env["mail.mail"].sudo().create(mail_values)
