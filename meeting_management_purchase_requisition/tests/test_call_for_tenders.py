from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError
from odoo.addons.meeting_management_purchase.tests.common import MeetingPurchaseCommon


class CallForTendersCase(MeetingPurchaseCommon):
    def _call_for_tenders(self, meeting, lines, user=None):
        """A call for tenders the buyer makes from the meeting's button: ``lines``
        [(product, quantity, unit price)], confirmed."""
        user = user or self.user_buyer
        context = meeting.with_user(user).action_new_purchase_requisition()["context"]
        requisition = (
            self.env["purchase.requisition"]
            .with_user(user)
            .with_context(**context)
            .create(
                {
                    "line_ids": [
                        Command.create(
                            {"product_id": product.id, "product_qty": qty, "price_unit": price}
                        )
                        for product, qty, price in lines
                    ],
                }
            )
        )
        requisition.action_confirm()
        return requisition

    def _quotation(self, requisition, vendor):
        """The buyer's request for quotation from the call for tenders (its "New Quotation"
        button: the order form with the call for tenders as default)."""
        form = Form(
            self.env["purchase.order"]
            .with_user(self.user_buyer)
            .with_context(default_requisition_id=requisition.id)
        )
        form.partner_id = vendor
        return form.save()


@tagged("post_install", "-at_install")
class TestCallForTenders(CallForTendersCase):
    def test_call_for_tenders_orders_and_alternatives_for_the_meeting(self):
        meeting = self._meeting_in_state("approved")
        account = meeting.analytic_account_id
        requisition = self._call_for_tenders(
            meeting, [(self.product_venue, 1, 500.0), (self.product_lunch, 10, 30.0)]
        )
        self.assertEqual(requisition.meeting_id, meeting)
        self.assertEqual(requisition.requisition_type, "purchase_template")
        self.assertRecordValues(
            requisition.line_ids,
            [
                {
                    "analytic_distribution": {str(account.id): 100},
                    "meeting_budget_category": "venue",
                },
                {
                    "analytic_distribution": {str(account.id): 100},
                    "meeting_budget_category": "catering",
                },
            ],
        )
        # Its request for quotation is for the meeting, lines from the call for tenders.
        order = self._quotation(requisition, self.vendor_venue)
        self.assertEqual(order.meeting_id, meeting)
        self.assertRecordValues(
            order.order_line,
            [
                {"product_qty": 1, "analytic_distribution": {str(account.id): 100}},
                {"product_qty": 10, "analytic_distribution": {str(account.id): 100}},
            ],
        )
        # An alternative from a competing vendor is for the meeting too.
        wizard = (
            self.env["purchase.requisition.create.alternative"]
            .with_user(self.user_buyer)
            .create(
                {
                    "origin_po_id": order.id,
                    "partner_ids": [Command.set(self.vendor_caterer.ids)],
                    "copy_products": True,
                }
            )
        )
        wizard.action_create_alternative()
        alternative = order.alternative_po_ids - order
        self.assertEqual(alternative.partner_id, self.vendor_caterer)
        self.assertEqual(alternative.meeting_id, meeting)
        self.assertEqual(
            alternative.order_line.mapped("analytic_distribution"),
            [{str(account.id): 100}, {str(account.id): 100}],
        )
        # The buyer picks the first offer and cancels the other: committed in the meeting.
        order.with_user(self.user_buyer).with_context(skip_alternative_check=True).button_confirm()
        alternative.with_user(self.user_buyer).button_cancel()
        meeting.invalidate_recordset()
        self.assertEqual(meeting.budget_committed_total, 800.0)
        self.assertEqual(self._figures(meeting)[0], {"venue": (500, 0), "catering": (300, 0)})
        # The smart button lists it.
        as_buyer = meeting.with_user(self.user_buyer)
        self.assertEqual(as_buyer.purchase_requisition_count, 1)
        action = as_buyer.action_view_purchase_requisitions()
        self.assertEqual(
            self.env["purchase.requisition"].with_user(self.user_buyer).search(action["domain"]),
            requisition,
        )
        # Its orders confirmed, its meeting no longer changes.
        other = self._meeting_in_state("approved", name="Other")
        with self.assertRaises(UserError):
            requisition.with_user(self.user_buyer).write({"meeting_id": other.id})

    def test_linking_later_and_guards(self):
        meeting = self._meeting_in_state("approved")
        # A call for tenders made from Purchase, linked to the meeting afterwards: its lines
        # and its requests for quotation follow.
        requisition = (
            self.env["purchase.requisition"]
            .with_user(self.user_buyer)
            .create(
                {
                    "requisition_type": "purchase_template",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_lunch.id,
                                "product_qty": 5,
                                "price_unit": 20,
                            }
                        )
                    ],
                }
            )
        )
        order = self._quotation(requisition, self.vendor_caterer)
        self.assertFalse(order.meeting_id)
        requisition.write({"meeting_id": meeting.id})
        account = str(meeting.analytic_account_id.id)
        self.assertEqual(requisition.line_ids.analytic_distribution, {account: 100})
        self.assertEqual(order.meeting_id, meeting)
        self.assertEqual(order.order_line.analytic_distribution, {account: 100})
        # Not before the plan is approved, nor once it is closed.
        draft = self._create_meeting(name="Draft plan")
        with self.assertRaises(ValidationError):
            self.env["purchase.requisition"].create({"meeting_id": draft.id})
        self.user_director.group_ids += self.env.ref("purchase.group_purchase_user")
        with self.assertRaises(UserError):
            draft.with_user(self.user_director).action_new_purchase_requisition()
        # Only purchasing makes calls for tenders and lists them.
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_coordinator).action_new_purchase_requisition()
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_coordinator).action_view_purchase_requisitions()
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_finance).action_view_purchase_requisitions()
        with self.assertRaises(AccessError):
            self.env["purchase.requisition"].with_user(self.user_coordinator).create(
                {"meeting_id": meeting.id}
            )


@tagged("post_install", "-at_install")
class TestCallForTendersRpc(MeetingRpcMixin, HttpCase, CallForTendersCase):
    def test_call_for_tenders_guards_over_rpc(self):
        meeting = self._meeting_in_state("approved")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_coordinator",
                "meeting.meeting",
                "action_new_purchase_requisition",
                [[meeting.id]],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "meeting.meeting", "action_view_purchase_requisitions", [[meeting.id]])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "purchase.requisition", "create", [{"meeting_id": meeting.id}])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        action = self.rpc(
            "t_buyer", "meeting.meeting", "action_new_purchase_requisition", [[meeting.id]]
        )
        requisition_id = self.rpc(
            None,
            "purchase.requisition",
            "create",
            [
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_venue.id,
                                "product_qty": 1,
                                "price_unit": 90,
                            }
                        )
                    ]
                }
            ],
            {"context": action["context"]},
        )
        requisition = self.env["purchase.requisition"].browse(requisition_id)
        self.assertEqual(requisition.meeting_id, meeting)
        # A meeting that no longer takes orders (held and closed) takes no call for tenders.
        closed = self._meeting_in_state("closed", name="Closed")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None, "purchase.requisition", "write", [[requisition_id], {"meeting_id": closed.id}]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.ValidationError")
        # Once one of its orders is confirmed, its meeting no longer changes.
        order = self._quotation(requisition, self.vendor_venue)
        order.with_user(self.user_buyer).button_confirm()
        other = self._meeting_in_state("approved", name="Other")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None, "purchase.requisition", "write", [[requisition_id], {"meeting_id": other.id}]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
