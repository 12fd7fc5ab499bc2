"""An attendee of a meeting (参会人员): who they are, their invitation and personal QR code,
their personal data (an encrypted ID number) and their survey link. The check-in itself (the
kiosk's scan engine, walk-ins, the live sign-in sheet) is in ``meeting_attendee_checkin.py``.
"""

import base64
import io
import logging
import os
import re
import secrets

import qrcode
from cryptography.fernet import Fernet, InvalidToken
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import config

_logger = logging.getLogger(__name__)

COORDINATOR_GROUPS = "meeting_management.group_meeting_coordinator"

SENSITIVE_GROUPS = "meeting_management.group_meeting_sensitive"

AUDIT_SUBTYPE = "meeting_management.mt_attendee_id_number_revealed"

# Set by the check-in flow only (scan, search, walk-in), never by a user's write or create.
CHECKIN_FLOW_FIELDS = frozenset(
    (
        "is_checked_in",
        "checkin_date",
        "checkin_lane",
        "checkin_user_id",
        "is_walk_in",
        "checkin_channel_id",
        "checkin_channel_mismatch",
        "walk_in_state",
    )
)


def _new_token(_records=None):
    return secrets.token_urlsafe(24)


def mask_identifier(value):
    """``110101199003071234`` -> ``110***********1234`` (never the whole number)."""
    value = (value or "").strip()
    if not value:
        return False
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


# ``secrets.token_urlsafe(24)``: 32 URL-safe base64 characters
FEEDBACK_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,64}")

PERSONAL_MAIL_LAYOUT = "mail.mail_notification_light"

ONSITE_FIELDS = {"is_checked_in", "invitation_state", "meeting_id"}

# Changes that alter who is on the meeting's calendar event.
CALENDAR_FIELDS = {
    "attendee_type",
    "employee_id",
    "user_id",
    "partner_id",
    "invitation_state",
    "meeting_id",
}


