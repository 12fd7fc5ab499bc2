import io
from datetime import timedelta

from freezegun import freeze_time
from openpyxl import load_workbook

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common_review import MeetingReviewCommon


@tagged("post_install", "-at_install")
class TestMeetingReport(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting()
        cls.meeting.with_user(cls.user_coordinator).action_finish()
        cls._add_seed_answers(cls.meeting)

    def test_kpis_on_the_seed_example(self):
        meeting = self.meeting
        self.assertRecordValues(
            meeting,
            [
                {
                    "state": "review",
                    "kpi_attendance_expected": 185,
                    "kpi_attendance_checked_in": 178,
                    "kpi_attendance_status": "met",
                    "kpi_agenda_item_count": 5,
                    "kpi_agenda_completion": 100.0,
                    "kpi_agenda_completion_status": "met",
                    "kpi_agenda_deviation": 15.0,
                    "kpi_agenda_deviation_status": "met",
                    "kpi_feedback_count": 10,
                    "kpi_satisfaction": 4.6,
                    "kpi_satisfaction_agenda": 4.7,
                    "kpi_satisfaction_venue": 4.5,
                    "kpi_satisfaction_catering": 4.2,
                    "kpi_satisfaction_service": 4.6,
                    "kpi_lowest_aspect": "catering",
                    "kpi_satisfaction_status": "met",
                    "kpi_incident_count": 2,
                    "kpi_incident_timeliness": 50.0,
                    "kpi_incident_timeliness_status": "not_met",
                    "kpi_objective_attainment": 100.5,
                    "kpi_objective_attainment_status": "met",
                    "kpi_task_count": 3,
                    "kpi_task_late_count": 1,
                    "kpi_preparation_ontime_status": "not_met",
                    "kpi_budget_planned": 500000.0,
                    "kpi_budget_actual": 504500.0,
                    "kpi_budget_variance_status": "met",
                }
            ],
        )
        self.assertEqual(meeting.kpi_attendance_rate, 96.2)  # 178 / 185, stored at 0.1%
        self.assertEqual(meeting.kpi_preparation_ontime, 66.7)  # 2 of 3 on time
        self.assertAlmostEqual(meeting.kpi_budget_variance, 0.9, places=4)
        self.assertEqual(meeting.objective_ids.sorted("id").mapped("attainment"), [96.0, 105.0])
        self.assertEqual(meeting.kpi_met_count, 6)
        # stored and searchable
        self.assertIn(
            meeting,
            self.env["meeting.meeting"].search([("kpi_lowest_aspect", "=", "catering")]),
        )

    def test_kpis_follow_the_data_and_the_targets(self):
        meeting = self.meeting
        # an incident answered in time now: 2 of 2 on time
        late = meeting.incident_ids.filtered(lambda i: i.name == "素食餐不足")
        late.date_responded = late.sla_deadline - timedelta(minutes=1)
        self.assertEqual(meeting.kpi_incident_timeliness, 100.0)
        self.assertEqual(meeting.kpi_incident_timeliness_status, "met")
        # a skipped agenda item lowers the completion rate below 95%
        meeting.agenda_item_ids[:1].state = "skipped"
        self.assertEqual(meeting.kpi_agenda_completion, 80.0)
        self.assertEqual(meeting.kpi_agenda_completion_status, "not_met")
        # stricter satisfaction target in the settings flips the status
        settings = self.env["res.config.settings"].create({"meeting_kpi_satisfaction": 4.8})
        settings.execute()
        self.assertEqual(meeting.kpi_satisfaction_status, "not_met")

    def test_suggestions_drafted_from_the_data(self):
        text = self.meeting.report_suggestions
        self.assertIn("Add a full equipment test before the meeting", text)
        self.assertIn("finished late", text)
        self.assertIn("on-call handler", text)
        self.assertIn("新增意向经销商", text)  # objective at 96%
        # catering was not yet known at finish time; re-drafting uses the answers
        self.meeting.with_user(self.user_coordinator).action_draft_suggestions()
        self.assertIn("Confirm special dietary needs earlier", self.meeting.report_suggestions)
        self.assertNotIn("Venue scored", self.meeting.report_suggestions)  # 4.5 meets 4.5
        self.assertIn("178 of 185", self.meeting.report_summary)

    def test_report_html_has_each_section(self):
        self.meeting.action_draft_suggestions()
        html, report_type = self.env["ir.actions.report"]._render_qweb_html(
            "meeting_management.action_report_meeting_monitoring", self.meeting.ids
        )
        self.assertEqual(report_type, "html")
        html = html.decode()
        for expected in (
            # basic information
            "2024年产品全国经销商峰会",
            "国际会议中心",
            '<span class="o_expected_internal">65</span>',
            '<span class="o_expected_external">120</span>',
            '<span class="o_checked_in">178</span>',
            # plan vs execution: the delay of 2 h, closed; agenda 100%
            "场地布置方案确认",
            "2 h",
            '<span class="o_agenda_completion">100</span>%',
            # incidents: description, handler, cause, impact, resolution
            "投影仪故障",
            "IT Support",
            "接口松动",
            "15 分钟议程延迟",
            "临时协调餐厅制作",
            # effect evaluation: objectives, satisfaction, lowest aspect, budget
            "96%",
            "105%",
            "4.6",
            "lowest aspect: <span>Catering</span>",
            "4.2",
            "504,500.00",
            # suggestions and charts
            "Add a full equipment test before the meeting",
            "Confirm special dietary needs earlier",
            '<svg xmlns="http://www.w3.org/2000/svg"',
        ):
            self.assertIn(expected, html)
        self.assertEqual(html.count('class="o_meeting_chart"'), 3)

    def test_workbook_cells(self):
        content = self.env["report.meeting_management.report_meeting_monitoring"]._get_workbook(
            self.meeting
        )
        workbook = load_workbook(io.BytesIO(content), data_only=True)
        self.assertEqual(
            workbook.sheetnames,
            [
                "Basic Information",
                "KPIs",
                "Preparation",
                "Agenda",
                "Incidents",
                "Effect Evaluation",
                "Budget",
                "Suggestions",
                "Risks and Complaints",
            ],
        )
        basic = workbook["Basic Information"]
        values = {basic.cell(row, 1).value: basic.cell(row, 2).value for row in range(3, 16)}
        self.assertEqual(values["Meeting"], "2024年产品全国经销商峰会")
        self.assertEqual(values["Expected attendees"], 185)
        self.assertEqual(values["Checked in"], 178)
        self.assertEqual(values["Start"].strftime("%Y-%m-%d %H:%M"), "2024-03-20 09:00")
        self.assertAlmostEqual(values["Attendance rate"], 0.962, places=6)  # stored at 0.1%
        self.assertEqual(basic["B15"].number_format, "0.0%")
        kpis = workbook["KPIs"]
        rows = {kpis.cell(row, 1).value: row for row in range(2, 10)}
        self.assertEqual(kpis.cell(rows["Agenda completion"], 2).value, 1.0)
        self.assertEqual(kpis.cell(rows["Attendee satisfaction"], 2).value, 4.6)
        self.assertEqual(kpis.cell(rows["Incident response timeliness"], 4).value, "Not Met")
        prep = workbook["Preparation"]
        self.assertEqual(prep["A3"].value, "场地布置方案确认")
        self.assertEqual(prep["F3"].value, 120)  # delay in minutes
        self.assertTrue(prep["G3"].value)
        effect = workbook["Effect Evaluation"]
        self.assertEqual(
            [effect["A2"].value, effect["B2"].value, effect["C2"].value], ["新增意向经销商", 50, 48]
        )
        self.assertAlmostEqual(effect["E2"].value, 0.96)
        self.assertAlmostEqual(effect["E3"].value, 1.05)
        scores = {effect.cell(row, 1).value: effect.cell(row, 2).value for row in range(6, 14)}
        self.assertEqual(scores["Overall"], 4.6)
        self.assertEqual(scores["Catering"], 4.2)
        self.assertEqual(scores["Lowest aspect"], "Catering")
        budget = workbook["Budget"]
        self.assertEqual(budget["D4"].value, 126500)
        self.assertEqual(budget["G4"].value, "加做素食餐")
        self.assertEqual(budget["C6"].value, 500000)  # cached total of the SUM formula
        self.assertEqual(budget["D6"].value, 504500)
        incidents = workbook["Incidents"]
        self.assertEqual(incidents["A2"].value, "素食餐不足")  # in report order
        self.assertEqual(incidents["G2"].value, 20)
        self.assertFalse(incidents["H2"].value)

    def test_publish_sends_both_attachments(self):
        meeting = self.meeting
        with self.assertRaises(AccessError):
            meeting.with_user(self.user_coordinator).action_publish_report()
        meeting.with_user(self.user_director).action_publish_report()
        self.assertRecordValues(
            meeting, [{"state": "closed", "report_published_by_id": self.user_director.id}]
        )
        self.assertEqual(meeting.report_pdf_id.res_id, meeting.id)
        self.assertTrue(meeting.report_xlsx_id.name.endswith(".xlsx"))
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "meeting.meeting"),
                ("res_id", "=", meeting.id),
                ("subject", "like", "Monitoring report"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.attachment_ids, meeting.report_pdf_id | meeting.report_xlsx_id)
        recipients = mail.recipient_ids
        self.assertIn(self.user_gm.partner_id, recipients)  # configured management
        self.assertIn(self.user_director.partner_id, recipients)  # initiator
        # managers of the departments involved: task owners' departments
        self.assertIn(self.emp_admin_head.user_id.partner_id, recipients)
        # archived on the chatter
        note = meeting.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertEqual(note.attachment_ids, mail.attachment_ids)
        with self.assertRaises(UserError):
            meeting.with_user(self.user_director).action_publish_report()

    def test_closed_meeting_is_read_only(self):
        meeting = self.meeting
        meeting.with_user(self.user_director).action_publish_report()
        with self.assertRaises(UserError):
            meeting.with_user(self.user_coordinator).write({"venue": "Elsewhere"})
        with self.assertRaises(UserError):
            meeting.task_ids[:1].with_user(self.user_coordinator).write({"name": "x"})
        with self.assertRaises(UserError):
            meeting.objective_ids[:1].with_user(self.user_director).actual_value = 50
        with self.assertRaises(UserError):
            self.env["meeting.incident"].with_user(self.user_coordinator).create(
                {"meeting_id": meeting.id, "name": "late report"}
            )
        # chatter stays usable, managers may still correct
        meeting.with_user(self.user_coordinator).message_post(body="Archived, thanks all")
        meeting.with_user(
            self.user_meeting_admin
        ).report_suggestions = "<p>会前增加设备全流程测试</p>"
        self.assertIn("设备全流程测试", meeting.report_suggestions)
        # the approved plan itself stays locked, for managers too (the approval lock)
        with self.assertRaises(UserError):
            meeting.with_user(self.user_meeting_admin).venue = "国际会议中心 A 厅"

    def test_scheduled_management_summary(self):
        Mail = self.env["mail.mail"]
        preparing = self.env["meeting.meeting"].create(
            {
                "name": "Q3 Strategy",
                "type_id": self.type_client.id,
                "date_start": "2024-04-10 01:00:00",
                "date_end": "2024-04-10 09:00:00",
                "state": "approved",
            }
        )
        self.env["meeting.task"].create(
            {
                "meeting_id": preparing.id,
                "name": "Book venue",
                "user_id": self.user_employee.id,
                "date_deadline": "2024-03-21 01:00:00",
            }
        )
        domain = [("subject", "like", "Meetings summary")]
        with freeze_time("2024-03-22 00:00:00"):
            self.env["meeting.meeting"]._cron_send_management_summary()
            mail = Mail.search(domain)
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.recipient_ids, self.user_gm.partner_id)
            self.assertIn("2024年产品全国经销商峰会", mail.body_html)  # held, with KPIs
            self.assertIn("Agenda completion", mail.body_html)
            self.assertIn("Q3 Strategy", mail.body_html)  # in preparation, 1 overdue task
            # a second run in the same week sends nothing
            self.env["meeting.meeting"]._cron_send_management_summary()
            self.assertEqual(len(Mail.search(domain)), 1)
        with freeze_time(fields.Datetime.to_datetime("2024-03-29 00:05:00")):
            self.env["meeting.meeting"]._cron_send_management_summary()
            self.assertEqual(len(Mail.search(domain)), 2)


