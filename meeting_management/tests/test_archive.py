import base64
import csv
import io
import logging
import time
import zipfile

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin, RpcError
from .common_archive import PNG, MeetingArchiveCommon

_logger = logging.getLogger(__name__)


def _zip(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    index = list(csv.reader(io.StringIO(archive.read("index.csv").decode("utf-8-sig"))))
    return archive, index


@tagged("post_install", "-at_install")
class TestArchive(MeetingArchiveCommon):
    # ------------------------------------------------------------------
    # Completeness: the checklist before closing, the archive built at closing
    # ------------------------------------------------------------------
    def test_checklist_before_closing(self):
        meeting = self.meeting.with_user(self.user_coordinator)
        rows = {row["key"]: row for row in meeting._get_archive_checklist()}
        # generated at closing: the agenda, the sign-in sheet and the monitoring report
        self.assertTrue(rows["agenda"]["auto"])
        self.assertTrue(rows["signin"]["auto"])
        self.assertTrue(rows["monitoring"]["auto"])
        for key in ("speech", "resolution", "contract", "media"):
            self.assertTrue(rows[key]["missing"], key)
        self.assertEqual(meeting.archive_missing_count, 4)
        # the coordinator collects the meeting's files before closing
        meeting.action_update_archive()
        documents = self._documents()
        contract = documents.filtered(lambda d: d.attachment_id == self.contract_attachment)
        self.assertRecordValues(
            contract, [{"category": "contract", "source": "chatter", "is_confidential": True}]
        )
        photo = documents.filtered(lambda d: d.attachment_id == self.incident_photo)
        self.assertRecordValues(
            photo,
            [{"category": "photo", "source": "incident", "caption": "Projector failure"}],
        )
        meeting.invalidate_recordset()
        self.assertEqual(meeting.archive_missing_count, 2)  # speech, resolution
        self.assertIn("not in the archive yet", meeting.archive_checklist_html)

    def test_closing_builds_archive_once(self):
        meeting = self._close()
        documents = self._documents()
        by_category = {
            c: documents.filtered(lambda d, c=c: d.category == c)
            for c in ("agenda", "signin", "monitoring", "contract", "photo")
        }
        self.assertEqual(
            by_category["monitoring"].attachment_id, meeting.report_pdf_id | meeting.report_xlsx_id
        )
        self.assertEqual(len(by_category["agenda"]), 1)
        self.assertEqual(by_category["agenda"].source, "report")
        self.assertTrue(by_category["agenda"].attachment_id.raw)
        self.assertRecordValues(
            by_category["signin"], [{"source": "report", "is_confidential": True}]
        )
        self.assertEqual(len(by_category["photo"]), 2)  # the chatter's and the incident's
        self.assertEqual(len(by_category["contract"]), 1)
        # closing again (or updating) adds nothing
        count = len(documents)
        meeting._build_archive(closing=True)
        meeting.with_user(self.user_coordinator).action_update_archive()
        self.assertEqual(len(self._documents()), count)

    def test_missing_documents_warn_or_block(self):
        # a warning by default: the meeting closes with its checklist showing what is missing
        meeting = self._close()
        self.assertEqual(meeting.state, "closed")
        self.assertEqual(meeting.archive_missing_count, 2)

    def test_block_setting_refuses_incomplete_archive(self):
        self.env["ir.config_parameter"].set_param(
            "meeting_management.archive_block_incomplete", "True"
        )
        with self.assertRaisesRegex(UserError, "incomplete"):
            self.meeting.with_user(self.user_director).action_publish_report()
        self.assertEqual(self.meeting.state, "review")
        Document = self.env["meeting.archive.document"].with_user(self.user_coordinator)
        Document.create(
            [
                {
                    "meeting_id": self.meeting.id,
                    "category": category,
                    "name": f"{category}.txt",
                    "file": base64.b64encode(category.encode()),
                }
                for category in ("speech", "resolution", "contract", "photo")
            ]
        )
        self._close()
        self.assertEqual(self.meeting.state, "closed")

    # ------------------------------------------------------------------
    # Changes after closing: the archive yes, the meeting no
    # ------------------------------------------------------------------
    def test_closed_meeting_accepts_archive_additions_only(self):
        meeting = self._close()
        Document = self.env["meeting.archive.document"].with_user(self.user_coordinator)
        speech = Document.create(
            {
                "meeting_id": meeting.id,
                "category": "speech",
                "name": "keynote.txt",
                "file": base64.b64encode(b"Welcome"),
            }
        )
        self.assertEqual(speech.attachment_id.res_model, "meeting.archive.document")
        self.assertEqual(speech.attachment_id.raw, b"Welcome")
        photo = self._documents().filtered(lambda d: d.attachment_id == self.incident_photo)
        photo.with_user(self.user_coordinator).write(
            {"caption": "The projector, hall A", "category": "photo"}
        )
        self.assertEqual(photo.caption, "The projector, hall A")
        with self.assertRaises(UserError):
            meeting.with_user(self.user_coordinator).write({"venue": "Elsewhere"})
        # the file of a linked document is not replaced, nor moved to another meeting
        with self.assertRaises(UserError):
            photo.with_user(self.user_coordinator).write({"file": base64.b64encode(PNG)})
        with self.assertRaises(UserError):
            speech.with_user(self.user_coordinator).write({"meeting_id": self.meeting.id + 1})

    # ------------------------------------------------------------------
    # Confidential documents
    # ------------------------------------------------------------------
    def test_confidential_contract_leaves_chatter(self):
        meeting = self._close()
        contract = self._documents().filtered(lambda d: d.category == "contract")
        attachment = contract.attachment_id
        self.assertEqual(attachment, self.contract_attachment)
        self.assertEqual(
            (attachment.res_model, attachment.res_id), ("meeting.archive.document", contract.id)
        )
        self.assertFalse(self.msg_contract.attachment_ids)
        employee = self.user_employee
        self.assertTrue(meeting.with_user(employee).has_access("read"))
        # the employee reads the archive but not the contract, nor its file
        visible = (
            self.env["meeting.archive.document"]
            .with_user(employee)
            .search([("meeting_id", "=", meeting.id)])
        )
        self.assertTrue(visible)
        self.assertNotIn(contract, visible)
        self.assertFalse(visible.filtered("is_confidential"))
        with self.assertRaises(AccessError):
            contract.with_user(employee).read(["name"])
        with self.assertRaises(AccessError):
            attachment.with_user(employee).read(["raw"])
        self.assertFalse(
            self.env["ir.attachment"].with_user(employee).search([("id", "=", attachment.id)])
        )
        # the coordinator and an administrator read it
        self.assertEqual(
            contract.with_user(self.user_coordinator).attachment_id.raw, b"%PDF-1.4 contract"
        )
        self.assertTrue(attachment.with_user(self.user_meeting_admin).has_access("read"))

    def test_flagging_a_document_confidential(self):
        meeting = self._close()
        photo = self._documents().filtered(lambda d: d.attachment_id == self.incident_photo)
        employee = self.user_employee
        self.assertTrue(self.incident_photo.with_user(self.user_director).has_access("read"))
        photo.with_user(self.user_coordinator).is_confidential = True
        self.assertEqual(self.incident_photo.res_model, "meeting.archive.document")
        self.assertFalse(self.incident_photo.with_user(self.user_director).has_access("read"))
        self.assertFalse(self.incident_photo.with_user(employee).has_access("read"))
        self.assertNotIn(
            self.incident_photo, self.incident.with_user(self.user_director).evidence_ids
        )
        self.assertTrue(meeting)

    def test_unreadable_meeting_hides_its_archive(self):
        self._close()
        outsider = self.user_handler
        self.assertFalse(self.meeting.with_user(outsider).has_access("read"))
        Document = self.env["meeting.archive.document"].with_user(outsider)
        self.assertFalse(Document.search([("meeting_id", "=", self.meeting.id)]))
        with self.assertRaises(AccessError):
            self._documents()[:1].with_user(outsider).read(["name"])

    # ------------------------------------------------------------------
    # The ZIP
    # ------------------------------------------------------------------
    def test_zip_with_index(self):
        meeting = self._close()
        content = meeting.with_user(self.user_coordinator)._get_archive_zip()
        archive, index = _zip(content)
        names = archive.namelist()
        self.assertIn("index.html", names)
        self.assertEqual(index[0][:5], ["Category", "File Name", "Caption", "Date", "Size (bytes)"])
        paths = [row[1] for row in index[1:]]
        self.assertEqual(len(paths), len(self._documents()))
        self.assertTrue(all(path in names for path in paths))
        contract_path = next(p for p in paths if p.endswith("Venue contract.pdf"))
        self.assertEqual(archive.read(contract_path), b"%PDF-1.4 contract")
        photo_row = next(row for row in index if row[1].endswith("projector.png"))
        self.assertEqual(photo_row[2], "Projector failure")
        self.assertEqual(int(photo_row[4]), len(PNG))
        self.assertIn("projector.png", archive.read("index.html").decode())
        # the employee's ZIP leaves the confidential documents out
        archive, index = _zip(meeting.with_user(self.user_employee)._get_archive_zip())
        self.assertFalse([p for p in archive.namelist() if p.endswith("Venue contract.pdf")])
        self.assertFalse([row for row in index[1:] if row[5]])

    # ------------------------------------------------------------------
    # Access per role
    # ------------------------------------------------------------------
    def test_access_per_role(self):
        meeting = self._close()
        Document = self.env["meeting.archive.document"]
        vals = {"meeting_id": meeting.id, "name": "x.txt", "file": base64.b64encode(b"x")}
        # the plain employee (attendee) and the initiator read, but keep nothing
        for user in (self.user_employee, self.user_director):
            with self.assertRaises(AccessError):
                Document.with_user(user).create(vals)
            with self.assertRaises(AccessError):
                meeting.with_user(user).action_update_archive()
            with self.assertRaises(AccessError):
                meeting.with_user(user).action_sync_contacts()
            with self.assertRaises(AccessError):
                self.env["meeting.partner.history"].with_user(user).search([])
        # a coordinator of another meeting who reads this one may not change its archive
        other = self.env["res.users"].create(
            {
                "name": "Other Coordinator",
                "login": "t_other_coordinator",
                "group_ids": [
                    (6, 0, [self.env.ref("meeting_management.group_meeting_coordinator").id])
                ],
            }
        )
        meeting.sudo().message_subscribe(partner_ids=other.partner_id.ids)
        self.assertTrue(meeting.with_user(other).has_access("read"))
        self.assertFalse(meeting.with_user(other).can_manage_archive)
        with self.assertRaises(AccessError):
            Document.with_user(other).create(vals)
        with self.assertRaises(AccessError):
            self._documents()[:1].with_user(other).write({"caption": "x"})
        # the administrator keeps every archive
        Document.with_user(self.user_meeting_admin).create(vals)
        self.assertTrue(meeting.with_user(self.user_coordinator).can_manage_archive)
        # a user never links an existing file: that would read another record's attachment
        with self.assertRaises(UserError):
            Document.with_user(self.user_coordinator).create(
                {**vals, "file": False, "attachment_id": self.incident_photo.id}
            )


@tagged("post_install", "-at_install")
class TestContactDatabase(MeetingArchiveCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        # known before: the first guest by e-mail (other case), the second by phone
        cls.known_by_email = Partner.create(
            {"name": "Wei Zhang", "email": "zhang.wei@hongtong.example.com"}
        )
        cls.known_by_phone = Partner.create({"name": "Jiayi Sun", "phone": "+86 139 0000 2222"})

    def test_matching_reuses_contacts(self):
        count = self.env["res.partner"].search_count([])
        self._close()
        self.assertEqual(self.guest_a.partner_id, self.known_by_email)
        self.assertEqual(self.guest_b.partner_id, self.known_by_phone)
        # only the two guests' companies are new (no company known yet)
        self.assertEqual(self.env["res.partner"].search_count([]), count + 2)
        self.assertEqual(self.known_by_email.parent_id.name, "Changsha Hongtong")
        self.assertEqual(self.known_by_email.function, "Purchasing Director")
        # what the contact held is kept
        self.assertEqual(self.known_by_email.name, "Wei Zhang")
        self.assertEqual(self.known_by_phone.email, "sun@xinyuan.example.com")
        tag = self.type_client.contact_category_id
        self.assertTrue(tag)
        self.assertIn(tag, self.known_by_email.category_id)
        self.assertIn(tag, self.known_by_phone.category_id)

    def test_new_contacts_and_no_duplicates(self):
        self.known_by_email.email = "someone.else@example.com"
        self.known_by_phone.phone = False
        self._close()
        partner_a = self.guest_a.partner_id
        self.assertNotIn(partner_a, self.known_by_email | self.known_by_phone)
        self.assertRecordValues(
            partner_a,
            [
                {
                    "name": "Zhang Wei",
                    "function": "Purchasing Director",
                    "email": "Zhang.Wei@Hongtong.example.com",
                    "phone": "+86 138-0000-1111",
                    "comment": False,
                }
            ],
        )
        self.assertEqual(partner_a.parent_id.name, "Changsha Hongtong")
        self.assertTrue(partner_a.parent_id.is_company)
        # the internal attendee is not filed
        self.assertFalse(self.user_employee.partner_id.sudo().meeting_history_ids)
        partners = self.env["res.partner"].search_count([])
        history = self.env["meeting.partner.history"].search_count([])
        # closing again and the button: nothing new
        self.meeting._sync_contacts()
        self.meeting.with_user(self.user_coordinator).action_sync_contacts()
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["meeting.partner.history"].search_count([]), history)
        # a guest of the next meeting, with the same e-mail typed otherwise, is matched
        second = self._create_meeting(name="Second Summit")
        self.env["meeting.attendee"].with_user(self.user_coordinator).create(
            {
                "meeting_id": second.id,
                "attendee_type": "external",
                "name": "Zhang W.",
                "email": " zhang.wei@hongtong.example.com",
                "company_name": "changsha hongtong",
            }
        )
        second = self._meeting_to_state(second, "closed")
        self.assertEqual(second.attendee_ids.partner_id, partner_a)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(len(partner_a.sudo().meeting_history_ids), 2)

    def test_history_on_partner(self):
        self._close()
        partner = self.guest_a.partner_id.with_user(self.user_coordinator)
        self.assertEqual(partner.meeting_history_count, 1)
        self.assertRecordValues(
            partner.meeting_history_ids,
            [
                {
                    "meeting_id": self.meeting.id,
                    "meeting_name": self.meeting.name,
                    "type_id": self.type_client.id,
                    "attended": True,
                    "feedback_score": 4,
                    "vip_level_id": self.env.ref("meeting_management.vip_level_executive").id,
                }
            ],
        )
        self.assertRecordValues(
            self.guest_b.partner_id.sudo().meeting_history_ids,
            [{"attended": False, "feedback_score": 0, "vip_level_id": False}],
        )
        # no free-text answer, no reception notes copied to the contact
        text = str(partner.sudo().read()[0])
        self.assertNotIn("The lunch was late", text)
        self.assertNotIn("Front row", text)
        action = partner.action_view_meeting_history()
        self.assertEqual(action["domain"], [("partner_id", "=", partner.id)])
        # the field is for coordinators: a plain employee reads the contact without it
        with self.assertRaises(AccessError):
            self.guest_a.partner_id.with_user(self.user_employee).meeting_history_ids  # noqa: B018

    def test_invite_from_past_meetings(self):
        self._close()
        new = self._create_meeting(name="Next Summit")
        self.env["meeting.attendee"].with_user(self.user_coordinator).create(
            {
                "meeting_id": new.id,
                "attendee_type": "external",
                "name": "Sun Jiayi",
                "email": "SUN@xinyuan.example.com",
            }
        )
        self.known_by_phone.email = "sun@xinyuan.example.com"
        action = new.with_user(self.user_coordinator).action_invite_from_past()
        wizard = (
            self.env["meeting.invite.past.wizard"]
            .with_user(self.user_coordinator)
            .with_context(**action["context"])
            .create({"type_ids": [(6, 0, self.type_client.ids)]})
        )
        self.assertIn(self.known_by_email, wizard.partner_ids)
        self.assertNotIn(self.known_by_phone, wizard.partner_ids)
        wizard.past_meeting_ids = self.meeting
        self.assertEqual(wizard.partner_ids, self.known_by_email)
        self.assertEqual(wizard.already_count, 1)
        wizard.action_invite()
        invited = new.attendee_ids.filtered(lambda a: a.partner_id == self.known_by_email)
        self.assertRecordValues(
            invited.with_user(self.user_coordinator),
            [
                {
                    "attendee_type": "external",
                    "email": "zhang.wei@hongtong.example.com",
                    "company_name": "Changsha Hongtong",
                    "job_title": "Purchasing Director",
                }
            ],
        )
        # filters: only those who came, by tag
        wizard = (
            self.env["meeting.invite.past.wizard"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "meeting_id": new.id,
                    "past_meeting_ids": [(6, 0, self.meeting.ids)],
                    "attended_only": True,
                }
            )
        )
        self.assertFalse(wizard.partner_ids)  # the one who came is invited already
        with self.assertRaises(UserError):
            wizard.action_invite()
        # only the coordinator of the meeting (or an administrator)
        with self.assertRaises(AccessError):
            new.with_user(self.user_employee).action_invite_from_past()