class MeetingAttendee(models.Model):
    _name = "meeting.attendee"
    _description = "Meeting Attendee"
    _inherit = ["mail.thread", "meeting.line.mixin"]
    _order = "meeting_id, is_key_decision_maker desc, name, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields: who the attendee is
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one("meeting.meeting", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    name = fields.Char(string="Full Name", required=True, tracking=True)
    attendee_type = fields.Selection(
        [("internal", "Internal"), ("external", "External")],
        default="external",
        required=True,
    )
    employee_id = fields.Many2one("hr.employee", check_company=True)
    # Indexed for the meetings' read rule ('attendee_ids.user_id'), applied on every kiosk and
    # sign-in sheet refresh: without it each one reads every attendee row. Guests have no user:
    # the partial index gets no entry for them, so a scan's UPDATE does not maintain it.
    user_id = fields.Many2one("res.users", index="btree_not_null")
    partner_id = fields.Many2one("res.partner", string="Contact")
    department_id = fields.Many2one("hr.department", string="Department")
    company_name = fields.Char(string="Company / Department")
    job_title = fields.Char(string="Title")
    phone = fields.Char(groups=COORDINATOR_GROUPS)
    email = fields.Char(groups=COORDINATOR_GROUPS)
    is_key_decision_maker = fields.Boolean(string="Key Decision Maker")
    vip_level_id = fields.Many2one(
        "meeting.vip.level",
        string="VIP Level",
        index="btree_not_null",
        ondelete="restrict",
        help="VIP attendees are flagged to the check-in staff and get a reception plan "
        "following their level's reception standard.",
    )
    dietary_need = fields.Selection(
        [
            ("vegetarian", "Vegetarian"),
            ("halal", "Halal"),
            ("allergy", "Allergy"),
            ("other", "Other"),
        ],
        string="Dietary Needs",
    )
    dietary_notes = fields.Char(string="Dietary Details", help="e.g. peanut allergy")
    needs_accommodation = fields.Boolean(string="Accommodation Needed")
    needs_pickup = fields.Boolean(string="Pick-up Needed")

    # ------------------------------------------------------------------
    # Fields: invitation and check-in
    # ------------------------------------------------------------------
    invitation_state = fields.Selection(
        [("invited", "Invited"), ("confirmed", "Confirmed"), ("declined", "Declined")],
        default="invited",
        required=True,
        tracking=True,
    )
    invitation_sent_date = fields.Datetime(string="Invitation Sent", readonly=True, copy=False)
    # indexed with the meeting (_meeting_checkin_idx): each index a check-in updates is
    # one more entry to write per scan
    is_checked_in = fields.Boolean(string="Checked In", readonly=True, copy=False, default=False)
    checkin_date = fields.Datetime(string="Check-in Time", readonly=True, copy=False)
    checkin_lane = fields.Char(string="Lane", readonly=True, copy=False)
    checkin_user_id = fields.Many2one(
        "res.users", string="Checked In By", readonly=True, copy=False
    )
    is_walk_in = fields.Boolean(string="Walk-in", readonly=True, copy=False)
    # Personal QR code: the token is the secret printed on the badge and in the invitation.
    access_token = fields.Char(
        string="Check-in Token",
        required=True,
        readonly=True,
        copy=False,
        default=_new_token,
        groups=COORDINATOR_GROUPS,
    )  # indexed by its unique constraint
    # Not stored: a PNG of a 32-character token costs about a millisecond to build, it changes
    # whenever the token is regenerated, and it is only needed by badges and invitations.
    # Storing it would duplicate the token (a secret) in the filestore for every attendee.
    qr_code_image = fields.Binary(
        string="QR Code", compute="_compute_qr_code_image", groups=COORDINATOR_GROUPS
    )

    # ------------------------------------------------------------------
    # Fields: personal data (ID number)
    # ------------------------------------------------------------------
    # ID number: the cipher text is stored (Fernet, key outside the database); the masked
    # form is stored for display; the clear value only exists during a logged reveal.
    id_number_encrypted = fields.Char(copy=False, groups="base.group_system")
    id_number_masked = fields.Char(string="ID Number (masked)", readonly=True, copy=False)
    id_number = fields.Char(
        string="ID Number",
        compute="_compute_id_number",
        inverse="_inverse_id_number",
        groups=f"{COORDINATOR_GROUPS},{SENSITIVE_GROUPS}",
        help="Stored encrypted and shown masked; only personal data officers can reveal it.",
    )
    can_reveal_id_number = fields.Boolean(compute="_compute_can_reveal_id_number")

    # ------------------------------------------------------------------
    # Fields: the survey
    # ------------------------------------------------------------------
    feedback_token = fields.Char(
        string="Feedback Token",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups="meeting_management.group_meeting_coordinator",
        help="Secret of the attendee's personal survey link; it works once.",
    )
    feedback_ids = fields.One2many("meeting.feedback", "attendee_id", string="Survey Answer")
    has_feedback = fields.Boolean(
        string="Answered Survey", compute="_compute_has_feedback", store=True, index=True
    )
    feedback_url = fields.Char(
        string="Survey Link",
        compute="_compute_feedback_url",
        groups="meeting_management.group_meeting_coordinator",
    )
    feedback_invited = fields.Boolean(string="Survey Invitation Sent", readonly=True, copy=False)
    _access_token_unique = models.Constraint(
        "unique(access_token)", "Each attendee must have a unique check-in token."
    )
    _meeting_checkin_idx = models.Index("(meeting_id, is_checked_in)")
    _feedback_token_unique = models.Constraint(
        "unique(feedback_token)", "A feedback token must be unique."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("access_token")
    def _compute_qr_code_image(self):
        for attendee in self:
            attendee.qr_code_image = (
                self._make_qr_png(attendee.access_token) if attendee.access_token else False
            )

    @api.depends("id_number_masked")
    def _compute_id_number(self):
        for attendee in self:
            attendee.id_number = attendee.id_number_masked

    def _inverse_id_number(self):
        for attendee in self:
            value = (attendee.id_number or "").strip()
            if value == (attendee.id_number_masked or ""):
                continue  # the masked value written back unchanged
            if not value:
                # sudo: the user may edit id_number (field groups); the cipher column is
                # hidden from everyone but the system, it is cleared together with it.
                attendee.sudo().id_number_encrypted = False
                attendee.id_number_masked = False
                continue
            if "*" in value:
                raise UserError(self.env._("Type the full ID number, not its masked form."))
            cipher = self._get_fernet().encrypt(value.encode()).decode()
            # sudo: same as above, only the cipher text is written.
            attendee.sudo().id_number_encrypted = cipher
            attendee.id_number_masked = mask_identifier(value)
        # The clear value typed by the user must not stay in the cache.
        self.invalidate_recordset(["id_number"])

    @api.depends_context("uid")
    def _compute_can_reveal_id_number(self):
        can = self.env.user.has_group(SENSITIVE_GROUPS)
        for attendee in self:
            attendee.can_reveal_id_number = can and bool(attendee.id_number_masked)

    @api.depends("feedback_ids")
    def _compute_has_feedback(self):
        for attendee in self:
            attendee.has_feedback = bool(attendee.feedback_ids)

    def _compute_feedback_url(self):
        for attendee in self:
            attendee.feedback_url = (
                attendee._get_feedback_url() if attendee.feedback_token else False
            )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model
    def _check_checkin_flow_fields(self, vals, create=False):
        """Check-in state moves only through the check-in flow (scan, search, walk-in).

        The flow writes with hand-written SQL or as superuser (the walk-in); a user's write or
        create that sets these fields would check somebody in without a check-in log line.
        No context key switches this off: the context is user input.
        """
        if self.env.su:
            return
        names = CHECKIN_FLOW_FIELDS.intersection(vals)
        if create:
            names = {name for name in names if vals[name]}
        if names:
            raise UserError(
                self.env._(
                    "The check-in fields (%(fields)s) are set by the check-in kiosk only: scan "
                    "the attendee's code, search them by name or register a walk-in.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env) for name in sorted(names)
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_checkin_flow_fields(vals, create=True)
        employee_ids = [vals["employee_id"] for vals in vals_list if vals.get("employee_id")]
        # sudo: only the public part of the employee (name, department, job title, work
        # contact), what hr.employee.public shows every employee; HR fields stay out.
        Employee = self.env["hr.employee"].sudo().with_prefetch(employee_ids)
        for vals in vals_list:
            if vals.get("employee_id"):
                vals.setdefault("attendee_type", "internal")
                employee = Employee.browse(vals["employee_id"])
                vals.setdefault("name", employee.name)
                vals.setdefault("user_id", employee.user_id.id)
                vals.setdefault("department_id", employee.department_id.id)
                vals.setdefault("company_name", employee.department_id.name)
                vals.setdefault("job_title", employee.job_title)
                vals.setdefault(
                    "partner_id", employee.user_id.partner_id.id or employee.work_contact_id.id
                )
        attendees = super().create(vals_list)
        for attendee, vals in zip(attendees, vals_list):
            if not vals.get("employee_id") or ("phone" in vals and "email" in vals):
                continue
            employee = Employee.browse(vals["employee_id"])
            contact = {}
            if "phone" not in vals:
                contact["phone"] = employee.mobile_phone or employee.work_phone
            if "email" not in vals:
                contact["email"] = employee.work_email
            # sudo: copies the employee's work phone and e-mail, public on the employee
            # directory, into coordinator-only fields; nothing is returned to the user.
            attendee.sudo().write(contact)
        # the on-site view's counters and the internal attendees' calendar event follow
        attendees.meeting_id._notify_onsite_update("checkin")
        internal = attendees.filtered(lambda a: a.attendee_type == "internal")
        internal.meeting_id._sync_calendar_attendees()
        return attendees

    def write(self, vals):
        self._check_checkin_flow_fields(vals)
        meetings = self.meeting_id
        res = super().write(vals)
        if ONSITE_FIELDS & set(vals):
            self.meeting_id._notify_onsite_update("checkin")
        if CALENDAR_FIELDS & set(vals):
            (meetings | self.meeting_id)._sync_calendar_attendees()
        return res

    def unlink(self):
        meetings = self.filtered(lambda a: a.attendee_type == "internal").meeting_id
        res = super().unlink()
        meetings.exists()._sync_calendar_attendees()
        return res

    @api.onchange("employee_id")
    def _onchange_employee_id(self):
        # sudo: public employee data only (see create)
        employee = self.employee_id.sudo()
        if employee:
            self.attendee_type = "internal"
            self.name = employee.name
            self.user_id = employee.user_id.sudo(False)
            self.department_id = employee.department_id.sudo(False)
            self.company_name = employee.department_id.name
            self.job_title = employee.job_title
            self.phone = employee.mobile_phone or employee.work_phone
            self.email = employee.work_email

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        partner = self.partner_id
        if partner and not self.employee_id:
            self.name = partner.name
            self.company_name = partner.commercial_company_name or partner.parent_id.name
            self.job_title = partner.function
            self.phone = partner.phone
            self.email = partner.email

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Attendees"),
                "template": "/meeting_management/static/xls/meeting_attendee_import.csv",
            }
        ]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_manage(self):
        if not self.env.user.has_group(COORDINATOR_GROUPS):
            raise AccessError(self.env._("Only meeting coordinators may manage attendees."))

    def action_regenerate_token(self):
        """A new secret: the old QR code (badge, invitation) stops working at once."""
        self._check_can_manage()
        for attendee in self:
            attendee.access_token = _new_token()
            attendee._message_log(body=self.env._("Check-in QR code regenerated."))
        return True

    def action_send_invitation(self):
        self._check_can_manage()
        without_email = self.filtered(lambda a: not a.email)
        if without_email:
            raise UserError(
                self.env._(
                    "These attendees have no e-mail address: %(names)s",
                    names=", ".join(without_email.mapped("name")),
                )
            )
        # The QR code is the attendee's check-in secret: it goes to them only, the chatter
        # just records that it was sent.
        self._send_personal_mail("meeting_management.mail_template_attendee_invitation")
        self._message_log_batch(
            bodies={
                attendee.id: self.env._("Invitation sent to %(email)s.", email=attendee.email)
                for attendee in self
            }
        )
        self.invitation_sent_date = fields.Datetime.now()
        return True

    def action_confirm(self):
        self._check_can_manage()
        self.invitation_state = "confirmed"

    def action_decline(self):
        self._check_can_manage()
        self.invitation_state = "declined"

    def action_reveal_id_number(self):
        """Decrypt the ID number for a personal data officer; every reveal is logged."""
        self.ensure_one()
        if not self.env.user.has_group(SENSITIVE_GROUPS):
            raise AccessError(self.env._("Only personal data officers may reveal ID numbers."))
        self.check_access("read")
        # sudo: the cipher column is system-only; the caller was checked just above.
        cipher = self.sudo().id_number_encrypted
        if not cipher:
            raise UserError(self.env._("No ID number is recorded for %(name)s.", name=self.name))
        try:
            clear = self._get_fernet().decrypt(cipher.encode()).decode()
        except InvalidToken as e:
            raise UserError(
                self.env._(
                    "The ID number cannot be decrypted with the configured key (was the key "
                    "rotated without re-encrypting?)."
                )
            ) from e
        self._log_id_number_reveal()
        _logger.info("ID number of attendee %s revealed by uid %s", self.id, self.env.uid)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("ID number of %(name)s", name=self.name),
                "message": clear,
                "sticky": True,
                "type": "warning",
            },
        }

    # ------------------------------------------------------------------
    # Business methods: QR code, personal data, personal mails, survey links
    # ------------------------------------------------------------------
    @api.model
    def _make_qr_png(self, value, box_size=8):
        qr = qrcode.QRCode(
            error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=2
        )
        qr.add_data(value)
        qr.make(fit=True)
        buf = io.BytesIO()
        qr.make_image().save(buf, "PNG")
        return base64.b64encode(buf.getvalue())

    def _get_qr_data_uri(self):
        """The QR code as a data URI (the invitation mail turns it into an attachment)."""
        self.ensure_one()
        return "data:image/png;base64," + self._make_qr_png(self.access_token).decode()

    @api.model
    def _get_fernet_key(self):
        """The key lives in the Odoo configuration file or the environment, never in the DB."""
        return config.get("meeting_fernet_key") or os.environ.get("MEETING_FERNET_KEY")

    @api.model
    def _get_fernet(self):
        key = self._get_fernet_key()
        if not key:
            raise UserError(
                self.env._(
                    "ID numbers cannot be stored: no encryption key is configured. Ask your "
                    "administrator to set meeting_fernet_key in the Odoo configuration file "
                    "or the MEETING_FERNET_KEY environment variable."
                )
            )
        try:
            return Fernet(key.encode() if isinstance(key, str) else key)
        except (ValueError, TypeError) as e:
            raise UserError(
                self.env._("The configured meeting_fernet_key is not a valid Fernet key.")
            ) from e

    def _log_id_number_reveal(self):
        """The audit line of a reveal: authored by OdooBot, with its own subtype, immutable.

        Nobody edits or deletes it: not through the chatter (``_check_can_update_message_content``
        below), nor with a write or unlink on ``mail.message`` (``mail_message.py``).
        """
        self.ensure_one()
        message = self._message_log(
            body=self.env._("ID number revealed by %(user)s.", user=self.env.user.name),
            author_id=self.env.ref("base.partner_root").id,
        )
        # sudo (the message returned by _message_log already is): the audit subtype is what
        # makes the line immutable, set by this trusted method only.
        message.sudo().subtype_id = self.env.ref(AUDIT_SUBTYPE)
        return message

    def _check_can_update_message_content(self, messages):
        if messages.filtered(lambda m: m.subtype_id == self.env.ref(AUDIT_SUBTYPE)):
            raise UserError(
                self.env._("This line is part of the personal data audit trail: it cannot change.")
            )
        return super()._check_can_update_message_content(messages)

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

    def _ensure_feedback_token(self):
        """Give every attendee of ``self`` without one a token, in a single UPDATE."""
        # sudo: the token is a restricted field; the caller passed the finish guard.
        todo = self.sudo().filtered(lambda a: not a.feedback_token)
        if not todo:
            return True
        todo.flush_recordset(["feedback_token"])
        self.env.cr.execute(
            """
            UPDATE meeting_attendee AS attendee
               SET feedback_token = new.token
              FROM unnest(%s::int[], %s::varchar[]) AS new(id, token)
             WHERE attendee.id = new.id AND attendee.feedback_token IS NULL
            """,
            (todo.ids, [secrets.token_urlsafe(24) for _attendee in todo]),
        )
        todo.invalidate_recordset(["feedback_token", "feedback_url"])
        return True

    def _get_feedback_url(self):
        self.ensure_one()
        base_url = self.meeting_id.get_base_url()
        # sudo: read the restricted token to build the attendee's own link.
        return f"{base_url}/meeting/feedback/{self.sudo().feedback_token}"

    @api.model
    def _get_by_feedback_token(self, token):
        """The attendee for a public token, or an empty recordset. Constant query count."""
        if not isinstance(token, str) or not FEEDBACK_TOKEN_RE.fullmatch(token):
            return self.browse()
        # sudo: public survey route; the unguessable token is the credential.
        return self.sudo().search([("feedback_token", "=", token)], limit=1)

    def _phone_last_digits(self):
        self.ensure_one()
        digits = "".join(ch for ch in (self.phone or "") if ch.isdigit())
        return digits[-4:] if len(digits) >= 4 else ""
