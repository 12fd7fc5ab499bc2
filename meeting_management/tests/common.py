import threading
from datetime import datetime, timedelta
from unittest.mock import patch

from odoo import Command
from odoo.orm.registry import DummyRLock, Registry
from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

# The reference instant of the approval tests (they freeze time around it); meetings built
# without dates are held ten days later.
NOW = datetime(2030, 5, 6, 1, 0, 0)

# The states of the flow, in the order a meeting goes through them.
FLOW = (
    "draft",
    "resource_review",
    "manager_approval",
    "approved",
    "in_progress",
    "review",
    "closed",
)


class MeetingCommon(TransactionCase):
    """A small organisation with a user per role, holding what a company would give them.

    general manager (gm) <- director (initiator) <- coordinator, employee
    gm <- Administration head, IT head <- IT support (incident handler)

    The initiator, the managers and the resource reviewers are plain employees: their
    rights come from the HR links (``parent_id``, department managers) and the approval
    steps, not from a meeting group. The coordinator, the incident handler and the
    check-in staff hold only their own group. ``user_meeting_admin`` is the one meeting
    administrator, for tests about administration only.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        cls.company = cls.env.company

        def user(login, groups="base.group_user", name=None):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name or login,
                groups=groups,
                email=f"{login}@example.com",
                tz="Asia/Shanghai",
            )

        cls.user_meeting_admin = user(
            "t_meeting_admin",
            "base.group_user,meeting_management.group_meeting_manager",
            "Meeting Administrator",
        )
        cls.user_gm = user("t_gm", name="General Manager")
        cls.user_director = user("t_director", name="Director")
        cls.user_admin_head = user("t_admin_head", name="Administration Head")
        cls.user_it_head = user("t_it_head", name="IT Head")
        cls.user_coordinator = user(
            "t_coordinator",
            "base.group_user,meeting_management.group_meeting_coordinator",
            "Coordinator",
        )
        cls.user_handler = user(
            "t_handler",
            "base.group_user,meeting_management.group_meeting_incident_handler",
            "IT Support",
        )
        cls.user_checkin = user(
            "t_checkin", "base.group_user,meeting_management.group_meeting_checkin", "Door Staff"
        )
        cls.user_employee = user("t_employee", name="Employee")

        Employee = cls.env["hr.employee"]
        Department = cls.env["hr.department"]
        cls.emp_gm = Employee.create({"name": "General Manager", "user_id": cls.user_gm.id})
        cls.dep_gm = Department.create({"name": "GM Office", "manager_id": cls.emp_gm.id})
        cls.emp_gm.department_id = cls.dep_gm

        def employee(usr, department_name, parent):
            emp = Employee.create(
                {
                    "name": usr.name,
                    "user_id": usr.id,
                    "parent_id": parent.id,
                    "job_title": "Director",
                }
            )
            dep = Department.create(
                {"name": department_name, "manager_id": emp.id, "parent_id": cls.dep_gm.id}
            )
            emp.department_id = dep
            return emp, dep

        cls.emp_director, cls.dep_product = employee(cls.user_director, "Product", cls.emp_gm)
        cls.emp_admin_head, cls.dep_admin = employee(
            cls.user_admin_head, "Administration", cls.emp_gm
        )
        cls.emp_it_head, cls.dep_it = employee(cls.user_it_head, "IT", cls.emp_gm)
        cls.emp_coordinator = Employee.create(
            {
                "name": cls.user_coordinator.name,
                "user_id": cls.user_coordinator.id,
                "parent_id": cls.emp_director.id,
                "department_id": cls.dep_product.id,
            }
        )
        cls.emp_handler = Employee.create(
            {
                "name": cls.user_handler.name,
                "user_id": cls.user_handler.id,
                "parent_id": cls.emp_it_head.id,
                "department_id": cls.dep_it.id,
            }
        )
        cls.emp_employee = Employee.create(
            {
                "name": cls.user_employee.name,
                "user_id": cls.user_employee.id,
                "parent_id": cls.emp_director.id,
                "department_id": cls.dep_product.id,
            }
        )
        cls.type_client = cls.env.ref("meeting_management.meeting_type_client")

    # ------------------------------------------------------------------
    # Building meetings
    # ------------------------------------------------------------------
    @classmethod
    def _meeting_vals(cls, **overrides):
        vals = {
            "name": "Dealer Summit",
            "type_id": cls.type_client.id,
            "date_start": NOW + timedelta(days=10),
            "date_end": NOW + timedelta(days=10, hours=8),
            "venue": "Conference Center",
            "initiator_id": cls.user_director.id,
            "executor_id": cls.user_coordinator.id,
            "budget_total": 1000.0,
            "objective_ids": [
                Command.create({"name": "New dealers", "target_value": 50, "unit": "dealers"})
            ],
            "budget_line_ids": [
                Command.create({"category": "venue", "name": "Hall", "amount_planned": 600}),
                Command.create({"category": "catering", "name": "Lunch", "amount_planned": 400}),
            ],
        }
        vals.update(overrides)
        return vals

    @classmethod
    def _create_meeting(cls, **overrides):
        """A complete meeting plan created by its initiator; returned as the initiator."""
        vals = cls._meeting_vals(**overrides)
        initiator = cls.env["res.users"].browse(vals["initiator_id"])
        return cls.env["meeting.meeting"].with_user(initiator).create(vals)

    @classmethod
    def _meeting_in_state(cls, state, **overrides):
        """A complete meeting plan taken to ``state`` through the real flow (test's env)."""
        meeting = cls._create_meeting(**overrides).with_env(cls.env)
        return cls._meeting_to_state(meeting, state)

    @classmethod
    def _meeting_to_state(cls, meeting, state):
        """Move ``meeting`` to ``state`` through the actions, each run by its actor."""
        meeting = meeting.with_env(cls.env)
        initiator = meeting.initiator_id
        executor = meeting.executor_id or initiator
        if state == "cancelled":
            meeting.with_user(initiator).action_cancel()
            return meeting
        if state == "draft" and meeting.state in ("rejected", "cancelled"):
            meeting.with_user(initiator).action_reset_to_draft()
            return meeting
        if state == "rejected":
            if meeting.state == "draft":
                meeting.with_user(initiator).action_submit()
            step = meeting.approval_ids.filtered(lambda a: a.state == "pending")[:1]
            step.with_user(step.reviewer_id).with_context(
                meeting_reject_comment="Not this time."
            ).action_reject()
            return meeting
        target = FLOW.index(state)
        while FLOW.index(meeting.state) < target:
            current = meeting.state
            if current == "draft":
                # submitted on the normal time limits, even when the meeting starts soon
                # (the green channel suggestion is tested in test_approval_context)
                meeting.with_user(initiator).with_context(
                    meeting_green_channel_declined=True
                ).action_submit()
            elif current in ("resource_review", "manager_approval"):
                for step in meeting.approval_ids.filtered(lambda a: a.state == "pending"):
                    cls._approve_step(step)
            elif current == "approved":
                meeting.with_user(executor).action_start()
            elif current == "in_progress":
                meeting.with_user(executor).action_finish()
            elif current == "review":
                meeting.with_user(initiator).action_publish_report()
            if meeting.state == current:
                raise AssertionError(f"{meeting.display_name} is stuck in {current}")
        if meeting.state != state:
            raise AssertionError(f"{meeting.display_name} is {meeting.state}, not {state}")
        return meeting

    @classmethod
    def _approve_step(cls, step):
        """The step's reviewer approves it, acknowledging the plan's conflicts if asked to."""
        step = step.with_user(step.reviewer_id)
        if step.action_approve() is not True:
            step.action_acknowledge_conflicts()
            step.action_approve()

    @classmethod
    def _force_meeting_state(cls, meeting, state):
        """Raw SQL: ``state`` without the flow. Only where a test says why it needs it."""
        meeting.flush_recordset()
        cls.env.cr.execute(
            "UPDATE meeting_meeting SET state = %s WHERE id = %s", (state, meeting.id)
        )
        meeting.invalidate_recordset(["state"])
        # what the ORM's write would do: the scans' cached gate of the meeting is out of date
        cls.env.registry.clear_cache()
        return meeting


class RpcError(Exception):
    """A JSON-RPC error answer: the exception class name and its user-facing message."""

    def __init__(self, name, message, debug=""):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.debug = debug


class MeetingRpcMixin:
    """Calls over JSON-RPC as a user, as the web client makes them (HttpCase)."""

    def jsonrpc_answer(self, route, params):
        """The decoded JSON-RPC answer of ``route`` (``result`` or ``error``), as the logged-in
        user's browser gets it; nothing is raised."""
        response = self.opener.post(
            f"{self.base_url()}{route}",
            json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def call_kw_answer(self, model, method, args, kwargs=None):
        """The decoded answer of ``model.method(*args, **kwargs)`` through ``call_kw``."""
        return self.jsonrpc_answer(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def rpc(self, login, model, method, args, kwargs=None):
        """``model.method`` as ``login`` (the current session when None): its result, or an
        ``RpcError`` with the error's class name and message."""
        if login is not None:
            self.authenticate(login, login)
        payload = self.call_kw_answer(model, method, args, kwargs)
        if "error" in payload:
            data = payload["error"].get("data", {})
            raise RpcError(data.get("name", ""), data.get("message", ""), data.get("debug", ""))
        return payload.get("result")


def run_side_by_side(*calls, timeout=60):
    """Run each ``(function, args)`` in its own thread at once, as two Odoo workers would, and
    wait for them. The test runner holds the registry lock: the threads' environments must not
    wait for it (HttpCase patches it the same way)."""
    threads = [threading.Thread(target=function, args=args) for function, args in calls]
    with patch.object(Registry, "_lock", DummyRLock()):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout)
