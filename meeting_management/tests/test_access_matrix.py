"""Issue 8: who sees and does what, role by role (ORM with ``with_user`` and the HTTP routes).

Every expectation lives in a table; the tests loop over it with ``subTest`` so that a failing
cell names its role, model and operation.
"""

from contextlib import contextmanager, suppress
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MeetingRpcMixin, RpcError
from .common_checkin import CheckinCommon

OK = "ok"
SCORES = ("score_overall", "score_agenda", "score_venue", "score_catering", "score_service")


def _plan_line_expectations(name):
    """Agenda items, objectives and budget lines: read by the people involved in the meeting."""
    readers = {"initiator", "task_owner", "coordinator", "reviewer", "approver", "admin"}
    others = {"nobody", "coordinator_other", "checkin", "handler", "foreign"}
    return {role: [name] if role in readers else [] for role in readers | others}


class AccessMatrixCommon(CheckinCommon):
    """Two meetings of the main company and one of another company, one user per role.

    ``meeting``: initiator Director, executor Coordinator, door staff Door Staff, a resource
    step for the Administration Head, a manager step for a plain employee (the approver), a task
    owned by Employee, an incident routed to IT Support. ``other_meeting``: executed by a second
    coordinator and staffed by a second door staff member.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups="base.group_user", **kw):
            return mail_new_test_user(
                cls.env, login=login, name=login, groups=groups, email=f"{login}@x.com", **kw
            )

        cls.user_nobody = user("t_nobody")
        cls.user_approver = user("t_approver")
        cls.user_coordinator2 = user(
            "t_coordinator2", "base.group_user,meeting_management.group_meeting_coordinator"
        )
        cls.user_checkin2 = user(
            "t_checkin2", "base.group_user,meeting_management.group_meeting_checkin"
        )
        cls.company2 = cls.env["res.company"].create({"name": "Other Company"})
        cls.user_foreign = user(
            "t_foreign",
            "base.group_user,meeting_management.group_meeting_manager",
            company_id=cls.company2.id,
            company_ids=[Command.set(cls.company2.ids)],
        )
        cls.other_meeting.write(
            {
                "executor_id": cls.user_coordinator2.id,
                "checkin_staff_ids": [Command.set(cls.user_checkin2.ids)],
            }
        )
        cls.foreign_meeting = cls.env["meeting.meeting"].create(
            {
                "name": "Foreign Summit",
                "type_id": cls.type_client.id,
                "company_id": cls.company2.id,
                "date_start": cls.meeting.date_start,
                "date_end": cls.meeting.date_end,
                "initiator_id": cls.user_foreign.id,
                "executor_id": cls.user_foreign.id,
            }
        )
        deadline = fields.Datetime.now() + timedelta(days=1)
        # sudo: approval steps are only created by the submission flow (not under test here)
        cls.step_review, cls.step_manager = (
            cls.env["meeting.approval"]
            .sudo()
            .create(
                [
                    {
                        "meeting_id": cls.meeting.id,
                        "step_type": "resource",
                        "reviewer_id": cls.user_admin_head.id,
                        "deadline": deadline,
                    },
                    {
                        "meeting_id": cls.meeting.id,
                        "step_type": "manager",
                        "reviewer_id": cls.user_approver.id,
                        "deadline": deadline,
                    },
                ]
            )
            .sudo(False)
        )
        cls.task = cls.env["meeting.task"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "Print badges",
                "user_id": cls.user_employee.id,
                "date_deadline": deadline,
            }
        )
        cls.item = cls.env["meeting.agenda.item"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "Opening",
                "date_start": cls.meeting.date_start,
                "date_end": cls.meeting.date_start + timedelta(minutes=30),
            }
        )
        cls.objective = cls.env["meeting.objective"].create(
            {"meeting_id": cls.meeting.id, "name": "New dealers", "target_value": 10}
        )
        cls.budget_line = cls.env["meeting.budget.line"].create(
            {"meeting_id": cls.meeting.id, "category": "venue", "name": "Hall"}
        )
        cls.incident_type = cls.env["meeting.incident.type"].create(
            {"name": "Projector", "handler_user_id": cls.user_handler.id}
        )
        # The reporter is a plain attendee-less employee: the routing (sudo) must work for them.
        cls.incident = (
            cls.env["meeting.incident"]
            .with_user(cls.user_director)
            .create(
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Projector is dark",
                    "type_id": cls.incident_type.id,
                }
            )
            .sudo(False)
        )
        cls.feedback = (
            cls.env["meeting.feedback"]
            .sudo()
            .create({"attendee_id": cls.att_plain.id, **dict.fromkeys(SCORES, 4)})
            .sudo(False)
        )
        cls.env.flush_all()
        cls.roles = {
            "nobody": cls.user_nobody,
            "initiator": cls.user_director,
            "task_owner": cls.user_employee,
            "coordinator": cls.user_coordinator,
            "coordinator_other": cls.user_coordinator2,
            "reviewer": cls.user_admin_head,
            "approver": cls.user_approver,
            "handler": cls.user_handler,
            "checkin": cls.user_checkin,
            "checkin_other": cls.user_checkin2,
            "admin": cls.user_meeting_admin,
            "foreign": cls.user_foreign,
        }


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixCommon):
    # role -> records of each model the role reads (searched among the fixtures)
    READ = {
        "meeting.meeting": {
            "nobody": [],
            "initiator": ["meeting", "other_meeting"],
            "task_owner": ["meeting"],
            "coordinator": ["meeting"],
            "coordinator_other": ["other_meeting"],
            "reviewer": ["meeting"],
            "approver": ["meeting"],
            "handler": ["meeting"],
            "checkin": ["meeting"],
            "checkin_other": ["other_meeting"],
            "admin": ["meeting", "other_meeting"],
            "foreign": ["foreign_meeting"],
        },
        "meeting.attendee": {
            "nobody": [],
            "initiator": ["att_vip", "att_plain", "att_declined", "att_other"],
            "task_owner": [],
            "coordinator": ["att_vip", "att_plain", "att_declined"],
            "coordinator_other": ["att_other"],
            "reviewer": [],
            "approver": [],
            "handler": [],
            "checkin": ["att_vip", "att_plain", "att_declined"],
            "checkin_other": ["att_other"],
            "admin": ["att_vip", "att_plain", "att_declined", "att_other"],
            "foreign": [],
        },
        "meeting.approval": {
            "nobody": [],
            "initiator": ["step_review", "step_manager"],
            "task_owner": [],
            "coordinator": ["step_review", "step_manager"],
            "coordinator_other": [],
            # everyone in a meeting's approval reads all its steps (issue #19): the manager
            # reads the resource reviewers' decisions
            "reviewer": ["step_review", "step_manager"],
            "approver": ["step_review", "step_manager"],
            "handler": [],
            "checkin": [],
            "admin": ["step_review", "step_manager"],
            "foreign": [],
        },
        "meeting.task": {
            "nobody": [],
            "initiator": ["task"],
            "task_owner": ["task"],
            "coordinator": ["task"],
            "coordinator_other": [],
            "reviewer": ["task"],
            "approver": ["task"],
            "checkin": [],
            "admin": ["task"],
            "foreign": [],
        },
        "meeting.incident": {
            "nobody": [],
            "initiator": ["incident"],
            "task_owner": [],
            "coordinator": ["incident"],
            "coordinator_other": [],
            "reviewer": [],
            "handler": ["incident"],
            "checkin": [],
            "admin": ["incident"],
            "foreign": [],
        },
        "meeting.feedback": {
            "nobody": [],
            "initiator": ["feedback"],
            "coordinator": ["feedback"],
            "coordinator_other": [],
            "reviewer": [],
            "checkin": [],
            "admin": ["feedback"],
            "foreign": [],
        },
    }
    READ.update(
        {
            model: _plan_line_expectations(name)
            for model, name in (
                ("meeting.agenda.item", "item"),
                ("meeting.objective", "objective"),
                ("meeting.budget.line", "budget_line"),
            )
        }
    )

    # (role, record, operation, expected): operation is a callable on the record as the role
    def _operations(self):
        return [
            # meetings: only the initiator, the executor and administrators edit
            ("initiator", "meeting", "write", lambda r: r.write({"equipment_notes": "x"}), OK),
            ("coordinator", "meeting", "write", lambda r: r.write({"equipment_notes": "x"}), OK),
            ("admin", "meeting", "write", lambda r: r.write({"equipment_notes": "x"}), OK),
            (
                "reviewer",
                "meeting",
                "write",
                lambda r: r.write({"equipment_notes": "x"}),
                AccessError,
            ),
            (
                "approver",
                "meeting",
                "write",
                lambda r: r.write({"equipment_notes": "x"}),
                AccessError,
            ),
            (
                "checkin",
                "meeting",
                "write",
                lambda r: r.write({"equipment_notes": "x"}),
                AccessError,
            ),
            (
                "task_owner",
                "meeting",
                "write",
                lambda r: r.write({"equipment_notes": "x"}),
                AccessError,
            ),
            (
                "coordinator_other",
                "meeting",
                "write",
                lambda r: r.write({"equipment_notes": "x"}),
                AccessError,
            ),
            (
                "foreign",
                "meeting",
                "write",
                lambda r: r.write({"equipment_notes": "x"}),
                AccessError,
            ),
            ("nobody", "meeting", "read", lambda r: r.read(["name"]), AccessError),
            ("coordinator", "meeting", "unlink", lambda r: r.unlink(), UserError),
            ("reviewer", "meeting", "unlink", lambda r: r.unlink(), AccessError),
            ("foreign", "meeting", "read", lambda r: r.read(["name"]), AccessError),
            # attendees: the executor manages them; door staff only read name and company
            ("coordinator", "att_plain", "write", lambda r: r.write({"job_title": "CTO"}), OK),
            (
                "coordinator_other",
                "att_plain",
                "write",
                lambda r: r.write({"job_title": "CTO"}),
                AccessError,
            ),
            ("checkin", "att_plain", "write", lambda r: r.write({"job_title": "CTO"}), AccessError),
            ("checkin", "att_plain", "read phone", lambda r: r.read(["phone"]), AccessError),
            (
                "checkin",
                "att_plain",
                "read",
                lambda r: r.read(["name", "company_name", "is_checked_in"]),
                OK,
            ),
            ("checkin_other", "att_plain", "read", lambda r: r.read(["name"]), AccessError),
            ("coordinator", "att_plain", "action_confirm", lambda r: r.action_confirm(), OK),
            ("checkin", "att_plain", "action_confirm", lambda r: r.action_confirm(), AccessError),
            ("coordinator", "att_declined", "unlink", lambda r: r.unlink(), OK),
            ("coordinator_other", "att_declined", "unlink", lambda r: r.unlink(), AccessError),
            # approval steps: decided only by their reviewer (or an administrator)
            ("reviewer", "step_review", "comment", lambda r: r.write({"comment": "ok"}), OK),
            ("approver", "step_manager", "comment", lambda r: r.write({"comment": "ok"}), OK),
            # the reviewer reads the manager's step but may not decide it
            (
                "reviewer",
                "step_manager",
                "action_approve",
                lambda r: r.action_approve(),
                UserError,
            ),
            ("initiator", "step_review", "action_approve", lambda r: r.action_approve(), UserError),
            ("coordinator", "step_review", "action_reject", lambda r: r.action_reject(), UserError),
            ("nobody", "step_review", "action_approve", lambda r: r.action_approve(), AccessError),
            (
                "reviewer",
                "step_review",
                "state",
                lambda r: r.write({"state": "approved"}),
                UserError,
            ),
            ("foreign", "step_review", "action_approve", lambda r: r.action_approve(), AccessError),
            # tasks: the owner updates the status, the executor everything
            ("task_owner", "task", "action_start", lambda r: r.action_start(), OK),
            ("task_owner", "task", "rename", lambda r: r.write({"name": "Other"}), AccessError),
            ("coordinator", "task", "rename", lambda r: r.write({"name": "Other"}), OK),
            ("coordinator", "task", "unlink", lambda r: r.unlink(), OK),
            (
                "initiator",
                "task",
                "action_start",
                lambda r: r.action_start(),
                (AccessError, UserError),
            ),
            ("coordinator_other", "task", "action_start", lambda r: r.action_start(), AccessError),
            ("checkin", "task", "action_start", lambda r: r.action_start(), AccessError),
            # agenda, objectives, budget lines follow the meeting
            (
                "coordinator",
                "item",
                "action_start_item",
                lambda r: r.action_start_item(),
                (OK, UserError),
            ),
            ("reviewer", "item", "write", lambda r: r.write({"name": "x"}), AccessError),
            (
                "reviewer",
                "objective",
                "write",
                lambda r: r.write({"name": "x"}),
                (AccessError, UserError),
            ),
            ("coordinator_other", "budget_line", "unlink", lambda r: r.unlink(), AccessError),
            ("initiator", "budget_line", "read", lambda r: r.read(["name"]), OK),
            # incidents: the handler responds, nobody else
            ("handler", "incident", "action_respond", lambda r: r.action_respond(), OK),
            ("initiator", "incident", "action_respond", lambda r: r.action_respond(), UserError),
            ("checkin", "incident", "read", lambda r: r.read(["name"]), AccessError),
            ("foreign", "incident", "read", lambda r: r.read(["name"]), AccessError),
            # feedback: answers are never edited, only administrators delete them
            (
                "initiator",
                "feedback",
                "write",
                lambda r: r.write({"score_overall": 1}),
                AccessError,
            ),
            ("coordinator", "feedback", "unlink", lambda r: r.unlink(), AccessError),
            ("nobody", "feedback", "read", lambda r: r.read(["score_overall"]), AccessError),
            ("admin", "feedback", "unlink", lambda r: r.unlink(), OK),
        ]

    @contextmanager
    def assertRaisesAny(self, errors):
        """``assertRaises`` for a tuple of exception classes (Odoo's takes one class)."""
        try:
            yield
        except errors:
            return
        self.fail(f"none of {errors} raised")

    def test_read_matrix(self):
        for model, expectations in self.READ.items():
            fixtures = {
                name: getattr(self, name) for names in expectations.values() for name in names
            }
            all_ids = [rec.id for rec in fixtures.values()] + [
                self.foreign_meeting.id if model == "meeting.meeting" else 0
            ]
            for role, names in expectations.items():
                with self.subTest(model=model, role=role):
                    user = self.roles[role]
                    found = (
                        self.env[model]
                        .with_user(user)
                        .with_context(allowed_company_ids=user.company_ids.ids)
                        .search([("id", "in", all_ids)])
                    )
                    self.assertEqual(
                        sorted(found.ids), sorted(getattr(self, name).id for name in names)
                    )

    def test_operation_matrix(self):
        for role, name, operation, do, expected in self._operations():
            with self.subTest(role=role, record=name, operation=operation):
                user = self.roles[role]
                record = (
                    getattr(self, name)
                    .with_user(user)
                    .with_context(allowed_company_ids=user.company_ids.ids)
                )
                with self.env.cr.savepoint(flush=False) as sp:
                    expected_ok = expected == OK or (isinstance(expected, tuple) and OK in expected)
                    errors = tuple(
                        e
                        for e in (expected if isinstance(expected, tuple) else (expected,))
                        if e != OK
                    )
                    if expected_ok:
                        # (OK, SomeError): allowed by the rules, the business guard may refuse
                        with suppress(*errors):
                            do(record)
                            record.env.flush_all()
                    else:
                        with self.assertRaisesAny(errors):
                            do(record)
                            record.env.flush_all()
                    self.env.invalidate_all()
                    sp.rollback()

    def test_create_matrix(self):
        vals = {
            "meeting.attendee": {"meeting_id": self.meeting.id, "name": "Guest"},
            "meeting.task": {
                "meeting_id": self.meeting.id,
                "name": "Chairs",
                "user_id": self.user_employee.id,
                "date_deadline": self.meeting.date_start,
            },
            "meeting.agenda.item": {
                "meeting_id": self.meeting.id,
                "name": "Lunch",
                "date_start": self.meeting.date_start + timedelta(hours=1),
                "date_end": self.meeting.date_start + timedelta(hours=2),
            },
        }
        allowed = {"coordinator", "admin", "initiator"}
        for model, values in vals.items():
            for role in (
                "coordinator",
                "admin",
                "coordinator_other",
                "checkin",
                "reviewer",
                "nobody",
                "foreign",
            ):
                with self.subTest(model=model, role=role):
                    user = self.roles[role]
                    Model = (
                        self.env[model]
                        .with_user(user)
                        .with_context(allowed_company_ids=user.company_ids.ids)
                    )
                    with self.env.cr.savepoint(flush=False) as sp:
                        if role in allowed:
                            record = Model.create(values)
                            self.assertEqual(record.meeting_id, self.meeting)
                        else:
                            with self.assertRaisesAny((AccessError, UserError)):
                                Model.create(values)
                                Model.env.flush_all()
                        self.env.invalidate_all()
                        sp.rollback()
        # approval steps are never created by hand, whatever the role
        for role in ("initiator", "admin", "reviewer"):
            with self.subTest(model="meeting.approval", role=role), self.assertRaises(UserError):
                self.env["meeting.approval"].with_user(self.roles[role]).create(
                    {
                        "meeting_id": self.meeting.id,
                        "step_type": "resource",
                        "reviewer_id": self.roles[role].id,
                        "deadline": self.meeting.date_start,
                    }
                )

    def test_checkin_staff_matrix(self):
        """The kiosk only works for the staff of the meeting (plus its executor and admins)."""
        for role, expected in (
            ("checkin", "ok"),
            ("coordinator", "already"),
            ("admin", "already"),
            ("checkin_other", "not_staff"),
            ("coordinator_other", "not_staff"),
        ):
            with self.subTest(role=role):
                result = self.scan(self.att_vip.sudo().access_token, user=self.roles[role])
                self.assertEqual(result["status"], expected)
                self.assertTrue(result["message"])
                if expected == "not_staff":
                    self.assertNotIn("attendee", result)
        self.assertTrue(self.att_vip.is_checked_in)
        self.assertEqual(self.att_vip.checkin_user_id, self.user_checkin)
        for role in ("nobody", "reviewer", "handler"):
            with self.subTest(role=role), self.assertRaises(AccessError):
                self.scan(self.att_plain.sudo().access_token, user=self.roles[role])
        Attendee = self.env["meeting.attendee"]
        # sign-in sheet, counters, search and walk-ins: refused to another meeting's staff
        outsider = Attendee.with_user(self.user_checkin2)
        with self.assertRaises(AccessError):
            outsider.get_signin_sheet_data(self.meeting.id)
        with self.assertRaises(AccessError):
            outsider.get_checkin_counters(self.meeting.id)
        with self.assertRaises(AccessError):
            outsider.checkin_walk_in(self.meeting.id, {"name": "Gate crasher"})
        self.assertEqual(outsider.checkin_search(self.meeting.id, "Li"), [])
        self.assertEqual(
            [m["id"] for m in outsider.get_checkin_meetings()], [self.other_meeting.id]
        )
        self.assertFalse(self.att_plain.is_checked_in)

    def test_checkin_sudo_paths_for_staff(self):
        """The sudo() of search, counters and walk-ins give the staff what they need, no more."""
        staff = self.env["meeting.attendee"].with_user(self.user_checkin)
        self.assertEqual(staff.checkin_search(self.meeting.id, "1390013"), [])  # part of it
        found = staff.checkin_search(self.meeting.id, "13900139000")  # the full number
        self.assertEqual([a["name"] for a in found], ["Li Na"])
        self.assertNotIn("phone", found[0])
        self.assertNotIn("13900139000", str(found))
        self.assertEqual(staff.get_checkin_counters(self.meeting.id)["expected"], 2)
        result = staff.checkin_walk_in(self.meeting.id, {"name": "Walker", "phone": "139"}, "A")
        self.assertEqual(result["status"], "ok")
        walker = self.meeting.attendee_ids.filtered(lambda a: a.name == "Walker")
        self.assertRecordValues(
            walker, [{"is_walk_in": True, "is_checked_in": True, "phone": "139"}]
        )
        with self.assertRaises(AccessError):
            walker.with_user(self.user_checkin).read(["phone"])
        sheet = staff.get_signin_sheet_data(self.meeting.id)
        self.assertFalse(sheet["with_contact"])
        self.assertTrue(all(line["phone"] == "" for line in sheet["missing_list"]))
        self.assertEqual([m["id"] for m in staff.get_checkin_meetings()], [self.meeting.id])

    def test_incident_routing_sudo_path_for_reporter(self):
        """A plain reporter's incident is routed (sudo) to the type's handler and stays theirs."""
        self.assertEqual(self.incident.handler_id, self.user_handler)
        self.assertEqual(self.incident.reporter_id, self.user_director)
        with self.assertRaises(UserError):
            self.incident.with_user(self.user_director).write({"handler_id": self.user_gm.id})

    def test_multi_company_rules(self):
        """Every model with a company holds a global company rule."""
        Rule = self.env["ir.rule"].sudo()
        for model_name in (
            "meeting.meeting",
            "meeting.approval",
            "meeting.task",
            "meeting.attendee",
            "meeting.agenda.item",
            "meeting.agenda.change",
            "meeting.incident",
            "meeting.incident.type",
            "meeting.feedback",
            "meeting.objective",
            "meeting.budget.line",
            "meeting.checkin.log",
            "meeting.type",
            "meeting.review.department",
        ):
            with self.subTest(model=model_name):
                self.assertIn("company_id", self.env[model_name]._fields)
                rules = Rule.search([("model_id.model", "=", model_name), ("global", "=", True)])
                self.assertTrue(any("company_ids" in r.domain_force for r in rules))
        for model_name in self.env.registry:
            if model_name.startswith("meeting.") and not self.env[model_name]._abstract:
                with self.subTest(acl=model_name):
                    acls = (
                        self.env["ir.model.access"]
                        .sudo()
                        .search([("model_id.model", "=", model_name)])
                    )
                    self.assertTrue(acls, f"{model_name} has no access rules")


@tagged("post_install", "-at_install")
class TestAccessMatrixRoutes(HttpCase, MeetingRpcMixin, AccessMatrixCommon):
    def test_checkin_rpc_by_role(self):
        """The kiosk calls the model methods over RPC: only check-in staff of the meeting."""
        token = self.att_plain.sudo().access_token
        args = [self.meeting.id, token, "A"]
        with self.assertRaises(RpcError) as refused:
            self.rpc("t_nobody", "meeting.attendee", "checkin_scan", args)
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")
        self.assertIn("check-in staff", refused.exception.message)
        for login, status in (
            ("t_checkin2", "not_staff"),
            ("t_checkin", "ok"),
            ("t_checkin", "already"),
        ):
            with self.subTest(login=login, status=status):
                result = self.rpc(login, "meeting.attendee", "checkin_scan", args)
                self.assertEqual(result["status"], status)
        self.authenticate("t_checkin2", "t_checkin2")
        response = self.url_open(f"/meeting_management/xlsx/report_signin_sheet/{self.meeting.id}")
        self.assertEqual(response.status_code, 403)
        result = self.rpc(None, "meeting.attendee", "checkin_search", [self.meeting.id, "Li"])
        self.assertEqual(result, [])
        with self.assertRaises(RpcError) as refused:
            self.rpc("t_nobody", "meeting.attendee", "checkin_search", [self.meeting.id, "Li"])
        self.assertEqual(refused.exception.name, "odoo.exceptions.AccessError")

    def test_feedback_routes_with_foreign_tokens(self):
        """A check-in token, another database id or garbage is never a survey link."""
        self.authenticate(None, None)
        for token in (self.att_plain.sudo().access_token, str(self.att_plain.id), "x" * 40):
            with self.subTest(token=token):
                response = self.url_open(f"/meeting/feedback/{token}")
                self.assertEqual(response.status_code, 404)
                self.assertNotIn("Traceback", response.text)
