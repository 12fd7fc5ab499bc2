"""The meeting's closing (会后收尾): its archive (归档资料整理) and the contact database
(参会人员信息库).

Closing a meeting (publishing its report) builds the archive from the meeting's files and its
generated reports, then files its external attendees as contacts (``res.partner``) with their
meeting history. Both may be run again: nothing is duplicated.
"""

import csv
import io
import posixpath
import zipfile

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize, format_datetime

from .meeting_archive_document import ARCHIVE_CATEGORIES, CHECKLIST, guess_category
from .meeting_feedback import normalize_digits

BLOCK_PARAM = "meeting_management.archive_block_incomplete"


def normalize_phone(value):
    """The digits of a phone number without the Chinese country prefix (+86 / 0086)."""
    digits = normalize_digits(value)
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    archive_document_ids = fields.One2many(
        "meeting.archive.document", "meeting_id", string="Archive"
    )
    archive_document_count = fields.Integer(compute="_compute_archive_checklist")
    archive_missing_count = fields.Integer(
        string="Missing in Archive", compute="_compute_archive_checklist"
    )
    archive_checklist_html = fields.Html(
        string="Archive Checklist", compute="_compute_archive_checklist", sanitize=False
    )
    can_manage_archive = fields.Boolean(compute="_compute_can_manage_archive")
    contact_history_ids = fields.One2many(
        "meeting.partner.history", "meeting_id", string="Contact Database"
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    def _compute_can_manage_archive(self):
        for meeting in self:
            meeting.can_manage_archive = meeting._may_manage_archive()

    @api.depends(
        "state",
        "archive_document_ids.category",
        "agenda_item_ids",
        "attendee_ids",
    )
    @api.depends_context("uid")
    def _compute_archive_checklist(self):
        for meeting in self:
            rows = meeting._get_archive_checklist()
            meeting.archive_document_count = len(meeting.archive_document_ids)
            meeting.archive_missing_count = sum(1 for row in rows if row["missing"])
            meeting.archive_checklist_html = meeting._archive_checklist_to_html(rows)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_publish_report(self):
        """Closing builds the archive and files the external attendees as contacts."""
        if self.env["ir.config_parameter"].sudo().get_param(BLOCK_PARAM):
            for meeting in self:
                missing = [
                    row["label"] for row in meeting._get_archive_checklist() if row["missing"]
                ]
                if missing:
                    raise UserError(
                        self.env._(
                            "The archive of %(meeting)s is incomplete (%(missing)s): complete it "
                            "before publishing the report, or ask an administrator to allow "
                            "closing with missing documents in Settings.",
                            meeting=meeting.display_name,
                            missing=", ".join(missing),
                        )
                    )
        res = super().action_publish_report()
        closed = self.filtered(lambda m: m.state == "closed")
        closed._build_archive(closing=True)
        closed._sync_contacts()
        return res

    def action_update_archive(self):
        """Collect the meeting's new files into its archive (before or after closing)."""
        self._check_can_manage_archive()
        for meeting in self:
            # a meeting closed before the archive existed gets its printed reports too
            meeting._build_archive(closing=meeting.state == "closed")
        return True

    def action_view_archive(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_archive_document_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {
            "default_meeting_id": self.id,
            "search_default_group_category": 1,
        }
        action["display_name"] = self.env._("Archive of %(meeting)s", meeting=self.name)
        return action

    def action_download_archive(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management/archive/{self.id}",
            "target": "download",
        }

    def action_sync_contacts(self):
        """File the external attendees of closed meetings in the contact database again."""
        self._check_can_manage_archive()
        if any(meeting.state != "closed" for meeting in self):
            raise UserError(
                self.env._(
                    "The contact database is updated when the meeting is closed; this meeting "
                    "is not closed yet."
                )
            )
        self._sync_contacts()
        return True

    def action_invite_from_past(self):
        self.ensure_one()
        self._check_can_invite_from_past()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Invite from Past Meetings"),
            "res_model": "meeting.invite.past.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_meeting_id": self.id},
        }

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _may_manage_archive(self):
        """Coordinators of the meeting (its executor or initiator holding the coordinator
        role) and meeting administrators keep the archive."""
        self.ensure_one()
        if self.env.su or self._is_meeting_admin():
            return True
        user = self.env.user
        return user.has_group("meeting_management.group_meeting_coordinator") and user in (
            self.executor_id | self.initiator_id
        )

    def _check_can_manage_archive(self):
        for meeting in self:
            if not meeting._may_manage_archive():
                raise AccessError(
                    self.env._(
                        "Only the coordinator of %(meeting)s or a meeting administrator can "
                        "keep its archive and contacts.",
                        meeting=meeting.display_name,
                    )
                )

    def _check_can_invite_from_past(self):
        self._check_can_manage_archive()
        if any(meeting.state in ("closed", "cancelled") for meeting in self):
            raise UserError(
                self.env._("Invitations are prepared before the meeting is closed or cancelled.")
            )

    # ------------------------------------------------------------------
    # Business methods: the archive
    # ------------------------------------------------------------------
    def _get_archive_checklist(self):
        """The checklist rows: ``key``, ``label``, ``count`` (documents archived), ``auto``
        (generated when the meeting is closed) and ``missing``."""
        self.ensure_one()
        labels = dict(
            self.env["meeting.archive.document"]
            ._fields["category"]
            ._description_selection(self.env)
        )
        # sudo: counts only, confidential documents included (their existence is not secret)
        counts = {}
        for document in self.sudo().archive_document_ids:
            counts[document.category] = counts.get(document.category, 0) + 1
        open_meeting = self.state != "closed"
        auto = {
            "agenda": open_meeting and bool(self.agenda_item_ids),
            "signin": open_meeting and bool(self.sudo().attendee_ids),
            "monitoring": open_meeting,
        }
        rows = []
        for key, categories in CHECKLIST:
            label = self.env._("Photos and Videos") if key == "media" else labels[categories[0]]
            count = sum(counts.get(category, 0) for category in categories)
            rows.append(
                {
                    "key": key,
                    "label": label,
                    "count": count,
                    "auto": not count and auto.get(key, False),
                    "missing": not count and not auto.get(key, False),
                }
            )
        return rows

    def _archive_checklist_to_html(self, rows):
        lines = []
        for row in rows:
            if row["count"]:
                icon, text = (
                    "fa-check text-success",
                    self.env._("%(count)s archived", count=row["count"]),
                )
            elif row["auto"]:
                icon, text = (
                    "fa-clock-o text-info",
                    self.env._("generated when the report is published"),
                )
            else:
                icon, text = (
                    "fa-exclamation-triangle text-warning",
                    self.env._("not in the archive yet"),
                )
            lines.append(
                Markup('<li><i class="fa %s me-1" role="img"/> <strong>%s</strong>: %s</li>')
                % (icon, row["label"], text)
            )
        return Markup('<ul class="list-unstyled mb-0">%s</ul>') % Markup("").join(lines)

    def _get_archive_sources(self):
        """The meeting's files as ``(attachment, source, values)``: chatter, application
        attachments, incident evidence (on-site photos), task deliverables, published report."""
        self.ensure_one()
        meeting = self.sudo()
        Attachment = self.env["ir.attachment"].sudo()
        sources = []
        seen = set()

        def add(attachments, source, **values):
            for attachment in attachments:
                if attachment.id in seen or attachment.res_field:
                    continue
                seen.add(attachment.id)
                sources.append((attachment, source, values))

        add(meeting.report_pdf_id, "report", category="monitoring")
        add(meeting.report_xlsx_id, "report", category="monitoring")
        add(meeting.attachment_ids, "attachment")
        add(
            Attachment.search(
                [("res_model", "=", self._name), ("res_id", "=", meeting.id)], order="id"
            ),
            "chatter",
        )
        for incident in meeting.incident_ids:
            evidence = incident.evidence_ids | Attachment.search(
                [("res_model", "=", incident._name), ("res_id", "=", incident.id)], order="id"
            )
            add(
                evidence,
                "incident",
                caption=incident.name,
                document_date=incident.create_date,
            )
        for task in meeting.task_ids:
            deliverables = task.deliverable_ids | Attachment.search(
                [("res_model", "=", task._name), ("res_id", "=", task.id)], order="id"
            )
            add(deliverables, "task", caption=task.name)
        return sources

    def _build_archive(self, closing=False):
        """Add the files the archive does not hold yet; ``closing`` also generates the agenda
        and the sign-in sheet. Existing documents (their classification, caption, date,
        confidentiality) are kept as the coordinator left them.

        Trusted code (closing, or a coordinator's update after its guard): the links and the
        generated files are written as superuser; who reads them is the documents' business.
        """
        Document = self.env["meeting.archive.document"].sudo()
        for meeting in self:
            # sudo: including the confidential documents, whose files are archived already
            archived = meeting.sudo().archive_document_ids
            known = set(archived.attachment_id.ids)
            # a file moved into a confidential document stays known through its document
            vals_list = []
            for attachment, source, values in meeting._get_archive_sources():
                if attachment.id in known:
                    continue
                category = values.get("category") or guess_category(
                    attachment.name, attachment.mimetype
                )
                vals_list.append(
                    {
                        "meeting_id": meeting.id,
                        "attachment_id": attachment.id,
                        "source": source,
                        "name": attachment.name,
                        "category": category,
                        "caption": values.get("caption") or False,
                        "document_date": values.get("document_date") or attachment.create_date,
                        "is_confidential": category == "contract",
                    }
                )
            if vals_list:
                Document.create(vals_list)
            if closing:
                meeting._archive_generated_reports(archived)

    def _archive_generated_reports(self, archived):
        """The agenda and the sign-in sheet as printed at closing (once)."""
        self.ensure_one()
        generated = archived.filtered(lambda d: d.source == "report").mapped("category")
        reports = []
        if "agenda" not in generated and self.agenda_item_ids:
            reports.append(
                (
                    "agenda",
                    "meeting_management.action_report_meeting_agenda",
                    self.env._("Agenda - %(meeting)s.pdf", meeting=self.name),
                    False,
                )
            )
        if "signin" not in generated and self.sudo().attendee_ids:
            # with the attendees' phone numbers: confidential (coordinators only)
            reports.append(
                (
                    "signin",
                    "meeting_management.action_report_signin_sheet",
                    self.env._("Sign-in Sheet - %(meeting)s.pdf", meeting=self.name),
                    True,
                )
            )
        for category, report_ref, filename, confidential in reports:
            # superuser: the report is printed for the archive (the sign-in sheet is a
            # check-in staff report); the file's readers are the document's
            content, _type = (
                self.env["ir.actions.report"]
                .with_user(SUPERUSER_ID)
                ._render_qweb_pdf(report_ref, self.ids)
            )
            document = (
                self.env["meeting.archive.document"]
                .sudo()
                .create(
                    {
                        "meeting_id": self.id,
                        "source": "report",
                        "category": category,
                        "name": filename,
                        "document_date": fields.Datetime.now(),
                        "is_confidential": confidential,
                    }
                )
            )
            document.attachment_id = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": filename,
                        "raw": content,
                        "mimetype": "application/pdf",
                        "res_model": document._name,
                        "res_id": document.id,
                    }
                )
            )

    def _get_archive_zip(self):
        """The archive as a ZIP (bytes) with an HTML and a CSV index, built as the current
        user: the documents they may not read (confidential) are left out."""
        self.ensure_one()
        self.check_access("read")
        documents = self.env["meeting.archive.document"].search([("meeting_id", "=", self.id)])
        categories = dict(
            self.env["meeting.archive.document"]
            ._fields["category"]
            ._description_selection(self.env)
        )
        order = {key: index for index, (key, _label) in enumerate(ARCHIVE_CATEGORIES)}
        documents = documents.sorted(
            lambda d: (order[d.category], d.document_date or d.create_date, d.id)
        )
        buf = io.BytesIO()
        rows = []
        used = set()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
            for document in documents:
                folder = f"{order[document.category] + 1:02d} {categories[document.category]}"
                path = self._archive_unique_path(folder, document.name, used)
                content = document._get_content()
                archive.writestr(path, content)
                rows.append(
                    {
                        "category": categories[document.category],
                        "path": path,
                        "name": document.name,
                        "caption": document.caption or "",
                        "date": self._format_dt(document.document_date)
                        if document.document_date
                        else "",
                        "size": len(content),
                        "confidential": document.is_confidential,
                    }
                )
            archive.writestr("index.html", self._archive_index_html(rows))
            archive.writestr("index.csv", self._archive_index_csv(rows))
        return buf.getvalue()

    @staticmethod
    def _archive_unique_path(folder, name, used):
        name = (name or "file").replace("/", "_").replace("\\", "_").strip(". ") or "file"
        stem, ext = posixpath.splitext(name)
        path = f"{folder}/{name}"
        index = 2
        while path in used:
            path = f"{folder}/{stem} ({index}){ext}"
            index += 1
        used.add(path)
        return path

    def _archive_index_titles(self):
        return [
            self.env._("Category"),
            self.env._("File Name"),
            self.env._("Caption"),
            self.env._("Date"),
            self.env._("Size (bytes)"),
            self.env._("Confidential"),
        ]

    def _archive_index_csv(self, rows):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(self._archive_index_titles())
        for row in rows:
            writer.writerow(
                [
                    row["category"],
                    row["path"],
                    # a caption typed by a user is data, never a spreadsheet formula
                    ("'" + row["caption"]) if row["caption"][:1] in "=+-@" else row["caption"],
                    row["date"],
                    row["size"],
                    self.env._("Yes") if row["confidential"] else "",
                ]
            )
        # with a BOM: spreadsheet programs then read the Chinese names as UTF-8
        return "\ufeff" + out.getvalue()

    def _archive_index_html(self, rows):
        head = Markup("").join(
            Markup("<th>%s</th>") % title for title in self._archive_index_titles()
        )
        body = Markup("").join(
            Markup(
                '<tr><td>%s</td><td><a href="%s">%s</a></td><td>%s</td><td>%s</td>'
                '<td style="text-align:right">%s</td><td>%s</td></tr>'
            )
            % (
                row["category"],
                row["path"],
                row["name"],
                row["caption"],
                row["date"],
                row["size"],
                self.env._("Yes") if row["confidential"] else "",
            )
            for row in rows
        )
        title = self.env._("Archive of %(meeting)s", meeting=self.display_name)
        generated = self.env._(
            "Downloaded on %(date)s by %(user)s",
            date=format_datetime(self.env, fields.Datetime.now(), tz=self.env.user.tz or "UTC"),
            user=self.env.user.name,
        )
        return str(
            Markup(
                '<!DOCTYPE html><html><head><meta charset="utf-8"/><title>%s</title></head>'
                "<body><h1>%s</h1><p>%s</p>"
                '<table border="1" cellpadding="4" style="border-collapse:collapse">'
                "<thead><tr>%s</tr></thead><tbody>%s</tbody></table></body></html>"
            )
            % (title, title, generated, head, body)
        )

    # ------------------------------------------------------------------
    # Business methods: the contact database
    # ------------------------------------------------------------------
    def _sync_contacts(self):
        """Match or create a contact for every external attendee, tag it with the meeting
        type and record the meeting in its history. Run again, it reuses what it filed.

        Trusted code (closing, or a coordinator's button after its guard): attendees' e-mail
        and phone are coordinator-only fields and contacts are created by partner managers,
        so it runs as superuser. Only name, company, title, phone and e-mail reach the
        contact: no ID number, no free-text feedback.
        """
        History = self.env["meeting.partner.history"].sudo()
        for meeting in self.sudo():
            category = meeting.type_id._get_contact_category()
            externals = meeting.attendee_ids.filtered(lambda a: a.attendee_type == "external")
            for attendee in externals:
                partner = attendee.partner_id or meeting._match_contact(attendee)
                if partner:
                    partner.write(meeting._prepare_contact_update(partner, attendee, category))
                else:
                    partner = (
                        self.env["res.partner"]
                        .sudo()
                        .create(meeting._prepare_contact_values(attendee, category))
                    )
                if attendee.partner_id != partner:
                    attendee.partner_id = partner
                History._record(partner, attendee)

    def _match_contact(self, attendee):
        """An existing contact with the attendee's e-mail, else with their phone number."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=False)
        company_domain = [("company_id", "in", (False, self.company_id.id))]
        email = attendee.email and attendee.email.strip()
        if email:
            value = email_normalize(email, strict=False) or email.lower()
            partner = Partner.search(
                [("email_normalized", "=", value), ("is_company", "=", False), *company_domain],
                order="active desc, id",
                limit=1,
            )
            if partner:
                return partner
        phone = normalize_phone(attendee.phone)
        if len(phone) >= 6:
            Partner.flush_model(["phone"])
            self.env.cr.execute(
                "SELECT id FROM res_partner WHERE NOT is_company AND phone IS NOT NULL "
                "AND regexp_replace(phone, '[^0-9]', '', 'g') LIKE %s ORDER BY active DESC, id",
                ("%" + phone[-6:],),
            )
            candidates = Partner.browse([row[0] for row in self.env.cr.fetchall()])
            for partner in candidates.filtered_domain(company_domain):
                if normalize_phone(partner.phone) == phone:
                    return partner
        return Partner.browse()

    def _get_contact_company(self, attendee):
        name = (attendee.company_name or "").strip()
        if not name:
            return self.env["res.partner"]
        Partner = self.env["res.partner"].sudo()
        company = Partner.search(
            [
                ("is_company", "=", True),
                ("name", "=ilike", name),
                ("company_id", "in", (False, self.company_id.id)),
            ],
            limit=1,
        )
        return company or Partner.create({"name": name, "is_company": True})

    def _prepare_contact_values(self, attendee, category):
        company = self._get_contact_company(attendee)
        return {
            "name": attendee.name,
            "parent_id": company.id,
            "function": attendee.job_title or False,
            "phone": attendee.phone or False,
            "email": attendee.email or False,
            "category_id": [fields.Command.link(category.id)],
        }

    def _prepare_contact_update(self, partner, attendee, category):
        """Fill what the existing contact lacks; what it holds is kept."""
        vals = {}
        if category not in partner.category_id:
            vals["category_id"] = [fields.Command.link(category.id)]
        if not partner.parent_id and not partner.is_company and attendee.company_name:
            vals["parent_id"] = self._get_contact_company(attendee).id
        for fname, value in (
            ("function", attendee.job_title),
            ("phone", attendee.phone),
            ("email", attendee.email),
        ):
            if value and not partner[fname]:
                vals[fname] = value
        return vals
