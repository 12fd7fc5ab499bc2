from datetime import datetime

import psycopg2
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.meeting_management.tests.common import MeetingRpcMixin, RpcError

from .test_vendor_contract import ContractCase


class EvaluationCase(ContractCase):
    def _held_meeting_with_caterer(self):
        """A meeting in review: the caterer's order, its contract's delivery milestone done
        late, an incident naming the caterer."""
        meeting = self._meeting_in_state("approved")
        self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        contract = self._contract(
            meeting, [("delivery", datetime(2030, 5, 16, 3, 0), self.user_coordinator)]
        )
        self._meeting_to_state(meeting, "in_progress")
        self.env["meeting.incident"].with_user(self.user_coordinator).create(
            {
                "meeting_id": meeting.id,
                "type_id": self.env.ref("meeting_management.incident_type_catering").id,
                "name": "Vegetarian meals short",
                "urgency": "high",
                "vendor_id": self.vendor_caterer.id,
            }
        )
        task = contract.milestone_ids.task_id.with_user(self.user_coordinator)
        with freeze_time("2030-05-16 05:00:00"):
            task.action_start()
            task.action_done()
        self._meeting_to_state(meeting, "review")
        return meeting

    def _evaluate(self, meeting, user, vendor=None, **vals):
        return (
            self.env["meeting.vendor.evaluation"]
            .with_user(user)
            .create(
                {
                    "meeting_id": meeting.id,
                    "partner_id": (vendor or self.vendor_caterer).id,
                    "response_speed": "4",
                    "service_satisfaction": "2",
                    "comment": "Vegetarian meals short at lunch",
                    **vals,
                }
            )
        )


@tagged("post_install", "-at_install")
class TestVendorEvaluation(EvaluationCase):
    def test_executor_evaluates_once_measured(self):
        meeting = self._held_meeting_with_caterer()
        evaluation = self._evaluate(meeting, self.user_coordinator)
        self.assertRecordValues(
            evaluation,
            [
                {
                    "evaluator_id": self.user_coordinator.id,
                    "delivery_measured": True,
                    "delivery_on_time_rate": 0.0,  # the delivery milestone was done late
                    "incident_count": 1,
                    # 0.25*75 + 0.25*0 + 0.3*25 + 0.2*50
                    "score": 36.25,
                }
            ],
        )
        # Once per vendor and meeting.
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            self._evaluate(meeting, self.user_coordinator)
        # The evaluator corrects the ratings, never the measured figures.
        evaluation.with_user(self.user_coordinator).write({"service_satisfaction": "3"})
        self.assertEqual(evaluation.score, 43.75)
        with self.assertRaises(UserError):
            evaluation.with_user(self.user_coordinator).write({"incident_count": 0})
        # Purchasing and finance read it, not change it.
        evaluation.with_user(self.user_buyer).check_access("read")
        evaluation.with_user(self.user_finance).check_access("read")
        with self.assertRaises(AccessError):
            evaluation.with_user(self.user_buyer).write({"comment": "Changed"})

    def test_who_and_when(self):
        meeting = self._meeting_in_state("approved")
        self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        # Not before the meeting is held.
        with self.assertRaises(UserError):
            self._evaluate(meeting, self.user_coordinator)
        self._meeting_to_state(meeting, "review")
        # Not the initiator, a buyer or finance.
        for user in (self.user_director, self.user_buyer, self.user_finance):
            with self.assertRaises(AccessError):
                self._evaluate(meeting, user)
        # Only a vendor of the meeting.
        with self.assertRaises(UserError):
            self._evaluate(meeting, self.user_coordinator, vendor=self.vendor_venue)
        # Without milestones, delivery on time is typed.
        evaluation = self._evaluate(meeting, self.user_coordinator, delivery_score="5")
        self.assertFalse(evaluation.delivery_measured)
        # 0.25*75 + 0.25*100 + 0.3*25 + 0.2*100
        self.assertEqual(evaluation.score, 71.25)


@tagged("post_install", "-at_install")
class TestVendorEvaluationRpc(MeetingRpcMixin, HttpCase, EvaluationCase):
    def test_evaluation_guards_over_rpc(self):
        meeting = self._meeting_in_state("approved")
        self._order(meeting, [(self.product_lunch, 10, 30.0)], vendor=self.vendor_caterer)
        self._meeting_to_state(meeting, "review")
        vals = {
            "meeting_id": meeting.id,
            "partner_id": self.vendor_caterer.id,
            "response_speed": "3",
            "service_satisfaction": "3",
            "score": 100.0,
        }
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_director", "meeting.vendor.evaluation", "create", [vals])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        evaluation_id = self.rpc("t_coordinator", "meeting.vendor.evaluation", "create", [vals])
        evaluation = self.env["meeting.vendor.evaluation"].browse(evaluation_id)
        # 0.25*50 + 0.25*50 (delivery not measured nor typed: neutral) + 0.3*50 + 0.2*100
        self.assertEqual(evaluation.score, 60.0, "the score is computed, not typed")
        with self.assertRaises(RpcError) as caught:
            self.rpc(None, "meeting.vendor.evaluation", "write", [[evaluation_id], {"score": 100}])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
