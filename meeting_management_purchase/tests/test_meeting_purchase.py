from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError

from .common import MeetingPurchaseCommon


@tagged("post_install", "-at_install")
class TestMeetingPurchase(MeetingPurchaseCommon):
    def test_order_from_meeting_committed_then_actual(self):
        meeting = self._meeting_in_state("approved")
        account = meeting.analytic_account_id
        order = self._order(
            meeting, [(self.product_venue, 1, 500.0), (self.product_lunch, 10, 30.0)], confirm=False
        )
        self.assertEqual(order.meeting_id, meeting)
        self.assertEqual(order.origin, meeting.reference)
        self.assertRecordValues(
            order.order_line,
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
        # A request for quotation commits nothing.
        self.assertEqual(self._figures(meeting)[0], {"venue": (0, 0), "catering": (0, 0)})
        order.with_user(self.user_buyer).button_confirm()
        self.assertEqual(order.state, "purchase")
        # Confirmed: committed at once (the confirmation refreshes the meeting's figures).
        meeting.invalidate_recordset()
        self.assertEqual(meeting.budget_committed_total, 800.0)
        self.assertEqual(self._figures(meeting)[0], {"venue": (500, 0), "catering": (300, 0)})
        # Received, billed as a draft: still committed once (the draft bill's lines, not the
        # order's).
        self._receive(order)
        bill = self._bill_order(order, post=False)
        self.assertEqual(
            bill.invoice_line_ids.mapped("analytic_distribution"),
            [{str(account.id): 100}, {str(account.id): 100}],
        )
        self.assertEqual(self._figures(meeting)[0], {"venue": (500, 0), "catering": (300, 0)})
        # Posted: actual, nothing committed.
        bill.action_post()
        self.assertEqual(self._figures(meeting)[0], {"venue": (0, 500), "catering": (0, 300)})
        self.assertEqual(meeting.budget_committed_total, 0.0)

    def test_partial_bill_and_cancel(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_lunch, 10, 30.0)])
        # 4 of the 10 lunches served and billed: 120 actual, 180 still committed.
        self._receive(order, 4)
        self._bill_order(order)
        self.assertEqual(self._figures(meeting)[0]["catering"], (180, 120))
        # An unmapped product counts as not on a budget line, never dropped.
        other = self._order(meeting, [(self.product_unmapped, 2, 25.0)])
        figures, unmapped = self._figures(meeting)
        self.assertEqual(figures["catering"], (180, 120))
        self.assertEqual(unmapped, 50.0)
        other.with_user(self.user_buyer).button_cancel()
        _figures, unmapped = self._figures(meeting)
        self.assertEqual(unmapped, 0.0)

    def test_split_distribution_and_other_plan(self):
        meeting = self._meeting_in_state("approved")
        other_plan = self.env["account.analytic.plan"].create({"name": "Departments"})
        department = self.env["account.analytic.account"].create(
            {"name": "Sales", "plan_id": other_plan.id}
        )
        order = self._order(meeting, [(self.product_venue, 1, 400.0)], confirm=False)
        line = order.order_line
        line.analytic_distribution = {str(department.id): 100}
        # The meeting joins an account of another plan (as a project does).
        order.write({"meeting_id": False})
        order.write({"meeting_id": meeting.id})
        self.assertEqual(
            line.analytic_distribution,
            {f"{department.id},{meeting.analytic_account_id.id}": 100},
        )
        order.with_user(self.user_buyer).button_confirm()
        self.assertEqual(self._figures(meeting)[0]["venue"], (400, 0))

    def test_smart_button_and_access(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_venue, 1, 500.0)])
        as_buyer = meeting.with_user(self.user_buyer)
        self.assertEqual(as_buyer.purchase_order_count, 1)
        action = as_buyer.action_view_purchase_orders()
        self.assertEqual(
            self.env["purchase.order"].with_user(self.user_buyer).search(action["domain"]), order
        )
        # The buyer reads approved meetings only, and never edits them.
        draft = self._create_meeting(name="Draft plan")
        with self.assertRaises(AccessError):
            draft.with_user(self.user_buyer).check_access("read")
        with self.assertRaises(AccessError):
            as_buyer.check_access("write")
        # The coordinator (executor, no purchase rights) and finance neither order nor list.
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_coordinator).action_new_purchase_order()
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_coordinator).action_view_purchase_orders()
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_finance).action_new_purchase_order()
        # Finance follows the orders (read only) from the meeting.
        as_finance = meeting.with_user(self.user_finance)
        self.assertEqual(as_finance.purchase_order_count, 1)
        action = as_finance.action_view_purchase_orders()
        self.assertEqual(
            self.env["purchase.order"].with_user(self.user_finance).search(action["domain"]), order
        )
        with self.assertRaises(AccessError):
            order.with_user(self.user_finance).check_access("write")

    def test_guards(self):
        draft = self._create_meeting(name="Draft plan")
        # An initiator who also buys: no order before the plan is approved.
        self.user_director.group_ids += self.env.ref("purchase.group_purchase_user")
        with self.assertRaises(UserError):
            draft.with_user(self.user_director).action_new_purchase_order()
        with self.assertRaises(ValidationError):
            self.env["purchase.order"].create(
                {"partner_id": self.vendor_venue.id, "meeting_id": draft.id}
            )
        meeting = self._meeting_in_state("approved")
        other = self._meeting_in_state("approved", name="Other")
        order = self._order(meeting, [(self.product_venue, 1, 500.0)])
        with self.assertRaises(UserError):
            order.with_user(self.user_buyer).write({"meeting_id": other.id})
        with self.assertRaises(UserError):
            order.with_user(self.user_buyer).write({"meeting_id": False})
        # Rewriting the same meeting is harmless.
        order.with_user(self.user_buyer).write({"meeting_id": meeting.id})
        self.assertEqual(
            order.order_line.analytic_distribution, {str(meeting.analytic_account_id.id): 100}
        )
        # A cancelled meeting takes no new order, from its button or linked to it.
        self._meeting_to_state(other, "cancelled")
        with self.assertRaises(UserError):
            other.with_user(self.user_director).action_new_purchase_order()
        with self.assertRaises(ValidationError):
            self.env["purchase.order"].create(
                {"partner_id": self.vendor_venue.id, "meeting_id": other.id}
            )


