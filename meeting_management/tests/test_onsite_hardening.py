"""Incidents and the live agenda against what an RPC caller can send.

Every call here goes through ``/web/dataset/call_kw`` as the person who would try it (reporter,
handler, coordinator, initiator), with only the groups a company gives them. The context is user
input: a context key never switches a guard off. State and flow fields only move through the
action methods. Malformed arguments of the on-site view's methods give a ``UserError``.
"""

import base64
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin
from .common_onsite import OnsiteCommon

# what a clear refusal looks like over JSON-RPC (all of them are UserError subclasses)
USER_ERRORS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.ValidationError",
)
BYPASS_KEYS = {
    "meeting_incident_workflow": True,
    "meeting_agenda_skip_check": True,
    "meeting_agenda_change_apply": True,
    "meeting_agenda_run": True,
    "meeting_task_internal": True,
}


class RpcMixin(MeetingRpcMixin):
    """JSON-RPC calls as the authenticated user, errors returned rather than raised."""

    def _rpc(self, login, model, method, args, context=None):
        """Call ``model.method(*args)`` over JSON-RPC; return ``(result, error)``."""
        self.authenticate(login, login)
        decoded = self.call_kw_answer(model, method, args, {"context": context or {}})
        return decoded.get("result"), decoded.get("error")

    def assertRefused(self, login, model, method, args, context=None, message=None):
        """The call is refused with a UserError-type message (never a server traceback)."""
        result, error = self._rpc(login, model, method, args, context=context)
        self.assertTrue(error, f"{method}{args!r} by {login} should be refused, got {result!r}")
        data = error["data"]
        self.assertIn(data["name"], USER_ERRORS, data["message"])
        self.assertNotIn("Traceback", data["message"])
        self.assertNotIn('File "', data["message"])
        self.assertNotIn(".py", data["message"])
        if message:
            self.assertRegex(data["message"], message)
        return data["message"]