@tagged("post_install", "-at_install")
class TestArchiveRpc(HttpCase, MeetingRpcMixin, MeetingArchiveCommon):
    """The same guards over JSON-RPC and HTTP, as the web client calls them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._meeting_to_state(cls.meeting, "closed")
        cls.contract = cls.meeting.sudo().archive_document_ids.filtered(
            lambda d: d.category == "contract"
        )

    def test_confidential_over_rpc(self):
        attachment_id = self.contract.attachment_id.id
        self.authenticate("t_employee", "t_employee")
        docs = self.rpc(
            None,
            "meeting.archive.document",
            "search_read",
            [[("meeting_id", "=", self.meeting.id)]],
            {"fields": ["name", "is_confidential"]},
        )
        self.assertTrue(docs)
        self.assertNotIn(self.contract.id, [d["id"] for d in docs])
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "meeting.archive.document", "read", [[self.contract.id], ["name"]])
        self.assertIn("AccessError", caught.exception.name)
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "ir.attachment", "read", [[attachment_id], ["raw"]])
        self.assertIn("AccessError", caught.exception.name)
        found = self.rpc(
            None,
            "ir.attachment",
            "search_read",
            [[("res_model", "in", ["meeting.meeting", "meeting.archive.document"])]],
            {"fields": ["name"]},
        )
        self.assertNotIn(attachment_id, [a["id"] for a in found])
        response = self.url_open(f"/web/content/{attachment_id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        response = self.url_open(f"/web/content/meeting.archive.document/{self.contract.id}/file")
        self.assertIn(response.status_code, (403, 404))
        # and the coordinator downloads it
        self.authenticate("t_coordinator", "t_coordinator")
        response = self.url_open(f"/web/content/{attachment_id}?download=true")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"%PDF-1.4 contract")

    def test_zip_route_as_each_user(self):
        route = f"/meeting_management/archive/{self.meeting.id}"
        self.authenticate("t_coordinator", "t_coordinator")
        response = self.url_open(route)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        archive, index = _zip(response.content)
        self.assertTrue([p for p in archive.namelist() if p.endswith("Venue contract.pdf")])
        self.authenticate("t_employee", "t_employee")
        archive, index = _zip(self.url_open(route).content)
        self.assertFalse([p for p in archive.namelist() if p.endswith("Venue contract.pdf")])
        self.assertGreater(len(index), 1)
        # somebody who may not read the meeting gets nothing
        self.authenticate("t_handler", "t_handler")
        self.assertEqual(self.url_open(route).status_code, 404)

    def test_coordinator_captions_a_photo_tour(self):
        self.start_tour(
            f"/odoo/action-meeting_management.meeting_meeting_action/{self.meeting.id}",
            "meeting_archive_tour",
            login="t_coordinator",
        )
        photo = self.meeting.sudo().archive_document_ids.filtered(lambda d: d.name == "hall.png")
        self.assertEqual(photo.caption, "Hall A before the opening")

    def test_guards_over_rpc(self):
        self.authenticate("t_employee", "t_employee")
        for method in ("action_update_archive", "action_sync_contacts"):
            with self.assertRaises(RpcError) as caught:
                self.rpc(None, "meeting.meeting", method, [[self.meeting.id]])
            self.assertIn("AccessError", caught.exception.name)
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "meeting.archive.document",
                "create",
                [{"meeting_id": self.meeting.id, "name": "x.txt", "file": "eA=="}],
            )
        self.assertIn("AccessError", caught.exception.name)
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None, "meeting.partner.history", "search_read", [[]], {"fields": ["partner_id"]}
            )
        self.assertIn("AccessError", caught.exception.name)
        # the coordinator may not smuggle another record's file into the archive
        self.authenticate("t_coordinator", "t_coordinator")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "meeting.archive.document",
                "create",
                [
                    {
                        "meeting_id": self.meeting.id,
                        "name": "x",
                        "attachment_id": self.incident_photo.id,
                        "source": "chatter",
                    }
                ],
            )
        self.assertIn("UserError", caught.exception.name)
        # nor rewrite the closed meeting, while the archive takes a caption
        with self.assertRaises(RpcError):
            self.rpc(None, "meeting.meeting", "write", [[self.meeting.id], {"venue": "x"}])
        document = self.meeting.sudo().archive_document_ids.filtered(
            lambda d: d.attachment_id == self.incident_photo
        )
        self.rpc(None, "meeting.archive.document", "write", [[document.id], {"caption": "Hall A"}])
        self.assertEqual(document.caption, "Hall A")


@tagged("post_install", "-at_install")
class TestArchiveDemo(MeetingArchiveCommon):
    """The demo summit, closed by its initiator: its archive and its guests as contacts."""

    def test_summit_archive_and_contacts(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit", raise_if_not_found=False)
        if not summit:
            self.skipTest("demo data not installed")
        self.assertEqual(summit.state, "closed")
        documents = summit.sudo().archive_document_ids
        categories = set(documents.mapped("category"))
        self.assertTrue(
            {"agenda", "signin", "speech", "resolution", "contract", "photo", "monitoring"}
            <= categories
        )
        self.assertFalse(summit.archive_missing_count)
        contract = documents.filtered(lambda d: d.category == "contract")
        self.assertTrue(contract.is_confidential)
        self.assertEqual(contract.attachment_id.res_model, "meeting.archive.document")
        externals = summit.sudo().attendee_ids.filtered(lambda a: a.attendee_type == "external")
        self.assertTrue(externals)
        self.assertTrue(all(externals.mapped("partner_id")))
        guest = externals.filtered(lambda a: a.email == "dealer001@example.com")
        history = guest.partner_id.sudo().meeting_history_ids
        self.assertEqual(history.meeting_id, summit)
        self.assertTrue(history.attended)
        self.assertTrue(history.vip_level_id)
        self.assertIn(summit.type_id.contact_category_id, guest.partner_id.category_id)

    def test_summit_resync_and_zip_figures(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit", raise_if_not_found=False)
        if not summit:
            self.skipTest("demo data not installed")
        partners = self.env["res.partner"].search_count([])
        history = self.env["meeting.partner.history"].search_count([])
        self.env.flush_all()
        start, queries = time.time(), self.env.cr.sql_log_count
        summit.with_user(summit.executor_id).action_sync_contacts()
        self.env.flush_all()
        externals = len(
            summit.sudo().attendee_ids.filtered(lambda a: a.attendee_type == "external")
        )
        _logger.info(
            "contact re-sync of the summit: %s external guests, %.2fs, %s queries",
            externals,
            time.time() - start,
            self.env.cr.sql_log_count - queries,
        )
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.env["meeting.partner.history"].search_count([]), history)
        start, queries = time.time(), self.env.cr.sql_log_count
        content = summit.with_user(summit.executor_id)._get_archive_zip()
        index = _zip(content)[1]
        _logger.info(
            "archive ZIP of the summit: %s files, %s bytes, %.2fs, %s queries",
            len(index) - 1,
            len(content),
            time.time() - start,
            self.env.cr.sql_log_count - queries,
        )
        self.assertEqual(len(index) - 1, len(summit.sudo().archive_document_ids))
