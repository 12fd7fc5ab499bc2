"""A document of a meeting's closing archive (归档资料): one file, classified by the training
outline's categories (议程, 签到表, 演讲稿, 决议文件, 合同与协议, 照片/视频, 监控报告), with a
caption and the time it was taken.

The file is an ``ir.attachment``: either one the meeting already holds (chatter, incident
evidence, task deliverables, the published report), linked and not copied, or one the archive
owns (an upload, the generated agenda and sign-in sheet). A confidential document's file is
always owned by the archive document, so the attachment's own access (which follows
``res_model``/``res_id``) is the document's: coordinators and administrators only.
"""

import functools
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

ARCHIVE_CATEGORIES = [
    ("agenda", "Agenda"),
    ("signin", "Sign-in Sheet"),
    ("speech", "Speeches"),
    ("resolution", "Resolutions"),
    ("contract", "Contracts and Agreements"),
    ("photo", "Photos"),
    ("video", "Videos"),
    ("monitoring", "Monitoring Report"),
    ("other", "Other"),
]

# The checklist: what a complete archive holds. Photos and videos count together (影像资料).
CHECKLIST = [
    ("agenda", ("agenda",)),
    ("signin", ("signin",)),
    ("speech", ("speech",)),
    ("resolution", ("resolution",)),
    ("contract", ("contract",)),
    ("media", ("photo", "video")),
    ("monitoring", ("monitoring",)),
]

ARCHIVE_SOURCES = [
    ("upload", "Uploaded"),
    ("chatter", "Meeting Chatter"),
    ("attachment", "Application Attachment"),
    ("incident", "Incident Evidence"),
    ("task", "Task Deliverable"),
    ("report", "Generated Report"),
]

# A first classification from the file name (Chinese and English), refined by the coordinator.
NAME_PATTERNS = [
    ("contract", re.compile(r"合同|协议|contract|agreement|\bnda\b", re.IGNORECASE)),
    ("resolution", re.compile(r"决议|纪要|resolution|minutes", re.IGNORECASE)),
    ("speech", re.compile(r"演讲|讲稿|发言|致辞|speech|keynote|slides", re.IGNORECASE)),
    ("signin", re.compile(r"签到|sign-?in", re.IGNORECASE)),
    ("agenda", re.compile(r"议程|agenda", re.IGNORECASE)),
]

# The relations that list a meeting's files: a confidential file leaves them.
LINKING_FIELDS = (
    ("meeting.meeting", "attachment_ids"),
    ("meeting.incident", "evidence_ids"),
    ("meeting.task", "deliverable_ids"),
)

PRESENTATION_MIMETYPES = (
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)


def guess_category(name, mimetype):
    """The category a file most likely belongs to, from its name and type."""
    for category, pattern in NAME_PATTERNS:
        if pattern.search(name or ""):
            return category
    mimetype = mimetype or ""
    if mimetype.startswith("image/"):
        return "photo"
    if mimetype.startswith("video/"):
        return "video"
    if mimetype in PRESENTATION_MIMETYPES:
        return "speech"
    return "other"


