"""Emergency plans on the incident desk (应急预案): the plan shown to the handler, its first
actions as a checklist ticked on the incident, the escalation path with its times, the
timeline kept for the review; complaints (客诉响应) graded into response times and
escalation; the review section of the monitoring report (复盘)."""

import io
from datetime import datetime, timedelta

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin, RpcError
from .common_onsite import OnsiteCommon


class PlanCommon(OnsiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engineer = cls.env["res.partner"].create(
            {"name": "Venue Engineer", "email": "engineer@venue.example.com"}
        )
        cls.type_device.write(
            {
                "severity_high": "The keynote cannot go on.",
                "contact_user_ids": [Command.link(cls.user_handler.id)],
                "contact_partner_ids": [Command.link(cls.engineer.id)],
                "plan_step_ids": [
                    Command.create({"sequence": 1, "name": "Switch to the backup projector"}),
                    Command.create({"sequence": 2, "name": "Call the venue's engineer"}),
                ],
                "escalation_ids": [
                    Command.create({"after_minutes": 10, "target": "executor"}),
                    Command.create(
                        {"after_minutes": 30, "target": "partner", "partner_id": cls.engineer.id}
                    ),
                ],
            }
        )
        cls.type_complaint = cls.env["meeting.incident.type"].create(
            {
                "name": "Test Complaint",
                "is_complaint": True,
                "response_minutes_low": 240,
                "response_minutes_medium": 30,
                "response_minutes_high": 10,
                "plan_step_ids": [Command.create({"name": "Listen and calm"})],
                "escalation_ids": [
                    Command.create({"after_minutes": 30, "target": "executor"}),
                    Command.create({"after_minutes": 60, "target": "initiator"}),
                ],
            }
        )

    @classmethod
    def _report(cls, itype=None, user=None, **vals):
        return (
            cls.env["meeting.incident"]
            .with_user(user or cls.user_employee)
            .create(
                {
                    "meeting_id": cls.meeting.id,
                    "type_id": (itype or cls.type_device).id,
                    "name": "Projector down",
                    **vals,
                }
            )
        )

    def _escalation_messages(self, incident):
        return incident.sudo().message_ids.filtered(lambda m: "Escalation" in (m.body or ""))


@tagged("post_install", "-at_install")
class TestEmergencyPlan(PlanCommon):
    @freeze_time("2024-03-20 06:30:00")
    def test_plan_checklist_and_timeline(self):
        incident = self._report()
        as_handler = incident.with_user(self.user_handler)
        # the handler sees the plan of the type and its checklist
        self.assertEqual(as_handler.plan_severity_high, "The keynote cannot go on.")
        self.assertEqual(as_handler.plan_contact_partner_ids, self.engineer)
        self.assertEqual(len(as_handler.plan_escalation_ids), 2)
        checks = as_handler.checklist_ids
        self.assertEqual(
            checks.mapped("name"), ["Switch to the backup projector", "Call the venue's engineer"]
        )
        self.assertEqual((as_handler.checklist_done_count, as_handler.checklist_count), (0, 2))
        # the reporter reads the checklist but does not tick it; nobody renames a plan step
        self.assertEqual(len(incident.checklist_ids), 2)
        with self.assertRaisesRegex(UserError, "Only the handler"):
            incident.checklist_ids[0].write({"done": True})
        with self.assertRaisesRegex(UserError, "come from the incident type"):
            checks[0].write({"name": "Skip it"})
        with freeze_time("2024-03-20 06:33:00"):
            as_handler.action_respond()
        with freeze_time("2024-03-20 06:35:00"):
            checks[0].write({"done": True, "note": "spare cable"})
        self.assertRecordValues(
            checks[0].sudo(),
            [
                {
                    "done": True,
                    "date_done": datetime(2024, 3, 20, 6, 35),
                    "done_by_id": self.user_handler.id,
                }
            ],
        )
        # an extra action added on the spot by the handler
        self.env["meeting.incident.check"].with_user(self.user_handler).create(
            {"incident_id": incident.id, "name": "Move the audience to hall B", "done": True}
        )
        self.assertEqual(as_handler.checklist_count, 3)
        self.assertEqual(as_handler.checklist_done_count, 1, "added lines start undone")
        with freeze_time("2024-03-20 06:45:00"):
            as_handler.resolution = "Cable replaced"
            self.env["ir.attachment"].with_user(self.user_handler).create(
                {
                    "name": "fixed.txt",
                    "raw": b"ok",
                    "res_model": incident._name,
                    "res_id": incident.id,
                }
            )
            as_handler.action_resolve()
        with freeze_time("2024-03-20 06:50:00"):
            incident.with_user(self.user_coordinator).action_close()
        timeline = incident.with_user(self.user_employee).event_ids
        self.assertEqual(
            [(e.kind, e.date.strftime("%H:%M")) for e in timeline],
            [
                ("reported", "06:30"),
                ("responded", "06:33"),
                ("check", "06:35"),
                ("resolved", "06:45"),
                ("closed", "06:50"),
            ],
        )
        self.assertEqual(timeline[2].user_id, self.user_handler)
        self.assertEqual(timeline[2].name, "Switch to the backup projector")
        # a closed incident's checklist is final
        with self.assertRaisesRegex(UserError, "closed"):
            checks[1].with_user(self.user_coordinator).write({"done": True})

    def test_onsite_view_shows_the_plan(self):
        incident = self._report()
        data = self.meeting.with_user(self.user_coordinator).get_onsite_data()
        device = next(t for t in data["incident_types"] if t["id"] == self.type_device.id)
        self.assertEqual(
            device["plan_steps"], ["Switch to the backup projector", "Call the venue's engineer"]
        )
        self.assertIn("Venue Engineer", device["contacts"])
        row = next(i for i in data["incidents"] if i["id"] == incident.id)
        self.assertEqual((row["checklist_done"], row["checklist_count"]), (0, 2))

    def test_type_corrected_before_response_takes_its_plan(self):
        incident = self._report(itype=self.type_catering, name="Wrong type")
        self.assertFalse(incident.checklist_ids)
        incident.type_id = self.type_device
        self.assertEqual(len(incident.checklist_ids), 2)

    def test_escalation_path_with_times(self):
        with freeze_time("2024-03-20 06:30:00"):
            incident = self._report()
            resolved = self._report(name="Microphone")
        Incident = self.env["meeting.incident"]
        with freeze_time("2024-03-20 06:35:00"):
            Incident._cron_escalate_plan()
        self.assertEqual(incident.escalation_level, 0)
        with freeze_time("2024-03-20 06:41:00"):
            resolved.with_user(self.user_handler).write({"resolution": "Battery"})
            resolved._write_workflow({"state": "resolved"})
            Incident._cron_escalate_plan()
        self.assertEqual(incident.escalation_level, 1)
        self.assertEqual(resolved.escalation_level, 0, "a resolved incident is not escalated")
        messages = self._escalation_messages(incident)
        self.assertEqual(len(messages), 1)
        self.assertEqual(messages.partner_ids, self.user_coordinator.partner_id)
        with freeze_time("2024-03-20 06:45:00"):
            Incident._cron_escalate_plan()  # nothing new is due
        self.assertEqual(len(self._escalation_messages(incident)), 1)
        with freeze_time("2024-03-20 07:01:00"):
            Incident._cron_escalate_plan()
        self.assertEqual(incident.escalation_level, 2)
        self.assertIn(self.engineer, self._escalation_messages(incident).partner_ids)
        self.assertEqual(
            incident.sudo().event_ids.filtered(lambda e: e.kind == "escalated").mapped("name"),
            [self.user_coordinator.partner_id.name, "Venue Engineer"],
        )

    def test_immediate_steps_are_told_at_once(self):
        self.type_catering.escalation_ids = [
            Command.create({"after_minutes": 0, "target": "initiator"}),
            Command.create({"after_minutes": 20, "target": "executor"}),
        ]
        incident = self._report(itype=self.type_catering, name="Food poisoning suspected")
        self.assertEqual(incident.sudo().escalation_level, 1)
        messages = self._escalation_messages(incident)
        self.assertEqual(messages.partner_ids, self.user_director.partner_id)
        self.assertIn("reported just now", messages.body)


@tagged("post_install", "-at_install")
class TestComplaints(PlanCommon):
    @freeze_time("2024-03-20 06:30:00")
    def test_grading_sets_deadline_and_escalation(self):
        cases = [
            ("suggestion", "low", 240, 0),
            ("complaint", "medium", 30, 1),
            ("dispute", "high", 10, 2),
        ]
        for grade, urgency, minutes, level in cases:
            with self.subTest(grade=grade):
                complaint = self._report(
                    itype=self.type_complaint, name=f"Seat {grade}", complaint_grade=grade
                )
                self.assertRecordValues(
                    complaint.sudo(),
                    [
                        {
                            "is_complaint": True,
                            "complaint_grade": grade,
                            "urgency": urgency,
                            "sla_deadline": datetime(2024, 3, 20, 6, 30)
                            + timedelta(minutes=minutes),
                            "escalation_level": level,
                        }
                    ],
                )
                self.assertEqual(len(self._escalation_messages(complaint)), level)
        # a complaint reported from the on-site view (urgency only) is graded from it
        incident_id = self.meeting.with_user(self.user_employee).report_onsite_incident(
            {"type_id": self.type_complaint.id, "name": "Too cold", "urgency": "low"}
        )
        self.assertEqual(
            self.env["meeting.incident"].browse(incident_id).complaint_grade, "suggestion"
        )

    def test_grade_escalated_by_the_reporter_before_response(self):
        complaint = self._report(itype=self.type_complaint, complaint_grade="suggestion")
        complaint.write({"complaint_grade": "dispute"})
        self.assertEqual(complaint.urgency, "high")
        complaint.with_user(self.user_coordinator).action_respond()
        with self.assertRaisesRegex(UserError, "before anybody responded"):
            complaint.write({"complaint_grade": "suggestion"})

    def test_remedy_and_acceptance(self):
        complaint = self._report(
            itype=self.type_complaint,
            complaint_grade="complaint",
            complaint_aspect="catering",
            complainant_name="Mr Li",
        )
        handler = complaint.sudo().handler_id
        self.assertEqual(handler, self.user_coordinator, "no handler configured: the executor")
        as_handler = complaint.with_user(handler)
        as_handler.action_respond()
        with self.assertRaisesRegex(UserError, "remedy offered"):
            as_handler.action_remedy_accepted()
        as_handler.write({"resolution": "Seat changed", "remedy": "replacement"})
        self.env["ir.attachment"].create(
            {"name": "note.txt", "raw": b"x", "res_model": complaint._name, "res_id": complaint.id}
        )
        with self.assertRaisesRegex(UserError, "accepted it before resolving"):
            as_handler.action_resolve()
        # the reporter may not answer for the complainant, nor write the answer
        with self.assertRaisesRegex(UserError, "Only the handler"):
            complaint.action_remedy_accepted()
        with self.assertRaisesRegex(UserError, "follow its workflow"):
            as_handler.write({"remedy_acceptance": "accepted"})
        as_handler.action_remedy_accepted()
        as_handler.action_resolve()
        self.assertRecordValues(
            complaint.sudo(), [{"remedy_acceptance": "accepted", "state": "resolved"}]
        )
        self.assertIn("remedy", complaint.sudo().event_ids.mapped("kind"))

    def test_review_section_and_suggestions(self):
        meeting = self.meeting
        Risk = self.env["meeting.risk"].with_user(self.user_coordinator)
        power = Risk.create(
            {
                "meeting_id": meeting.id,
                "name": "Power failure",
                "likelihood": "3",
                "impact": "4",
                "mitigation": "UPS",
            }
        )
        Risk.create({"meeting_id": meeting.id, "name": "Rain", "likelihood": "2", "impact": "2"})
        # an incident materialising a risk moves it; one outside the register; a complaint
        projector = self._report(user=self.user_coordinator, risk_id=power.id)
        self.assertEqual(power.state, "occurred")
        self.assertTrue(power.date_occurred)
        self._report(itype=self.type_catering, name="No vegetarian meals")
        complaint = self._report(
            itype=self.type_complaint,
            name="Seats",
            complaint_grade="complaint",
            complaint_aspect="venue",
        )
        # another meeting's risk cannot be linked
        other = self._meeting_in_state("approved", name="Other meeting")
        other_risk = Risk.create({"meeting_id": other.id, "name": "Other"})
        with self.assertRaises(ValidationError) as caught:
            projector.with_user(self.user_coordinator).write({"risk_id": other_risk.id})
        self.assertIn("its own meeting", str(caught.exception))
        self.assertEqual(projector.risk_id, power)

        report = self.env["report.meeting_management.report_meeting_monitoring"]
        data = report.with_user(self.user_director)._get_report_data(meeting)
        self.assertEqual(
            data["risk_review"],
            {
                "planned": 2,
                "materialised": 1,
                "unplanned": 1,
                "unplanned_names": "No vegetarian meals",
            },
        )
        self.assertEqual(data["risks"][0]["incidents"], "Projector down")
        self.assertEqual([r["count"] for r in data["complaints_by_aspect"]], [1])
        self.assertEqual(data["complaints"][0]["name"], complaint.name)
        suggestions = " ".join(meeting._get_improvement_suggestions())
        self.assertIn("Power failure", suggestions)
        self.assertIn("No vegetarian meals", suggestions)
        self.assertIn("1 complaint(s)", suggestions)
        sentences = " ".join(report._get_summary_sentences(meeting))
        self.assertIn("2 in the register, 1 materialised", sentences)
        html, _type = (
            self.env["ir.actions.report"]
            .with_user(self.user_director)
            ._render_qweb_html("meeting_management.action_report_meeting_monitoring", meeting.ids)
        )
        html = html.decode()
        for needle in ("o_report_risks", "o_report_complaints", "Power failure", "Seats"):
            self.assertIn(needle, html)
        sheet = load_workbook(io.BytesIO(report._get_workbook(meeting)))["Risks and Complaints"]
        self.assertEqual(
            [sheet.cell(2, col).value for col in (1, 2, 3, 8)],
            ["Power failure", 12, "High", "Projector down"],
        )
        self.assertEqual(sheet.cell(6, 1).value, "Seats")
        self.assertEqual(sheet.cell(6, 2).value, "General Complaint")


@tagged("post_install", "-at_install")
class TestEmergencyPlanRpc(MeetingRpcMixin, HttpCase, PlanCommon):
    """The checklist, timeline and complaint guards over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.incident = cls._report(user=cls.user_employee)

    def _refused(self, login, model, method, args, name="odoo.exceptions.UserError"):
        with self.assertRaises(RpcError) as caught:
            self.rpc(login, model, method, args)
        self.assertEqual(caught.exception.name, name, caught.exception.message)
        return caught.exception.message

    def test_handler_ticks_reporter_does_not(self):
        check = self.incident.checklist_ids[0]
        self._refused("t_employee", "meeting.incident.check", "write", [check.ids, {"done": True}])
        self._refused(
            "t_handler",
            "meeting.incident.check",
            "write",
            [check.ids, {"date_done": "2020-01-01 00:00:00"}],
        )
        self.rpc("t_handler", "meeting.incident.check", "write", [check.ids, {"done": True}])
        self.assertTrue(check.done)
        self.assertEqual(check.done_by_id, self.user_handler)

    def test_timeline_is_read_only(self):
        rows = self.rpc(
            "t_employee",
            "meeting.incident.event",
            "search_read",
            [[("incident_id", "=", self.incident.id)], ["kind"]],
        )
        self.assertEqual([r["kind"] for r in rows], ["reported"])
        self._refused(
            "t_handler",
            "meeting.incident.event",
            "create",
            [{"incident_id": self.incident.id, "kind": "resolved"}],
            "odoo.exceptions.AccessError",
        )
        self._refused(
            "t_handler",
            "meeting.incident.event",
            "write",
            [self.incident.event_ids.ids, {"kind": "resolved"}],
            "odoo.exceptions.AccessError",
        )
        # somebody who does not read the incident does not read its timeline
        rows = self.rpc(
            "t_checkin",
            "meeting.incident.event",
            "search_read",
            [[("incident_id", "=", self.incident.id)], ["kind"]],
        )
        self.assertEqual(rows, [])

    def test_escalation_and_answer_are_workflow_fields(self):
        self._refused(
            "t_handler", "meeting.incident", "write", [self.incident.ids, {"escalation_level": 5}]
        )
        created = self.rpc(
            "t_employee",
            "meeting.incident",
            "create",
            [
                {
                    "meeting_id": self.meeting.id,
                    "type_id": self.type_complaint.id,
                    "name": "Noise",
                    "complaint_grade": "suggestion",
                    "escalation_level": 9,
                    "remedy_acceptance": "accepted",
                }
            ],
        )
        complaint = self.env["meeting.incident"].browse(created)
        self.assertRecordValues(
            complaint, [{"escalation_level": 0, "remedy_acceptance": False, "urgency": "low"}]
        )

    def test_plan_configuration_is_for_administrators(self):
        self._refused(
            "t_handler",
            "meeting.incident.plan.step",
            "create",
            [{"type_id": self.type_device.id, "name": "Panic"}],
            "odoo.exceptions.AccessError",
        )
        self._refused(
            "t_coordinator",
            "meeting.incident.escalation",
            "write",
            [self.type_device.escalation_ids.ids, {"after_minutes": 999}],
            "odoo.exceptions.AccessError",
        )
