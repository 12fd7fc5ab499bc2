from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.meeting_management.tests.common import NOW, MeetingRpcMixin, RpcError

from .common import MeetingPurchaseCommon


class ContractCase(MeetingPurchaseCommon):
    def _contract(self, meeting, milestones, vendor=None, order=None):
        """The buyer records the signed contract with its milestones [(kind, deadline, owner)]."""
        return (
            self.env["meeting.vendor.contract"]
            .with_user(self.user_buyer)
            .create(
                {
                    "name": "HT-2030-001",
                    "meeting_id": meeting.id,
                    "partner_id": (vendor or self.vendor_caterer).id,
                    "purchase_order_id": order.id if order else False,
                    "service_scope": "Lunch buffet for 200, vegetarian meals included",
                    "delivery_standard": "Served by 12:00, 20 vegetarian meals",
                    "deposit_amount": 3000.0,
                    "deposit_refund_rule": "Refunded in full if cancelled 7 days before",
                    "penalty_clause": "10 % of the order per hour late",
                    "cancellation_deadline": "2030-05-09",
                    "date_signed": "2030-05-01",
                    "signed_document": b"JVBERi0xLjQ=",
                    "signed_document_name": "contract.pdf",
                    "milestone_ids": [
                        Command.create(
                            {"kind": kind, "date_deadline": deadline, "user_id": owner.id}
                        )
                        for kind, deadline, owner in milestones
                    ],
                }
            )
        )


@tagged("post_install", "-at_install")
class TestVendorContract(ContractCase):
    def test_milestones_are_plan_tasks_with_alerts(self):
        meeting = self._meeting_in_state("approved")
        order = self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        contract = self._contract(
            meeting,
            [
                ("deposit", datetime(2030, 5, 8, 1, 0), self.user_buyer),
                ("delivery", NOW.replace(day=16, hour=4), self.user_coordinator),
                ("final_payment", datetime(2030, 5, 30, 1, 0), self.user_buyer),
            ],
            order=order,
        )
        tasks = contract.milestone_ids.task_id
        self.assertEqual(len(tasks), 3)
        self.assertRecordValues(
            tasks.sorted("date_deadline"),
            [
                {
                    "user_id": self.user_buyer.id,
                    "is_milestone": True,
                    "phase": "before",
                    "meeting_id": meeting.id,
                    "state": "todo",
                },
                {
                    "user_id": self.user_coordinator.id,
                    "is_milestone": True,
                    "phase": "during",
                    "meeting_id": meeting.id,
                    "state": "todo",
                },
                {
                    "user_id": self.user_buyer.id,
                    "is_milestone": True,
                    "phase": "after",
                    "meeting_id": meeting.id,
                    "state": "todo",
                },
            ],
        )
        deposit = contract.milestone_ids.filtered(lambda m: m.kind == "deposit")
        self.assertIn("Deposit Due", deposit.task_id.name)
        self.assertIn(self.vendor_caterer.name, deposit.task_id.name)
        # The buyer moves the deadline: the task follows.
        deposit.with_user(self.user_buyer).date_deadline = datetime(2030, 5, 9, 1, 0)
        self.assertEqual(deposit.task_id.date_deadline, datetime(2030, 5, 9, 1, 0))
        # The plan's alerts cover it: past its deadline, delayed and the owner alerted.
        overdue = self.env.ref("meeting_management.mail_act_meeting_task_overdue")
        with freeze_time("2030-05-11 02:00:00"):
            # as the scheduled action runs it
            self.env["meeting.task"].sudo()._cron_send_alerts()
        self.assertEqual(deposit.task_id.state, "delayed")
        activity = deposit.task_id.activity_ids.filtered(lambda a: a.activity_type_id == overdue)
        self.assertEqual(activity.user_id, self.user_buyer)
        # The executor sees the milestone on the meeting's plan.
        self.assertIn(deposit.task_id, meeting.with_user(self.user_coordinator).task_ids)
        # Removing a milestone removes its open task.
        task = deposit.task_id
        deposit.with_user(self.user_buyer).unlink()
        self.assertFalse(task.exists())
        # Counted on the meeting for purchasing and finance.
        self.assertEqual(meeting.with_user(self.user_finance).vendor_contract_count, 1)
        action = meeting.with_user(self.user_buyer).action_view_vendor_contracts()
        self.assertEqual(
            self.env["meeting.vendor.contract"].with_user(self.user_buyer).search(action["domain"]),
            contract,
        )

    def test_guards(self):
        meeting = self._meeting_in_state("approved")
        draft = self._create_meeting(name="Draft plan")
        with self.assertRaises(ValidationError):
            self._contract(draft, [])
        order = self._order(meeting, [(self.product_venue, 1, 100.0)], vendor=self.vendor_venue)
        with self.assertRaises(ValidationError):
            self._contract(meeting, [], vendor=self.vendor_caterer, order=order)
        contract = self._contract(
            meeting, [("deposit", datetime(2030, 5, 8, 1, 0), self.user_buyer)]
        )
        # The plan task is the milestone's own: never pointed at another task.
        other_task = self.env["meeting.task"].create(
            {
                "meeting_id": meeting.id,
                "name": "Other",
                "user_id": self.user_coordinator.id,
                "date_deadline": datetime(2030, 5, 9, 1, 0),
            }
        )
        with self.assertRaises(UserError):
            contract.milestone_ids.with_user(self.user_buyer).write({"task_id": other_task.id})
        with self.assertRaises(AccessError):
            contract.with_user(self.user_finance).write({"deposit_amount": 0})
        contract.with_user(self.user_finance).check_access("read")
        with self.assertRaises(AccessError):
            contract.with_user(self.user_coordinator).check_access("read")


@tagged("post_install", "-at_install")
class TestVendorContractRpc(MeetingRpcMixin, HttpCase, ContractCase):
    def test_contract_guards_over_rpc(self):
        meeting = self._meeting_in_state("approved")
        vals = {
            "name": "HT-RPC",
            "meeting_id": meeting.id,
            "partner_id": self.vendor_caterer.id,
            "milestone_ids": [
                Command.create(
                    {
                        "kind": "delivery",
                        "date_deadline": "2030-05-16 04:00:00",
                        "user_id": self.user_coordinator.id,
                    }
                )
            ],
        }
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_coordinator", "meeting.vendor.contract", "create", [vals])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        contract_id = self.rpc("t_buyer", "meeting.vendor.contract", "create", [vals])
        contract = self.env["meeting.vendor.contract"].browse(contract_id)
        self.assertEqual(contract.milestone_ids.task_id.user_id, self.user_coordinator)
        # The buyer cannot edit the plan task itself (only through the milestone).
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "meeting.task",
                "write",
                [contract.milestone_ids.task_id.ids, {"user_id": self.user_buyer.id}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                None,
                "meeting.vendor.contract.milestone",
                "write",
                [contract.milestone_ids.ids, {"task_id": False}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