@tagged("post_install", "-at_install")
class TestIncidentHardening(RpcMixin, HttpCase, OnsiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Incident = cls.env["meeting.incident"]
        cls.incident = (
            cls.Incident.with_user(cls.user_employee)
            .create(
                {
                    "meeting_id": cls.meeting.id,
                    "type_id": cls.type_device.id,
                    "name": "Projector down",
                }
            )
            .sudo(False)
        )

    def _snapshot(self, incident):
        incident.invalidate_recordset()
        return incident.sudo().read(
            [
                "state",
                "handler_id",
                "handler_group_id",
                "type_id",
                "urgency",
                "date_reported",
                "date_responded",
                "date_resolved",
                "date_closed",
                "sla_deadline",
                "sla_escalated_at",
            ]
        )

    # ------------------------------------------------------------------
    # 1. Context keys never switch a guard off
    # ------------------------------------------------------------------
    def test_workflow_context_key_does_not_close_incident(self):
        before = self._snapshot(self.incident)
        backdated = {
            "state": "closed",
            "date_responded": "2024-03-20 00:00:00",
            "date_resolved": "2024-03-20 00:01:00",
            "date_closed": "2024-03-20 00:02:00",
        }
        # ORM: the handler and the reporter, with the old key
        for user in (self.user_handler, self.user_employee):
            with self.assertRaises(UserError):
                self.incident.with_user(user).with_context(**BYPASS_KEYS).write(backdated)
        # RPC: the handler, the reporter and the executor
        for login in ("t_handler", "t_employee", "t_coordinator"):
            with self.subTest(login=login):
                self.assertRefused(
                    login,
                    "meeting.incident",
                    "write",
                    [[self.incident.id], backdated],
                    context=BYPASS_KEYS,
                )
        self.assertEqual(self._snapshot(self.incident), before)

    def test_handler_cannot_reroute_or_move_the_sla_clock(self):
        before = self._snapshot(self.incident)
        for vals in (
            {"handler_id": self.user_caterer.id},
            {"date_reported": "2024-03-20 09:00:00"},
            {"sla_deadline": "2024-03-21 00:00:00"},
            {"sla_escalated_at": "2024-03-20 09:00:00"},
            # the SLA basis is set by the reporter and the executor, not by the late handler
            {"urgency": "low"},
            {"type_id": self.type_catering.id},
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(UserError):
                    self.incident.with_user(self.user_handler).with_context(**BYPASS_KEYS).write(
                        vals
                    )
                self.assertRefused(
                    "t_handler",
                    "meeting.incident",
                    "write",
                    [[self.incident.id], vals],
                    context=BYPASS_KEYS,
                )
        self.assertEqual(self._snapshot(self.incident), before)
        # the handler still documents the incident
        self._rpc(
            "t_handler",
            "meeting.incident",
            "write",
            [[self.incident.id], {"cause": "Loose cable"}],
            context=BYPASS_KEYS,
        )
        self.assertEqual(self.incident.cause, "Loose cable")

    # ------------------------------------------------------------------
    # 2. State moves only through actions
    # ------------------------------------------------------------------
    @freeze_time("2024-03-20 06:30:00")
    def test_create_ignores_flow_fields(self):
        vals = {
            "meeting_id": self.meeting.id,
            "type_id": self.type_device.id,
            "name": "Mic broken",
            "state": "closed",
            "reporter_id": self.user_director.id,
            "handler_id": self.user_employee.id,
            "date_reported": "2024-03-21 06:00:00",
            "sla_deadline": "2024-03-25 06:00:00",
            "date_responded": "2024-03-20 06:31:00",
            "date_closed": "2024-03-20 06:32:00",
            "responded_in_sla": True,
        }
        incident = self.Incident.with_user(self.user_employee).with_context(**BYPASS_KEYS)
        incident = incident.create(vals)
        self.assertRecordValues(
            incident.sudo(),
            [
                {
                    "state": "reported",
                    "reporter_id": self.user_employee.id,
                    "handler_id": self.user_handler.id,
                    "date_reported": datetime(2024, 3, 20, 6, 30),
                    "sla_deadline": datetime(2024, 3, 20, 6, 45),
                    "date_responded": False,
                    "date_closed": False,
                    "responded_in_sla": False,
                }
            ],
        )

    def test_create_over_rpc_ignores_flow_fields(self):
        vals = {
            "meeting_id": self.meeting.id,
            "type_id": self.type_device.id,
            "name": "Screen flickers",
            "state": "closed",
            "reporter_id": self.user_director.id,
            "date_reported": "2030-01-01 00:00:00",
            "sla_deadline": "2030-01-01 00:00:00",
            "date_responded": "2024-03-20 06:31:00",
        }
        result, error = self._rpc(
            "t_employee", "meeting.incident", "create", [vals], context=BYPASS_KEYS
        )
        self.assertFalse(error)
        incident = self.Incident.browse(result[0] if isinstance(result, list) else result)
        self.assertRecordValues(
            incident,
            [
                {
                    "state": "reported",
                    "reporter_id": self.user_employee.id,
                    "handler_id": self.user_handler.id,
                    "date_responded": False,
                }
            ],
        )
        self.assertLess(incident.date_reported, datetime(2030, 1, 1))
        self.assertEqual(incident.sla_deadline, incident.date_reported + timedelta(minutes=15))

    def test_actions_still_run_the_workflow_over_rpc(self):
        _result, error = self._rpc(
            "t_handler", "meeting.incident", "action_respond", [[self.incident.id]]
        )
        self.assertFalse(error)
        self.assertEqual(self.incident.state, "in_progress")
        self.assertTrue(self.incident.date_responded)
        # a second response is refused, a close by the handler too
        self.assertRefused("t_handler", "meeting.incident", "action_respond", [[self.incident.id]])
        self.assertRefused("t_handler", "meeting.incident", "action_close", [[self.incident.id]])

    # ------------------------------------------------------------------
    # 3. Routing follows the incident's type
    # ------------------------------------------------------------------
    def test_routing_follows_the_type_over_rpc(self):
        """Two types, two handlers: each incident reaches its own type's handler only."""
        IncidentType = self.env["meeting.incident.type"]
        type_projector = IncidentType.create(
            {"name": "Projector", "handler_user_id": self.user_handler.id}
        )
        # a type with a handler user AND a group: the user only, the group is the fallback
        type_food = IncidentType.create(
            {
                "name": "Food",
                "handler_user_id": self.user_caterer.id,
                "handler_group_id": self.env.ref(
                    "meeting_management.group_meeting_incident_handler"
                ).id,
            }
        )
        ids = {}
        for itype, name in ((type_projector, "Projector is dark"), (type_food, "No lunch")):
            result, error = self._rpc(
                "t_employee",
                "meeting.meeting",
                "report_onsite_incident",
                [[self.meeting.id], {"type_id": itype.id, "name": name, "urgency": "high"}],
            )
            self.assertFalse(error, error)
            ids[itype] = result
        projector = self.Incident.browse(ids[type_projector])
        food = self.Incident.browse(ids[type_food])
        self.assertRecordValues(
            projector | food,
            [
                {
                    "handler_id": self.user_handler.id,
                    "handler_group_id": False,
                    "reporter_id": self.user_employee.id,
                },
                {
                    "handler_id": self.user_caterer.id,
                    "handler_group_id": False,
                    "reporter_id": self.user_employee.id,
                },
            ],
        )
        self.assertEqual(projector.activity_ids.user_id, self.user_handler)
        self.assertEqual(food.activity_ids.user_id, self.user_caterer)
        # the other type's handler neither sees nor handles it
        self.assertFalse(projector.with_user(self.user_caterer).sudo(False).has_access("read"))
        self.assertFalse(food.with_user(self.user_handler).sudo(False).has_access("read"))
        self.assertRefused("t_caterer", "meeting.incident", "action_respond", [[projector.id]])
        self.assertRefused("t_handler", "meeting.incident", "action_respond", [[food.id]])
        self.assertEqual((projector | food).mapped("state"), ["reported", "reported"])

    def test_shipped_type_without_handler_goes_to_the_executor(self):
        """The shipped types carry no handler: the executor gets the incident, and is told why,
        never a handler of another type (every handler is in the Incident Handler role)."""
        personnel = self.env.ref("meeting_management.incident_type_personnel")
        result, error = self._rpc(
            "t_employee",
            "meeting.meeting",
            "report_onsite_incident",
            [[self.meeting.id], {"type_id": personnel.id, "name": "Speaker missing"}],
        )
        self.assertFalse(error, error)
        incident = self.Incident.browse(result)
        self.assertRecordValues(
            incident, [{"handler_id": self.user_coordinator.id, "handler_group_id": False}]
        )
        self.assertEqual(incident.activity_ids.user_id, self.user_coordinator)
        self.assertTrue(
            incident.message_ids.filtered(lambda m: "no handler" in (m.body or "").lower()),
            "the incident says it went to the executor for want of a handler",
        )
        for handler in (self.user_handler, self.user_caterer, self.user_caterer2):
            self.assertFalse(incident.with_user(handler).sudo(False).has_access("read"))
        self.assertRefused("t_handler", "meeting.incident", "action_respond", [[incident.id]])
        # the executor handles it
        _result, error = self._rpc(
            "t_coordinator", "meeting.incident", "action_respond", [[incident.id]]
        )
        self.assertFalse(error, error)
        self.assertEqual(incident.state, "in_progress")

    def test_type_change_reroutes_before_response(self):
        """The reporter corrects the type while nobody responded: the incident follows it."""
        _result, error = self._rpc(
            "t_employee",
            "meeting.incident",
            "write",
            [[self.incident.id], {"type_id": self.type_catering.id}],
        )
        self.assertFalse(error, error)
        self.assertEqual(self.incident.handler_id, self.user_caterer)
        self.assertEqual(self.incident.handler_group_id, self.catering_group)
        self.assertEqual(self.incident.activity_ids.user_id, self.user_caterer)
        # the device handler lost it
        self.assertFalse(self.incident.with_user(self.user_handler).sudo(False).has_access("read"))
        # once responded, the type is fixed
        self.incident.with_user(self.user_caterer).action_respond()
        self.assertRefused(
            "t_employee",
            "meeting.incident",
            "write",
            [[self.incident.id], {"type_id": self.type_device.id}],
        )

    # ------------------------------------------------------------------
    # 4. Malformed arguments of the on-site view's methods
    # ------------------------------------------------------------------
    def test_report_onsite_incident_malformed_arguments(self):
        good = {"type_id": self.type_device.id, "name": "Projector down"}
        count = self.Incident.search_count([])
        cases = [
            ("vals not a dict", ["oops"]),
            ("name is a list", [{**good, "name": ["a", "b"]}]),
            ("name is a number", [{**good, "name": 12}]),
            ("type is a string", [{**good, "type_id": str(self.type_device.id)}]),
            ("type is a bool", [{**good, "type_id": True}]),
            ("type is a list", [{**good, "type_id": [self.type_device.id]}]),
            ("type does not exist", [{**good, "type_id": 999999999}]),
            ("urgency unknown", [{**good, "urgency": "extreme"}]),
            ("description is a dict", [{**good, "description": {"a": 1}}]),
            ("impact is a list", [{**good, "impact": [1]}]),
            ("photo not a dict", [{**good, "photo": "abc"}]),
            ("photo bad base64", [{**good, "photo": {"name": "p.jpg", "data": "%%%not base64"}}]),
            ("photo data a number", [{**good, "photo": {"name": "p.jpg", "data": 12}}]),
            ("photo name a list", [{**good, "photo": {"name": ["x"], "data": "aGVsbG8="}}]),
            ("photos not a list", [{**good, "photos": {"name": "p.jpg"}}]),
            ("photos bad item", [{**good, "photos": [{"name": "p.jpg", "data": "@@@"}]}]),
        ]
        for label, extra_args in cases:
            with self.subTest(case=label):
                self.assertRefused(
                    "t_employee",
                    "meeting.meeting",
                    "report_onsite_incident",
                    [[self.meeting.id], *extra_args],
                )
                # ORM: same clear error
                with self.assertRaises(UserError):
                    self.meeting.with_user(self.user_employee).report_onsite_incident(*extra_args)
        for label, ids in (
            ("bool id", [True]),
            ("string id", ["12"]),
            ("no id", []),
            ("two ids", [self.meeting.id, self.meeting.id + 1]),
        ):
            with self.subTest(case=label):
                self.assertRefused(
                    "t_employee", "meeting.meeting", "report_onsite_incident", [ids, good]
                )
        self.assertEqual(self.Incident.search_count([]), count, "nothing was created")

    def test_report_onsite_incident_with_photos(self):
        photo = base64.b64encode(b"\xff\xd8\xff jpeg").decode()
        result, error = self._rpc(
            "t_employee",
            "meeting.meeting",
            "report_onsite_incident",
            [
                [self.meeting.id],
                {
                    "type_id": self.type_device.id,
                    "name": "Projector down",
                    "urgency": "high",
                    "photo": {"name": "one.jpg", "data": photo, "mimetype": "image/jpeg"},
                    "photos": [{"name": "two.jpg", "data": photo, "mimetype": "image/jpeg"}],
                },
            ],
        )
        self.assertFalse(error, error)
        incident = self.Incident.browse(result)
        self.assertEqual(sorted(incident.evidence_ids.mapped("name")), ["one.jpg", "two.jpg"])
        self.assertEqual(incident.urgency, "high")

    def test_onsite_data_and_agenda_buttons_malformed_ids(self):
        self.meeting.with_user(self.user_coordinator).action_start()
        for label, ids in (
            ("bool id", [True]),
            ("string id", ["12"]),
            ("no id", []),
            ("float id", [1.5]),
            ("unknown id", [999999999]),
        ):
            with self.subTest(case=label):
                self.assertRefused("t_coordinator", "meeting.meeting", "get_onsite_data", [ids])
                for method in ("action_start_item", "action_finish_item"):
                    self.assertRefused("t_coordinator", "meeting.agenda.item", method, [ids])
        self.assertEqual(
            (self.item_checkin | self.item_opening | self.item_launch).mapped("state"),
            ["planned", "planned", "planned"],
        )
        with self.assertRaises(UserError):
            self.env["meeting.meeting"].with_user(self.user_coordinator).get_onsite_data()
        # the well-formed calls work
        data, error = self._rpc(
            "t_coordinator", "meeting.meeting", "get_onsite_data", [[self.meeting.id]]
        )
        self.assertFalse(error, error)
        self.assertEqual(data["id"], self.meeting.id)
        _result, error = self._rpc(
            "t_coordinator", "meeting.agenda.item", "action_start_item", [[self.item_checkin.id]]
        )
        self.assertFalse(error, error)
        self.assertEqual(self.item_checkin.state, "running")


@tagged("post_install", "-at_install")
class TestAgendaHardening(RpcMixin, HttpCase, OnsiteCommon):
    def _times(self):
        items = self.item_checkin | self.item_opening | self.item_launch
        items.invalidate_recordset()
        return items.read(["state", "date_start", "date_end", "actual_start", "actual_end"])

    # ------------------------------------------------------------------
    # 1. Context keys never switch a guard off
    # ------------------------------------------------------------------
    def test_run_key_does_not_write_actual_times(self):
        self.meeting.with_user(self.user_coordinator).action_start()
        before = self._times()
        vals = {
            "state": "done",
            "actual_start": "2024-03-20 01:00:00",
            "actual_end": "2024-03-20 01:30:00",
        }
        with self.assertRaises(UserError):
            self.item_checkin.with_user(self.user_coordinator).with_context(**BYPASS_KEYS).write(
                vals
            )
        for login in ("t_coordinator", "t_director"):
            with self.subTest(login=login):
                self.assertRefused(
                    login,
                    "meeting.agenda.item",
                    "write",
                    [[self.item_checkin.id], vals],
                    context=BYPASS_KEYS,
                )
        self.assertEqual(self._times(), before)

    def test_change_apply_key_does_not_rewrite_started_agenda(self):
        self.meeting.with_user(self.user_coordinator).action_start()
        before = self._times()
        vals = {"date_start": "2024-03-20 01:30:00", "date_end": "2024-03-20 03:00:00"}
        with self.assertRaises(UserError):
            self.item_opening.with_user(self.user_coordinator).with_context(**BYPASS_KEYS).write(
                vals
            )
        self.assertRefused(
            "t_coordinator",
            "meeting.agenda.item",
            "write",
            [[self.item_opening.id], vals],
            context=BYPASS_KEYS,
        )
        self.assertEqual(self._times(), before)

    def test_skip_check_key_does_not_allow_overlaps(self):
        """Before the meeting, the coordinator edits the plan, but never into overlaps."""
        before = self._times()
        vals = {"date_end": "2024-03-20 02:30:00"}  # into the product launch
        with self.assertRaises(ValidationError):
            self.item_opening.with_user(self.user_coordinator).with_context(**BYPASS_KEYS).write(
                vals
            )
        self.assertRefused(
            "t_coordinator",
            "meeting.agenda.item",
            "write",
            [[self.item_opening.id], vals],
            context=BYPASS_KEYS,
            message="overlap",
        )
        # outside the meeting time too
        self.assertRefused(
            "t_coordinator",
            "meeting.agenda.item",
            "write",
            [[self.item_launch.id], {"date_end": "2024-03-20 23:00:00"}],
            context=BYPASS_KEYS,
        )
        self.assertEqual(self._times(), before)

    # ------------------------------------------------------------------
    # 2. State moves only through actions
    # ------------------------------------------------------------------
    def test_create_refuses_run_fields(self):
        vals = {
            "meeting_id": self.meeting.id,
            "name": "Tea Break",
            "date_start": "2024-03-20 02:45:00",
            "date_end": "2024-03-20 03:00:00",
        }
        for extra in (
            {"state": "done"},
            {"actual_start": "2024-03-20 02:45:00"},
            {"skip_reason": "no tea"},
        ):
            with self.subTest(extra=extra):
                with self.assertRaises(UserError):
                    self.env["meeting.agenda.item"].with_user(self.user_coordinator).with_context(
                        **BYPASS_KEYS
                    ).create({**vals, **extra})
                self.assertRefused(
                    "t_coordinator",
                    "meeting.agenda.item",
                    "create",
                    [{**vals, **extra}],
                    context=BYPASS_KEYS,
                )
        self.assertFalse(
            self.env["meeting.agenda.item"].search([("name", "=", "Tea Break")]),
        )
        # the initial state is fine
        _result, error = self._rpc(
            "t_coordinator", "meeting.agenda.item", "create", [{**vals, "state": "planned"}]
        )
        self.assertFalse(error, error)

    def test_agenda_change_moves_only_through_its_actions(self):
        self.meeting.with_user(self.user_coordinator).action_start()
        change = (
            self.env["meeting.agenda.change"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "item_id": self.item_launch.id,
                    "new_date_start": datetime(2024, 3, 20, 1, 45),
                    "new_date_end": datetime(2024, 3, 20, 3, 0),
                    "reason": "Demo runs over",
                }
            )
        )
        # neither the initiator nor the requester sets the decision by hand
        for login, vals in (
            ("t_director", {"state": "approved"}),
            ("t_director", {"decided_by_id": self.user_director.id}),
            ("t_coordinator", {"state": "approved"}),
            ("t_coordinator", {"old_date_end": "2024-03-20 05:00:00"}),
            # the requester does not make themselves the approver
            ("t_coordinator", {"approver_id": self.user_coordinator.id}),
        ):
            with self.subTest(login=login, vals=vals):
                self.assertRefused(
                    login,
                    "meeting.agenda.change",
                    "write",
                    [[change.id], vals],
                    context=BYPASS_KEYS,
                )
        with self.assertRaises(UserError):
            change.with_user(self.user_director).write({"state": "approved"})
        self.assertRecordValues(
            change,
            [
                {
                    "state": "pending",
                    "decided_by_id": False,
                    "approver_id": self.user_director.id,
                }
            ],
        )
        # nor when requesting
        result, error = self._rpc(
            "t_coordinator",
            "meeting.agenda.change",
            "create",
            [
                {
                    "item_id": self.item_opening.id,
                    "new_date_start": "2024-03-20 01:30:00",
                    "new_date_end": "2024-03-20 01:40:00",
                    "reason": "Short speech",
                    "approver_id": self.user_coordinator.id,
                    "state": "approved",
                }
            ],
        )
        self.assertFalse(error, error)
        self.assertRecordValues(
            self.env["meeting.agenda.change"].browse(result),
            [{"state": "pending", "approver_id": self.user_director.id}],
        )
        self.assertEqual(self.item_launch.date_end, datetime(2024, 3, 20, 2, 45))
        # the initiator's button applies it
        _result, error = self._rpc(
            "t_director", "meeting.agenda.change", "action_approve", [[change.id]]
        )
        self.assertFalse(error, error)
        self.assertEqual(change.state, "approved")
        self.assertEqual(self.item_launch.date_end, datetime(2024, 3, 20, 3, 0))
        # a decided change is not edited afterwards
        self.assertRefused(
            "t_coordinator",
            "meeting.agenda.change",
            "write",
            [[change.id], {"new_date_end": "2024-03-20 04:00:00"}],
        )

    def test_change_shortening_shifts_following_items_earlier(self):
        """Approving a change that pulls the following items earlier needs no constraint
        bypass: the moves are written in an order that never overlaps."""
        self.meeting.with_user(self.user_coordinator).action_start()
        change = (
            self.env["meeting.agenda.change"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "item_id": self.item_checkin.id,
                    "new_date_start": datetime(2024, 3, 20, 1, 0),
                    "new_date_end": datetime(2024, 3, 20, 1, 20),
                    "shift_following": True,
                    "reason": "Fewer guests",
                }
            )
        )
        change.with_user(self.user_director).action_approve()
        self.assertRecordValues(
            self.item_checkin | self.item_opening | self.item_launch,
            [
                {
                    "date_start": datetime(2024, 3, 20, 1, 0),
                    "date_end": datetime(2024, 3, 20, 1, 20),
                },
                {
                    "date_start": datetime(2024, 3, 20, 1, 20),
                    "date_end": datetime(2024, 3, 20, 1, 35),
                },
                {
                    "date_start": datetime(2024, 3, 20, 1, 35),
                    "date_end": datetime(2024, 3, 20, 2, 35),
                },
            ],
        )

    def test_run_buttons_still_work_over_rpc(self):
        self.meeting.with_user(self.user_coordinator).action_start()
        for item, method in (
            (self.item_checkin, "action_start_item"),
            (self.item_opening, "action_start_item"),
            (self.item_opening, "action_finish_item"),
        ):
            _result, error = self._rpc("t_coordinator", "meeting.agenda.item", method, [[item.id]])
            self.assertFalse(error, error)
        self.assertEqual(
            (self.item_checkin | self.item_opening | self.item_launch).mapped("state"),
            ["done", "done", "planned"],
        )
        # a plain attendee cannot run it
        self.assertRefused(
            "t_employee",
            "meeting.agenda.item",
            "action_start_item",
            [[self.item_launch.id]],
            context=BYPASS_KEYS,
        )
        self.assertEqual(self.item_launch.state, "planned")
        with self.assertRaises(AccessError):
            self.item_launch.with_user(self.user_employee).write({"name": "x"})