class MeetingArchiveDocument(models.Model):
    _name = "meeting.archive.document"
    _description = "Meeting Archive Document"
    _order = "meeting_id, sequence, category, document_date, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one(
        "meeting.meeting", required=True, ondelete="cascade", index=True, readonly=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(ARCHIVE_CATEGORIES, required=True, default="other", index=True)
    name = fields.Char(string="File Name", required=True)
    caption = fields.Char(help="What the document shows: e.g. the signing ceremony, hall A.")
    document_date = fields.Datetime(
        string="Date", help="When the photo or video was taken, or the document issued."
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Attachment", readonly=True, ondelete="cascade", index=True
    )
    source = fields.Selection(ARCHIVE_SOURCES, required=True, default="upload", readonly=True)
    is_confidential = fields.Boolean(
        string="Confidential",
        help="Readable only by coordinators and meeting administrators (contracts, "
        "agreements). The file leaves the chatter and is kept in the archive only.",
    )
    contract_end_date = fields.Date(
        string="Contract Ends", help="When the contract or agreement expires."
    )
    file = fields.Binary(
        compute="_compute_file", inverse="_inverse_file", string="File", copy=False
    )
    file_size = fields.Integer(related="attachment_id.file_size", string="Size (bytes)")
    mimetype = fields.Char(related="attachment_id.mimetype")

    _meeting_attachment_unique = models.Constraint(
        "unique(meeting_id, attachment_id)", "A file is archived once per meeting."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("attachment_id")
    @api.depends_context("bin_size")
    def _compute_file(self):
        # The document is the gate: whoever may read it (record rules, its meeting) reads its
        # file, also when the file is an incident's photo or a task's deliverable.
        for document in self:
            attachment = document.attachment_id.sudo()
            document.file = attachment.datas if attachment else False

    def _inverse_file(self):
        for document in self:
            if not document.file:
                continue
            if document.attachment_id and document.source != "upload":
                raise UserError(
                    self.env._(
                        "%(name)s comes from the meeting (%(origin)s): its file cannot be "
                        "replaced here; upload a new document instead.",
                        name=document.name,
                        origin=dict(self._fields["source"]._description_selection(self.env)).get(
                            document.source
                        ),
                    )
                )
            values = {"name": document.name, "datas": document.file}
            if document.attachment_id:
                document.attachment_id.write(values)
            else:
                # The archive owns the upload: its access follows this document's. Created
                # as the user (they must be able to write the document), then linked past
                # the guard of ``write`` that keeps users from relinking files.
                attachment = self.env["ir.attachment"].create(
                    {**values, "res_model": self._name, "res_id": document.id}
                )
                document._link_attachment(attachment)

    # ------------------------------------------------------------------
    # Access: the meeting's readers, minus the confidential documents
    # ------------------------------------------------------------------
    def _check_access(self, operation):
        """Besides the record rules (confidential documents: coordinators and administrators),
        a document is reachable only by those who may read its meeting."""
        result = super()._check_access(operation)
        if self.env.su or not self._ids:
            return result
        forbidden = result[0] if result else self.browse()
        remaining = (self - forbidden).sudo()
        readable = remaining.meeting_id.sudo(False)._filtered_access("read")
        hidden = remaining.filtered(lambda d: d.meeting_id not in readable).sudo(False)
        if not hidden:
            return result
        error = functools.partial(
            AccessError,
            self.env._("You may not open the archive of a meeting you cannot read."),
        )
        return forbidden | hidden, error

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, active_test=True, bypass_access=False
    ):
        if not self.env.su and not bypass_access:
            domain = Domain(domain) & Domain(
                "meeting_id", "in", self.env["meeting.meeting"]._search([])
            )
        return super()._search(
            domain, offset, limit, order, active_test=active_test, bypass_access=bypass_access
        )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Users add uploads; the links to the meeting's files come from the archive build.
            if not self.env.su and (
                vals.get("source", "upload") != "upload" or vals.get("attachment_id")
            ):
                raise UserError(
                    self.env._(
                        "Upload a file to add it to the archive; the meeting's own files are "
                        "collected by 'Update Archive'."
                    )
                )
            if vals.get("category") == "contract" and "is_confidential" not in vals:
                vals["is_confidential"] = True
        documents = super().create(vals_list)
        if not self.env.su:
            missing = documents.filtered(lambda d: not d.attachment_id)
            if missing:
                raise UserError(self.env._("Choose the file to archive."))
        documents.filtered("is_confidential")._secure_files()
        return documents

    def write(self, vals):
        if not self.env.su and {"meeting_id", "attachment_id", "source"} & vals.keys():
            raise UserError(self.env._("An archived document stays with its meeting and its file."))
        res = super().write(vals)
        if vals.get("is_confidential"):
            self._secure_files()
        return res

    def _link_attachment(self, attachment):
        """Link the file past the guard of ``write`` (private: trusted callers only)."""
        return super().write({"attachment_id": attachment.id})

    @api.onchange("category")
    def _onchange_category(self):
        if self.category == "contract":
            self.is_confidential = True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _secure_files(self):
        """Take the file of a confidential document into the archive's custody.

        A file linked from the meeting (chatter, incident evidence, task deliverable) is
        readable by everybody who reads that record, and the chatter hands out access tokens
        of its attachments. The file is therefore re-attached to the document (its access is
        the document's), removed from the chatter messages that showed it, and its public
        access token is cleared. The relations that list it (the meeting's attachments, an
        incident's evidence) read it through its access and no longer show it. Trusted code:
        the caller may already write the confidential document (record rules: coordinators
        and administrators).
        """
        for document in self:
            attachment = document.attachment_id.sudo()
            if not attachment:
                continue
            # sudo: the attachment and the messages showing it belong to records the
            # coordinator may only read (a closed meeting, an incident); the move only
            # narrows who can read the file.
            messages = (
                self.env["mail.message"].sudo().search([("attachment_ids", "in", attachment.ids)])
            )
            messages.write({"attachment_ids": [fields.Command.unlink(attachment.id)]})
            for model_name, fname in LINKING_FIELDS:
                records = self.env[model_name].sudo().search([(fname, "in", attachment.ids)])
                records.write({fname: [fields.Command.unlink(attachment.id)]})
            attachment.write(
                {
                    "res_model": self._name,
                    "res_id": document.id,
                    "res_field": False,
                    "access_token": False,
                    "public": False,
                }
            )

    def unlink(self):
        owned = self.attachment_id.sudo().filtered(lambda a: a.res_model == self._name)
        res = super().unlink()
        # sudo: the files the deleted documents owned (uploads, generated reports) go with them
        owned.exists().unlink()
        return res

    def _get_content(self):
        """The file's bytes for a user who may read the document (see ``_compute_file``)."""
        self.ensure_one()
        self.check_access("read")
        # sudo: the document's access was checked just above; it decides who reads its file
        return self.sudo().attachment_id.raw or b""
