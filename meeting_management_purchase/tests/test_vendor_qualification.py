from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError

from .common import MeetingPurchaseCommon


class QualificationCase(MeetingPurchaseCommon):
    @classmethod
    def _qualify(cls, vendor, expiry=None, types=("business_license", "industry")):
        """The buyer records the vendor's documents."""
        return (
            cls.env["meeting.vendor.qualification"]
            .with_user(cls.user_buyer)
            .create(
                [
                    {
                        "partner_id": vendor.id,
                        "qualification_type": qualification_type,
                        "name": f"{qualification_type} of {vendor.name}",
                        "date_expiry": expiry,
                        "document": b"JVBERi0xLjQ=",
                        "document_name": "licence.pdf",
                    }
                    for qualification_type in types
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestVendorQualification(QualificationCase):
    def test_missing_expired_valid(self):
        vendor = self.vendor_caterer
        self.assertIn("missing", vendor.meeting_qualification_problem)
        today = fields.Date.today()
        documents = self._qualify(vendor, expiry=today - timedelta(days=1))
        vendor.invalidate_recordset()
        self.assertIn("expired", vendor.meeting_qualification_problem)
        self.assertTrue(all(documents.mapped("is_expired")))
        self.assertEqual(
            self.env["meeting.vendor.qualification"].search(
                [("partner_id", "=", vendor.id), ("is_expired", "=", True)]
            ),
            documents,
        )
        documents.with_user(self.user_buyer).write({"date_expiry": today + timedelta(days=30)})
        vendor.invalidate_recordset()
        self.assertFalse(vendor.meeting_qualification_problem)
        # A contact of the vendor is qualified through its company.
        contact = self.env["res.partner"].create({"name": "Sales rep", "parent_id": vendor.id})
        self.assertFalse(contact.meeting_qualification_problem)

    def test_problem_names_the_documents_in_the_users_language(self):
        """The document types in the problem are the selection's labels in the reader's
        language (here Chinese when installed), not its English source."""
        lang = self.env["res.lang"]._activate_lang("zh_CN")
        if not lang:
            self.skipTest("zh_CN not available")
        vendor = self.vendor_caterer.with_context(lang="zh_CN")
        self._qualify(self.vendor_caterer, fields.Date.today() - timedelta(days=1), ("industry",))
        labels = dict(
            self.env["meeting.vendor.qualification"]
            .with_context(lang="zh_CN")
            ._fields["qualification_type"]
            ._description_selection(vendor.env)
        )
        problem = vendor.meeting_qualification_problem
        self.assertIn(labels["business_license"], problem)
        self.assertIn(labels["industry"], problem)
        if labels["industry"] != "Industry Qualification":
            self.assertNotIn("Industry Qualification", problem)

    def test_confirm_warns_or_blocks(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(
            meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer, confirm=False
        )
        self.assertIn("missing", order.meeting_vendor_warning)
        # By default the buyer is warned: confirmed, with a note on the order.
        order.with_user(self.user_buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertIn("qualification is not in order", order.message_ids[0].body)
        # The company blocks: refused with the reason.
        self.env.company.meeting_block_unqualified_vendor = True
        blocked = self._order(
            meeting, [(self.product_lunch, 5, 30.0)], vendor=self.vendor_caterer, confirm=False
        )
        with self.assertRaisesRegex(UserError, "cannot be ordered from for a meeting"):
            blocked.with_user(self.user_buyer).button_confirm()
        self.assertEqual(blocked.state, "draft")
        self._qualify(self.vendor_caterer)
        blocked.invalidate_recordset()
        blocked.with_user(self.user_buyer).button_confirm()
        self.assertEqual(blocked.state, "purchase")
        # Orders not for a meeting are none of this addon's business.
        self.env.company.meeting_block_unqualified_vendor = True
        plain = (
            self.env["purchase.order"]
            .with_user(self.user_buyer)
            .create({"partner_id": self.vendor_venue.id})
        )
        self.assertFalse(plain.meeting_vendor_warning)

    def test_access(self):
        documents = self._qualify(self.vendor_venue)
        documents.with_user(self.user_finance).check_access("read")
        for user in (self.user_finance, self.user_coordinator):
            with self.assertRaises(AccessError):
                documents.with_user(user).write({"name": "Changed"})
        with self.assertRaises(AccessError):
            documents.with_user(self.user_coordinator).check_access("read")
        # Settings: only a purchase manager configures (res.config.settings is admin's).
        with self.assertRaises(AccessError):
            self.env.company.with_user(self.user_buyer).write(
                {"meeting_block_unqualified_vendor": True}
            )


@tagged("post_install", "-at_install")
class TestVendorQualificationRpc(MeetingRpcMixin, HttpCase, QualificationCase):
    def test_block_over_rpc(self):
        self.env.company.meeting_block_unqualified_vendor = True
        meeting = self._meeting_in_state("approved")
        order = self._order(
            meeting, [(self.product_lunch, 5, 30.0)], vendor=self.vendor_caterer, confirm=False
        )
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_buyer", "purchase.order", "button_confirm", [[order.id]])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        # The context cannot switch the block off.
        with self.assertRaises(RpcError):
            self.rpc(
                None,
                "purchase.order",
                "button_confirm",
                [[order.id]],
                {"context": {"meeting_block_unqualified_vendor": False}},
            )
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_coordinator",
                "meeting.vendor.qualification",
                "create",
                [
                    {
                        "partner_id": self.vendor_caterer.id,
                        "name": "Fake",
                        "qualification_type": "industry",
                    }
                ],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
