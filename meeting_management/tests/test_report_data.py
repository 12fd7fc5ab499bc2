import io
import re

from markupsafe import escape
from openpyxl import load_workbook

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common_review import MeetingReviewCommon


@tagged("post_install", "-at_install")
class TestReportData(HttpCase, MeetingReviewCommon):
    """Each report's PDF (HTML in tests) and workbook show the figures of its one data method,
    and the workbooks are served by one route with each report's access rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=12, checked_in=10)
        cls.meeting.with_user(cls.user_coordinator).action_finish()
        cls._add_seed_answers(cls.meeting)

    def _report(self, report_name, user=None):
        return self.env[f"report.meeting_management.{report_name}"].with_user(
            user or self.user_coordinator
        )

    def _outputs(self, report_name):
        """(data, html, workbook) of a report for the seed meeting, as the coordinator (its
        executor)."""
        report = self._report(report_name)
        meeting = self.meeting.with_user(self.user_coordinator)
        data = report._get_report_data(meeting)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_coordinator)
            ._render_qweb_html(f"meeting_management.{report_name}", meeting.ids)[0]
            .decode()
        )
        workbook = load_workbook(io.BytesIO(report._get_workbook(meeting)), data_only=True)
        return data, html, workbook

    def assertInHtml(self, value, html):
        self.assertIn(str(escape(value)), html)

    def test_monitoring_report(self):
        data, html, workbook = self._outputs("report_meeting_monitoring")
        basic = data["basic"]
        self.assertEqual((basic["expected"], basic["checked_in"]), (12, 10))
        self.assertIn(f'<span class="o_checked_in">{basic["checked_in"]}</span>', html)
        sheet = workbook["Basic Information"]
        values = {sheet.cell(row, 1).value: sheet.cell(row, 2).value for row in range(3, 16)}
        self.assertEqual(values["Expected attendees"], basic["expected"])
        self.assertEqual(values["Checked in"], basic["checked_in"])
        self.assertAlmostEqual(values["Attendance rate"], basic["attendance_rate"] / 100.0)
        # KPIs: the rows of meeting._get_kpi_rows() in both
        kpi_sheet = workbook["KPIs"]
        self.assertEqual(len(data["kpis"]), kpi_sheet.max_row - 1)
        for row, kpi in enumerate(data["kpis"], start=2):
            with self.subTest(kpi=kpi["label"]):
                self.assertInHtml(kpi["display"], html)
                self.assertEqual(kpi_sheet.cell(row, 1).value, kpi["label"])
                value = kpi["value"] / 100.0 if kpi["unit"] == "%" else kpi["value"]
                self.assertAlmostEqual(kpi_sheet.cell(row, 2).value, value)
                self.assertEqual(kpi_sheet.cell(row, 4).value, kpi["status_label"])
        # preparation: the delayed task in the PDF, its delay in minutes in the workbook
        self.assertEqual(data["delay_count"], 1)
        delay = data["delays"][0]
        self.assertInHtml(delay["name"], html)
        self.assertInHtml(delay["delay_display"], html)
        prep = {row[0]: row for row in workbook["Preparation"].iter_rows(2, values_only=True)}
        self.assertEqual(prep[delay["name"]][5], delay["late_minutes"])
        # agenda, incidents, objectives
        agenda = list(workbook["Agenda"].iter_rows(2, values_only=True))
        self.assertEqual([row[0] for row in agenda], [item["name"] for item in data["agenda"]])
        for item, row in zip(data["agenda"], agenda, strict=True):
            self.assertInHtml(item["planned_display"], html)
            self.assertEqual(row[6], item["start_deviation_minutes"])
            self.assertEqual(row[7], item["deviation_minutes"])
            self.assertIn(
                f'<td class="text-end o_agenda_deviation">{item["deviation_minutes"]}</td>', html
            )
        incidents = list(workbook["Incidents"].iter_rows(2, values_only=True))
        for incident, row in zip(data["incidents"], incidents, strict=True):
            self.assertInHtml(incident["resolution"], html)
            self.assertEqual(row[5], incident["resolution"])
            self.assertAlmostEqual(row[6], incident["response_minutes"])
        effect = workbook["Effect Evaluation"]
        for row, objective in enumerate(data["objectives"], start=2):
            self.assertIn(f"{objective['attainment']:.0f}%", html)
            self.assertAlmostEqual(effect.cell(row, 5).value, objective["attainment"] / 100.0)
        # satisfaction and budget totals
        self.assertIn(f"{data['satisfaction']:.1f}", html)
        scores = {effect.cell(row, 1).value: effect.cell(row, 2).value for row in range(1, 20)}
        self.assertAlmostEqual(scores["Overall"], data["satisfaction"])
        self.assertEqual(scores["Lowest aspect"], data["lowest_aspect"])
        self.assertEqual(scores["Answers"], data["feedback_count"])
        total = data["budget_total"]
        self.assertIn(f"{total['actual']:,.2f}", html)
        budget = workbook["Budget"]
        last = len(data["budget"]) + 2
        self.assertEqual(
            [budget.cell(last, 3).value, budget.cell(last, 4).value],
            [total["planned"], total["actual"]],
        )
        self.assertEqual(html.count('class="o_meeting_chart"'), 3)

    def test_task_tracking(self):
        data, html, workbook = self._outputs("report_meeting_task_tracking")
        self.assertEqual(data["task_count"], 3)
        self.assertIn(f'<span class="o_task_done_count">{data["done_count"]}</span>', html)
        self.assertIn(f'<span class="o_task_count">{data["task_count"]}</span>', html)
        self.assertIn(f'<span class="o_task_ontime_rate">{data["ontime_rate"]}</span>', html)
        sheet = workbook.active
        self.assertEqual(
            sheet["A2"].value,
            f"Progress {data['done_count']}/{data['task_count']}, "
            f"on-time rate {data['ontime_rate']}%",
        )
        rows = list(sheet.iter_rows(min_row=5, values_only=True))
        keys = ["name", "owner", "deadline", "done", "status", "deliverable", "notes"]
        self.assertEqual(rows, [tuple(line[key] for key in keys) for line in data["lines"]])
        for line in data["lines"]:
            for key in keys:
                self.assertInHtml(line[key], html)

    def test_agenda(self):
        data, html, workbook = self._outputs("report_meeting_agenda")
        self.assertEqual(len(data["lines"]), 5)
        self.assertTrue(data["has_actual"])
        rows = list(workbook.active.iter_rows(min_row=5, values_only=True))
        keys = ["time", "name", "owner", "location", "notes", "actual", "deviation", "state"]
        self.assertEqual(
            rows,
            [
                tuple(line[key] if line[key] != "" else None for key in keys)
                for line in data["lines"]
            ],
        )
        for line in data["lines"]:
            self.assertInHtml(line["time"], html)
            self.assertInHtml(line["name"], html)
            self.assertInHtml(line["actual"], html)

    def test_signin_sheet(self):
        data, html, workbook = self._outputs("report_signin_sheet")
        self.assertEqual((data["expected"], data["checked_in"], data["missing"]), (12, 10, 2))
        for key in ("expected", "checked_in", "missing"):
            self.assertIn(f'<td class="o_signin_{key}">{data[key]}</td>', html)
        sheet = workbook["Sign-in Sheet"]
        self.assertEqual(
            [sheet["A3"].value, sheet["B3"].value, sheet["C3"].value],
            [data["expected"], data["checked_in"], data["missing"]],
        )
        # the same people in the same order (of arrival) in both
        names = [line["name"] for line in data["checked_list"]]
        self.assertEqual(len(names), 10)
        self.assertEqual([sheet.cell(row, 1).value for row in range(6, 16)], names)
        for index, name in enumerate(names, start=1):
            pattern = (
                rf"<td>{index}</td>\s*<td>{re.escape(str(escape(name)))}( ★)?( \(walk-in\))?</td>"
            )
            self.assertRegex(html, pattern)
        missing = workbook["Not Arrived"]
        self.assertEqual(
            [missing.cell(row, 1).value for row in range(2, 4)],
            [line["name"] for line in data["missing_list"]],
        )

    def test_application_form(self):
        report = self._report("report_meeting_application", self.user_meeting_admin)
        data = report._get_report_data(self.meeting)
        self.assertEqual(data["doc"], self.meeting)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.user_meeting_admin)
            ._render_qweb_html("meeting_management.report_meeting_application", self.meeting.ids)[0]
            .decode()
        )
        self.assertIn("o_meeting_approval_trail", html)
        for objective in self.meeting.objective_ids:
            self.assertInHtml(objective.name, html)

    def test_one_download_route(self):
        meeting_id = self.meeting.id
        self.authenticate("t_coordinator", "t_coordinator")
        for report_name, sheet_name in (
            ("report_meeting_monitoring", "Basic Information"),
            ("report_meeting_task_tracking", "Task Tracking"),
            ("report_meeting_agenda", "Agenda"),
            ("report_signin_sheet", "Sign-in Sheet"),
        ):
            with self.subTest(report=report_name):
                response = self.url_open(f"/meeting_management/xlsx/{report_name}/{meeting_id}")
                self.assertEqual(response.status_code, 200)
                self.assertIn("spreadsheetml", response.headers["Content-Type"])
                self.assertIn("attachment", response.headers["Content-Disposition"])
                workbook = load_workbook(io.BytesIO(response.content))
                self.assertIn(sheet_name, workbook.sheetnames)
        # not a report with a workbook, not a report at all, no such meeting: 404
        for url in (
            f"/meeting_management/xlsx/report_meeting_application/{meeting_id}",
            f"/meeting_management/xlsx/report_attendee_badge_sheet/{meeting_id}",
            f"/meeting_management/xlsx/meeting_meeting/{meeting_id}",
            f"/meeting_management/xlsx/report_meeting_agenda/{meeting_id + 10**6}",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)
        # a meeting the user may not read: 404; the sign-in sheet's own rule: 403
        mail_new_test_user(self.env, login="t_outsider", groups="base.group_user")
        self.authenticate("t_outsider", "t_outsider")
        for report_name in (
            "report_meeting_monitoring",
            "report_meeting_task_tracking",
            "report_meeting_agenda",
        ):
            with self.subTest(report=report_name, user="t_outsider"):
                response = self.url_open(f"/meeting_management/xlsx/{report_name}/{meeting_id}")
                self.assertEqual(response.status_code, 404)
        response = self.url_open(f"/meeting_management/xlsx/report_signin_sheet/{meeting_id}")
        self.assertEqual(response.status_code, 403)
        self.authenticate("t_checkin", "t_checkin")  # check-in staff, not of this meeting
        response = self.url_open(f"/meeting_management/xlsx/report_signin_sheet/{meeting_id}")
        self.assertEqual(response.status_code, 403)