@tagged("post_install", "-at_install")
class TestMeetingReportExportTour(HttpCase, MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=12, checked_in=10)

    def test_one_click_export(self):
        meeting = self.meeting
        self.start_tour(
            f"/odoo/action-meeting_management.meeting_meeting_action/{meeting.id}",
            "meeting_report_export_tour",
            login="t_coordinator",
        )
        # the tour finished the meeting from the form and clicked both exports
        self.assertEqual(meeting.state, "review")
        self.authenticate("t_coordinator", "t_coordinator")
        response = self.url_open(f"/meeting_management/xlsx/report_meeting_monitoring/{meeting.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        workbook = load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook["Basic Information"]["B14"].value, 10)
        response = self.url_open(
            f"/report/html/meeting_management.report_meeting_monitoring/{meeting.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Incident Summary", response.text)


@tagged("post_install", "-at_install")
class TestMeetingReportDemo(MeetingReviewCommon):
    def test_demo_summit_review_figures(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit")
        self.assertRecordValues(
            summit,
            [
                {
                    "kpi_feedback_count": 10,
                    "kpi_satisfaction": 4.6,
                    "kpi_satisfaction_catering": 4.2,
                    "kpi_lowest_aspect": "catering",
                    "kpi_objective_attainment": 100.5,
                    "kpi_budget_planned": 500000.0,
                    "kpi_budget_actual": 504500.0,
                }
            ],
        )
        self.assertEqual(
            summit.objective_ids.sorted("sequence").mapped("attainment"), [96.0, 105.0]
        )
        self.assertTrue(all(summit.budget_line_ids.filtered("variance").mapped("variance_reason")))