@tagged("post_install", "-at_install")
class TestMeetingPurchaseRpc(MeetingRpcMixin, HttpCase, MeetingPurchaseCommon):
    def test_purchase_guards_over_rpc(self):
        meeting = self._meeting_in_state("approved")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_coordinator", "meeting.meeting", "action_new_purchase_order", [[meeting.id]]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        action = self.rpc("t_buyer", "meeting.meeting", "action_new_purchase_order", [[meeting.id]])
        order_id = self.rpc(
            None,
            "purchase.order",
            "create",
            [
                {
                    "partner_id": self.vendor_venue.id,
                    "order_line": [
                        Command.create(
                            {
                                "product_id": self.product_venue.id,
                                "product_qty": 1,
                                "price_unit": 90,
                            }
                        )
                    ],
                }
            ],
            {"context": action["context"]},
        )
        self.rpc(None, "purchase.order", "button_confirm", [[order_id]])
        other = self._meeting_in_state("approved", name="Other")
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "purchase.order", "write", [[order_id], {"meeting_id": other.id}])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        draft = self._create_meeting(name="Draft plan")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "purchase.order",
                "create",
                [{"partner_id": self.vendor_venue.id, "meeting_id": draft.id}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.ValidationError")
        # Nor once the meeting is closed (its budget is frozen).
        closed = self._meeting_in_state("closed", name="Closed")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "purchase.order",
                "create",
                [{"partner_id": self.vendor_venue.id, "meeting_id": closed.id}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.ValidationError")
        meeting.invalidate_recordset()
        self.assertEqual(meeting.budget_committed_total, 90.0)


@tagged("post_install", "-at_install")
class TestPurchaseReadersRpc(MeetingRpcMixin, HttpCase, MeetingPurchaseCommon):
    def test_readers_and_flag_over_rpc(self):
        meeting = self._meeting_in_state("approved")
        self._order(meeting, [(self.product_venue, 1, 500.0)])
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_coordinator", "meeting.meeting", "action_view_purchase_orders", [[meeting.id]]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        action = self.rpc(
            "t_finance", "meeting.meeting", "action_view_purchase_orders", [[meeting.id]]
        )
        self.assertEqual(action["domain"], [["meeting_id", "=", meeting.id]])
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_director", "meeting.vendor.ranking", "search_read", [[]])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        # The flag is written by the ranking and cleared by purchasing only.
        self.vendor_caterer.sudo().meeting_replacement_flag = True
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_coordinator",
                "res.partner",
                "action_clear_replacement_flag",
                [[self.vendor_caterer.id]],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError):
            self.rpc(
                "t_buyer",
                "res.partner",
                "write",
                [[self.vendor_caterer.id], {"meeting_replacement_flag": False}],
            )
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "res.partner",
                "write",
                [[self.vendor_caterer.id], {"meeting_replacement_quarter": "2099-01-01"}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.rpc(None, "res.partner", "action_clear_replacement_flag", [[self.vendor_caterer.id]])
        self.assertFalse(self.vendor_caterer.meeting_replacement_flag)
