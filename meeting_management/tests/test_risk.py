"""The risk register (风险管理): templates → register, the blocking rule, the status actions,
who keeps and who reads it, the approver's view and the lessons learned (复盘)."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, TransactionCase, tagged

from ..models.meeting_risk import risk_level
from .common import MeetingCommon, MeetingRpcMixin, RpcError


class RiskCommon(MeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the shipped templates of the client type, whatever a database added to them
        cls.templates = cls.type_client.risk_template_ids
        cls.high_templates = cls.templates.filtered(
            lambda t: int(t.likelihood) * int(t.impact) >= 12 and not t.mitigation
        )

    def _risk(self, meeting, user, **vals):
        return (
            self.env["meeting.risk"]
            .with_user(user)
            .create({"meeting_id": meeting.id, "name": "Keynote speaker ill", **vals})
        )


@tagged("post_install", "-at_install")
class TestRiskRegister(RiskCommon):
    def test_level_bands(self):
        self.assertEqual(
            [risk_level(score) for score in (1, 5, 6, 11, 12, 19, 20, 25)],
            ["low", "low", "medium", "medium", "high", "high", "critical", "critical"],
        )

    def test_templates_to_register_without_duplicates(self):
        self.assertGreaterEqual(len(self.templates), 5)
        self.assertTrue(self.high_templates, "the shipped templates include high risks")
        meeting = self._create_meeting()
        meeting.action_generate_risks()
        risks = meeting.risk_ids
        self.assertEqual(risks.template_id, self.templates)
        power = risks.filtered(
            lambda r: r.template_id == self.env.ref("meeting_management.risk_template_client_power")
        )
        self.assertRecordValues(
            power,
            [
                {
                    "likelihood": "3",
                    "impact": "4",
                    "score": 12,
                    "level": "high",
                    "needs_mitigation": True,
                    "contingency_type": "equipment",
                    "owner_id": self.user_coordinator.id,
                    "state": "open",
                }
            ],
        )
        # proposing again adds nothing; a risk renamed by hand keeps its template
        power.name = "Blackout in hall A"
        meeting.action_generate_risks()
        self.assertEqual(meeting.risk_ids, risks)
        # a template added to the type later is proposed once; a hand-written risk of the
        # same name stops it from being proposed twice
        new_template = (
            self.env["meeting.risk.template"]
            .with_user(self.user_meeting_admin)
            .create({"type_id": self.type_client.id, "name": "Interpreter no-show"})
        )
        self._risk(meeting, self.user_director, name="Strike of the shuttle drivers")
        self.env["meeting.risk.template"].with_user(self.user_meeting_admin).create(
            {"type_id": self.type_client.id, "name": "Strike of the shuttle drivers"}
        )
        meeting.action_generate_risks()
        self.assertEqual(len(meeting.risk_ids), len(risks) + 2)
        self.assertEqual(
            meeting.risk_ids.filtered(lambda r: r.template_id == new_template).name,
            "Interpreter no-show",
        )

    def test_type_without_templates(self):
        meeting = self._create_meeting(
            type_id=self.env.ref("meeting_management.meeting_type_other").id
        )
        if meeting.type_id.risk_template_ids:
            self.skipTest("a database added risk templates to the 'Other' type")
        with self.assertRaisesRegex(UserError, "no risk templates"):
            meeting.action_generate_risks()

    def test_high_risk_without_mitigation_blocks_submission(self):
        meeting = self._create_meeting()
        meeting.action_generate_risks()
        blocking = meeting.risk_ids.filtered("needs_mitigation")
        self.assertEqual(blocking.template_id, self.high_templates)
        self.assertEqual(meeting.risk_blocking_count, len(blocking))
        with self.assertRaises(UserError) as caught:
            meeting.with_context(meeting_green_channel_declined=True).action_submit()
        for risk in blocking:
            self.assertIn(risk.name, str(caught.exception))
            self.assertIn(f"score {risk.score}", str(caught.exception))
        # medium risks need no mitigation; blank text is no mitigation
        blocking[0].mitigation = "   "
        self.assertTrue(blocking[0].needs_mitigation)
        blocking.write({"mitigation": "Backup projector and UPS tested the day before"})
        self.assertFalse(meeting.risk_blocking_count)
        meeting.with_context(meeting_green_channel_declined=True).action_submit()
        self.assertEqual(meeting.state, "resource_review")

    def test_high_risk_added_after_approval_blocks_the_start(self):
        meeting = self._meeting_in_state("approved")
        # the executor keeps the register after the approval: the plan lock does not apply
        risk = self._risk(
            meeting, self.user_coordinator, likelihood="4", impact="5", category="vip"
        )
        self.assertEqual((risk.score, risk.level), (20, "critical"))
        with self.assertRaisesRegex(UserError, "Keynote speaker ill \\(score 20\\)"):
            meeting.with_user(self.user_coordinator).action_start()
        self.assertEqual(meeting.state, "approved")
        risk.with_user(self.user_coordinator).mitigation = "Standby speaker briefed"
        meeting.with_user(self.user_coordinator).action_start()
        self.assertEqual(meeting.state, "in_progress")

    def test_status_moves_through_actions(self):
        meeting = self._create_meeting()
        risk = self._risk(meeting, self.user_director, state="closed")
        self.assertEqual(risk.state, "open", "a new risk is identified, whatever is sent")
        with self.assertRaisesRegex(UserError, "buttons"):
            risk.write({"state": "mitigated"})
        with self.assertRaisesRegex(UserError, "Describe the mitigation"):
            risk.action_mark_mitigated()
        risk.mitigation = "Second speaker"
        risk.action_mark_mitigated()
        self.assertEqual(risk.state, "mitigated")
        with self.assertRaisesRegex(UserError, "cannot be done now"):
            risk.action_mark_mitigated()
        risk.action_close()
        risk.action_reopen()
        self.assertEqual(risk.state, "open")
        # a stranger cannot move it
        with self.assertRaises(AccessError):
            risk.with_user(self.user_employee).action_close()

    def test_access_per_role(self):
        meeting = self._meeting_in_state("approved")
        risk = self._risk(meeting, self.user_coordinator)
        # the executor (a coordinator) and the initiator keep the register
        risk.with_user(self.user_coordinator).write({"mitigation": "Plan B"})
        risk.with_user(self.user_director).write({"owner_id": self.user_director.id})
        self.assertTrue(meeting.with_user(self.user_coordinator).can_manage_risks)
        # an attendee reads it but does not change it
        self.env["meeting.attendee"].create(
            {"meeting_id": meeting.id, "name": "Employee", "user_id": self.user_employee.id}
        )
        self.assertEqual(risk.with_user(self.user_employee).read(["name"])[0]["name"], risk.name)
        self.assertFalse(meeting.with_user(self.user_employee).can_manage_risks)
        with self.assertRaises(AccessError):
            risk.with_user(self.user_employee).write({"mitigation": "nothing"})
        with self.assertRaises(AccessError):
            self._risk(meeting, self.user_employee, name="Mine")
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_employee).action_generate_risks()
        with self.assertRaises(AccessError):
            risk.with_user(self.user_employee).unlink()
        # a check-in staff member not involved in the meeting does not see it at all
        Risk = self.env["meeting.risk"].with_user(self.user_checkin)
        self.assertFalse(Risk.search([("meeting_id", "=", meeting.id)]))
        with self.assertRaises(AccessError):
            risk.with_user(self.user_checkin).read(["name"])
        # the approvers read the top risks on their step
        step = meeting.approval_ids.filtered(lambda a: a.reviewer_id == self.user_gm)[:1]
        self.assertTrue(step, "the general manager approved the plan")
        self.assertIn(risk, step.with_user(self.user_gm).meeting_top_risk_ids)
        self.assertEqual(
            step.with_user(self.user_gm).meeting_top_risk_ids.read(["score"])[0]["score"],
            risk.score,
        )

    def test_application_report_shows_top_risks(self):
        meeting = self._create_meeting()
        meeting.action_generate_risks()
        meeting.risk_ids.filtered("needs_mitigation").write({"mitigation": "Handled"})
        meeting.with_context(meeting_green_channel_declined=True).action_submit()
        step = meeting.approval_ids.filtered(lambda a: a.state == "pending")[:1]
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(step.reviewer_id)
            ._render_qweb_html("meeting_management.action_report_meeting_application", meeting.ids)
        )
        html = html.decode()
        self.assertIn("o_meeting_top_risks", html)
        for risk in meeting.top_risk_ids:
            self.assertIn(risk.name, html)
        self.assertEqual(len(meeting.top_risk_ids), min(5, len(meeting.risk_ids)))
        self.assertEqual(meeting.top_risk_ids[0].score, max(meeting.risk_ids.mapped("score")))

    def test_lessons_learned_shown_on_the_next_draft(self):
        meeting = self._meeting_in_state("review")
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_employee).action_save_lessons()
        meeting.with_user(self.user_coordinator).action_save_lessons()
        lessons = self.env["meeting.type.lesson"].search([("meeting_id", "=", meeting.id)])
        self.assertTrue(lessons)
        self.assertEqual(lessons.type_id, self.type_client)
        # saving again adds nothing
        meeting.with_user(self.user_director).action_save_lessons()
        self.assertEqual(
            self.env["meeting.type.lesson"].search([("meeting_id", "=", meeting.id)]), lessons
        )
        # the next meeting of the type, planned by a plain employee, shows them
        draft = (
            self.env["meeting.meeting"]
            .with_user(self.user_employee)
            .create(self._meeting_vals(initiator_id=self.user_employee.id, executor_id=False))
        )
        self.assertTrue(lessons <= draft.type_lesson_ids)
        self.assertFalse(draft.type_lesson_ids.filtered(lambda l: l.meeting_id == draft))
        # but a plain employee does not edit them
        with self.assertRaises(AccessError):
            lessons[0].with_user(self.user_employee).write({"name": "changed"})
        # not before the review
        with self.assertRaisesRegex(UserError, "at the review"):
            draft.action_save_lessons()


@tagged("post_install", "-at_install")
class TestRiskRpc(MeetingRpcMixin, HttpCase, RiskCommon):
    """The register's guards over JSON-RPC, as the web client calls them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._meeting_in_state("approved")
        cls.env["meeting.attendee"].create(
            {"meeting_id": cls.meeting.id, "name": "Employee", "user_id": cls.user_employee.id}
        )
        cls.risk = (
            cls.env["meeting.risk"]
            .with_user(cls.user_coordinator)
            .create(
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Supplier default",
                    "likelihood": "4",
                    "impact": "4",
                }
            )
        )

    def test_state_is_not_writable_over_rpc(self):
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_coordinator", "meeting.risk", "write", [self.risk.ids, {"state": "closed"}])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        created = self.rpc(
            "t_coordinator",
            "meeting.risk",
            "create",
            [
                {
                    "meeting_id": self.meeting.id,
                    "name": "Rain",
                    "state": "occurred",
                    "date_occurred": "2024-01-01 00:00:00",
                }
            ],
        )
        self.assertRecordValues(
            self.env["meeting.risk"].browse(created), [{"state": "open", "date_occurred": False}]
        )

    def test_attendee_reads_but_does_not_keep_the_register(self):
        rows = self.rpc("t_employee", "meeting.risk", "read", [self.risk.ids, ["name", "score"]])
        self.assertEqual(rows[0]["score"], 16)
        for method, args in (
            ("write", [self.risk.ids, {"mitigation": "x"}]),
            ("action_close", [self.risk.ids]),
            ("create", [{"meeting_id": self.meeting.id, "name": "Mine"}]),
        ):
            with self.assertRaises(RpcError) as caught:
                self.rpc("t_employee", "meeting.risk", method, args)
            self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError", method)
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_employee", "meeting.meeting", "action_generate_risks", [self.meeting.ids])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")

    def test_start_blocked_over_rpc_with_the_risk_named(self):
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_coordinator", "meeting.meeting", "action_start", [self.meeting.ids])
        self.assertEqual(caught.exception.name, "odoo.exceptions.UserError")
        self.assertIn("Supplier default (score 16)", caught.exception.message)
        self.rpc(
            "t_coordinator", "meeting.risk", "write", [self.risk.ids, {"mitigation": "Backup"}]
        )
        self.rpc("t_coordinator", "meeting.meeting", "action_start", [self.meeting.ids])
        self.assertEqual(self.meeting.state, "in_progress")

    def test_stranger_cannot_save_lessons_or_edit_templates(self):
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_employee",
                "meeting.risk.template",
                "create",
                [{"type_id": self.type_client.id, "name": "Mine"}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_employee",
                "meeting.type.lesson",
                "create",
                [{"type_id": self.type_client.id, "name": "Mine"}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_employee", "meeting.meeting", "action_save_lessons", [self.meeting.ids])
        self.assertIn(
            caught.exception.name, ("odoo.exceptions.AccessError", "odoo.exceptions.UserError")
        )


@tagged("post_install", "-at_install")
class TestRiskDemo(TransactionCase):
    """The demo summit: its register, 投影仪故障 worked through its plan, one complaint."""

    def test_summit_review(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit", raise_if_not_found=False)
        if not summit:
            self.skipTest("installed without demo data")
        power = self.env.ref("meeting_management.demo_summit_risk_power")
        self.assertEqual(len(summit.risk_ids), 4)
        self.assertFalse(summit.risk_blocking_count)
        projector = self.env.ref("meeting_management.demo_summit_incident_projector")
        self.assertEqual(projector.risk_id, power)
        self.assertEqual(power.state, "occurred")
        self.assertTrue(projector.checklist_ids)
        self.assertTrue(all(projector.checklist_ids.mapped("done")))
        self.assertEqual(
            projector.event_ids.mapped("kind"),
            ["reported", "responded"]
            + ["check"] * len(projector.checklist_ids)
            + ["resolved", "closed"],
        )
        complaint = self.env.ref("meeting_management.demo_summit_complaint_seating")
        self.assertRecordValues(
            complaint,
            [
                {
                    "is_complaint": True,
                    "complaint_grade": "complaint",
                    "remedy_acceptance": "accepted",
                }
            ],
        )
        data = self.env["report.meeting_management.report_meeting_monitoring"]._get_report_data(
            summit
        )
        self.assertEqual(
            (data["risk_review"]["materialised"], data["risk_review"]["unplanned"]), (1, 1)
        )
        self.assertEqual(len(data["complaints"]), 1)
        self.assertTrue(summit.type_id.lesson_ids)
