"""The monitoring report (模板4) as a general manager reads it: delays that stop at the
meeting's end and read at a glance, missing data that is not zero (budget, KPIs and the
KPI analysis), a drafted summary and suggestions, a page header and footer, and nothing
published or finished silently (no recipient, attendees without e-mail: the QR link sheet)."""

import re
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from ..report.meeting_report_tools import svg_bar_chart, text_width
from .common import MeetingRpcMixin, RpcError
from .common_review import MeetingReviewCommon, dt

MONITORING = "meeting_management.action_report_meeting_monitoring"
LINK_SHEET = "meeting_management.action_report_survey_link_sheet"
LINK_SHEET_NAME = "meeting_management.report_survey_link_sheet"


def render_html(env, report, meeting):
    return str(env["ir.actions.report"]._render_qweb_html(report, meeting.ids)[0], "utf-8")


@tagged("post_install", "-at_install")
class TestReportDelays(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=3, checked_in=3)
        # never finished: due three days before the meeting (ends 2024-03-20 10:00)
        cls.ppt = cls.env["meeting.task"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "PPT终稿复核",
                "user_id": cls.user_director.id,
                "date_deadline": dt("2024-03-17 02:00"),
                "state": "in_progress",
            }
        )
        # after the meeting (settlement): late until the meeting is closed
        cls.settle = cls.env["meeting.task"].create(
            {
                "meeting_id": cls.meeting.id,
                "name": "费用结算",
                "user_id": cls.user_admin_head.id,
                "date_deadline": dt("2024-03-22 02:00"),
                "state": "in_progress",
            }
        )

    def test_delay_of_an_unfinished_task_stops_at_the_meetings_end(self):
        meeting = self.meeting.with_user(self.user_coordinator)
        report = self.env["report.meeting_management.report_meeting_monitoring"].with_user(
            self.user_coordinator
        )
        with freeze_time("2026-11-30 08:00:00"):
            meeting.with_user(self.user_coordinator).action_finish()
            # 2024-03-17 02:00 → 2024-03-20 10:00: 3 days 8 hours, years later as on the day
            self.assertEqual(self.ppt._get_late_minutes(), (3 * 24 + 8) * 60)
            self.ppt.invalidate_recordset(["delay_display"])
            self.assertEqual(self.ppt.delay_display, "Delayed 3 d 8 h")
            data = report._get_report_data(meeting)
            delays = {row["name"]: row["delay_display"] for row in data["delays"]}
            self.assertEqual(delays["PPT终稿复核"], "3 d 8 h")
            # the review is still open: the settlement is late until now
            self.assertGreater(self.settle._get_late_minutes(), 365 * 24 * 60)
            html = render_html(self.env(user=self.user_coordinator), MONITORING, meeting)
            self.assertIn("3 d 8 h", html)
            self.assertNotIn("小时 56", html)
        with freeze_time("2024-03-23 02:00:00"):
            meeting.invalidate_recordset()
            self.assertEqual(self.settle._get_late_minutes(), 24 * 60)
        self._add_seed_answers(self.meeting)
        with freeze_time("2024-03-25 02:00:00"):
            self.meeting.with_user(self.user_director).action_publish_report()
        # closed on 2024-03-25 02:00: the settlement stops counting there (3 days)
        with freeze_time("2026-11-30 08:00:00"):
            self.assertEqual(self.settle._get_late_minutes(), 3 * 24 * 60)
            # one definition: the board's count, the KPI and the report agree
            counts = self.meeting._get_preparation_counts()[self.meeting.id]
            late = self.meeting.task_ids.filtered(lambda t: t._get_late_minutes() > 0)
            self.assertEqual(counts["late"], len(late))
            self.assertEqual(report._get_report_data(self.meeting)["delay_count"], len(late))

    def test_durations_read_at_a_glance(self):
        task = self.env["meeting.task"]
        for minutes, text in (
            (45, "45 min"),
            (120, "2 h"),
            (125, "2 h 5 min"),
            (24 * 60, "1 d"),
            (2 * 24 * 60 + 3 * 60, "2 d 3 h"),
            (23720 * 60 + 56, "988 d 9 h"),
        ):
            with self.subTest(minutes=minutes):
                self.assertEqual(task._format_duration(minutes), text)


@tagged("post_install", "-at_install")
class TestReportMissingData(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=10, checked_in=10)
        cls.meeting.with_user(cls.user_coordinator).action_finish()
        cls._add_seed_answers(cls.meeting)
        # a second meeting held, without any survey answer or budget actual
        cls.quiet = cls._create_seed_meeting(attendees=2, checked_in=2)
        cls.quiet.budget_line_ids.write({"amount_actual": False})
        cls.quiet.objective_ids.write({"actual_value": 0})
        cls.quiet.with_user(cls.user_coordinator).action_finish()

    def test_budget_line_without_actual_is_missing(self):
        meeting = self.meeting
        travel = meeting.budget_line_ids.filtered(lambda line: line.category == "travel")
        travel.with_user(self.user_director).write({"amount_actual": False})
        self.assertRecordValues(
            travel, [{"amount_actual": False, "variance": False, "variance_percent": False}]
        )
        # the variance is over the lines with an actual: 412,500 against 400,000 = +3.1 %
        self.assertAlmostEqual(meeting.kpi_budget_actual, 412500.0)
        self.assertAlmostEqual(meeting.kpi_budget_variance, 3.1)  # stored to 0.1
        report = self.env["report.meeting_management.report_meeting_monitoring"].with_user(
            self.user_coordinator
        )
        data = report._get_report_data(meeting.with_user(self.user_coordinator))
        row = next(r for r in data["budget"] if r["category"] == "Travel")
        self.assertEqual((row["actual"], row["variance_percent"]), (None, None))
        self.assertEqual(data["budget_total"]["missing_count"], 1)
        html = render_html(self.env(user=self.user_coordinator), MONITORING, meeting)
        self.assertIn("Not entered", html)
        self.assertNotIn("-100.0%", html)

        # nothing entered at all: no variance, no finance suggestion
        quiet = self.quiet.with_user(self.user_coordinator)
        self.assertRecordValues(
            quiet,
            [
                {
                    "kpi_budget_actual": False,
                    "kpi_budget_variance": False,
                    "kpi_budget_variance_status": "na",
                }
            ],
        )
        suggestions = " ".join(quiet._get_improvement_suggestions())
        self.assertNotIn("finance", suggestions)
        self.assertNotIn("0% of the", suggestions)

    def test_kpi_without_data_is_empty_not_zero(self):
        quiet = self.quiet.with_user(self.user_coordinator)
        self.assertRecordValues(
            quiet,
            [
                {
                    "kpi_feedback_count": 0,
                    "kpi_satisfaction": False,
                    "kpi_satisfaction_catering": False,
                    "kpi_satisfaction_status": "na",
                    "kpi_objective_attainment": False,
                    "kpi_objective_attainment_status": "na",
                }
            ],
        )
        rows = {row["key"]: row for row in quiet._get_kpi_rows()}
        self.assertIsNone(rows["satisfaction"]["value"])
        self.assertEqual(rows["satisfaction"]["display"], "—")
        self.assertEqual(rows["satisfaction"]["status"], "na")
        # stored as NULL: the database, not only the cache, says "no data"
        quiet.flush_recordset()
        self.env.cr.execute(
            "SELECT kpi_satisfaction, kpi_objective_attainment FROM meeting_meeting WHERE id = %s",
            [quiet.id],
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        html = render_html(self.env(user=self.user_coordinator), MONITORING, quiet)
        self.assertIn("no survey answer yet", html)
        self.assertNotIn("0.0 / 5", html)

    def test_kpi_without_incident_or_finished_task_is_not_met(self):
        """No incident: no response timeliness; no task finished: no on-time rate. Neither
        is "met" nor counted in the KPIs met, nor drafts a suggestion; the report's and the
        management summary's KPI rows read the same."""
        quiet = self.quiet.with_user(self.user_coordinator)
        self.quiet.incident_ids.unlink()
        self.quiet.task_ids.write({"state": "in_progress", "date_done": False})
        met_before = quiet.kpi_met_count
        self.assertRecordValues(
            quiet,
            [
                {
                    "kpi_incident_count": 0,
                    "kpi_incident_timeliness": False,
                    "kpi_incident_timeliness_status": "na",
                    "kpi_preparation_ontime": False,
                    "kpi_preparation_ontime_status": "na",
                }
            ],
        )
        met = [row["key"] for row in quiet._get_kpi_rows() if row["status"] == "met"]
        self.assertEqual(quiet.kpi_met_count, len(met))
        self.assertEqual(met_before, len(met))
        self.assertNotIn("incident_timeliness", met)
        self.assertNotIn("preparation_ontime", met)
        rows = {row["key"]: row for row in quiet._get_kpi_rows()}
        for key in ("incident_timeliness", "preparation_ontime"):
            with self.subTest(kpi=key):
                self.assertEqual(rows[key]["status"], "na")
                self.assertIsNone(rows[key]["value"])
                self.assertEqual(rows[key]["display"], "—")
        suggestions = " ".join(quiet._get_improvement_suggestions())
        self.assertNotIn("on-call handler", suggestions)
        self.assertNotIn("finished late", suggestions)
        data = (
            self.env["report.meeting_management.report_meeting_monitoring"]
            .with_user(self.user_coordinator)
            ._get_report_data(quiet)
        )
        self.assertEqual(
            {row["key"]: row["status"] for row in data["kpis"]},
            {key: row["status"] for key, row in rows.items()},
        )
        summary = (
            self.env["meeting.meeting"]
            .sudo()
            ._get_management_summary(self.company, datetime(2024, 3, 19), datetime(2024, 3, 26))
        )
        # the summary lists the meetings by name (both seed meetings share it): the quiet
        # meeting's statuses and met count are among its rows
        statuses = {key: row["status"] for key, row in rows.items()}
        self.assertIn(
            (statuses, quiet.kpi_met_count),
            [
                ({row["key"]: row["status"] for row in held["kpis"]}, held["met"])
                for held in summary["held"]
                if held["name"] == quiet.display_name
            ],
        )

    def test_kpi_analysis_averages_only_meetings_with_data(self):
        meetings = self.meeting | self.quiet
        (group,) = (
            self.env["meeting.meeting"]
            .with_user(self.user_coordinator)
            .formatted_read_grouping_sets(
                [("id", "in", meetings.ids)],
                [[]],
                ["kpi_satisfaction:avg", "kpi_objective_attainment:avg", "__count"],
            )[0]
        )
        self.assertEqual(group["__count"], 2)
        # 4.6, not (4.6 + 0) / 2 = 2.3
        self.assertAlmostEqual(group["kpi_satisfaction:avg"], 4.6)
        self.assertAlmostEqual(group["kpi_objective_attainment:avg"], 100.5)


@tagged("post_install", "-at_install")
class TestReportTexts(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=10, checked_in=10)
        cls.meeting.with_user(cls.user_coordinator).action_finish()

    def test_summary_and_suggestions_follow_the_data(self):
        meeting = self.meeting.with_user(self.user_coordinator)
        # drafted at the finish, before any answer
        self.assertIn("No survey answer yet", str(meeting.report_summary))
        self.assertTrue(meeting.report_suggestions)
        self._add_seed_answers(self.meeting)
        html = render_html(self.env(user=self.user_coordinator), MONITORING, meeting)
        # the unedited drafts follow the answers: catering lowest, the seed's suggestions
        self.assertIn("o_report_summary", html)
        self.assertIn("Satisfaction 4.6 / 5 from 10 answers", html)
        self.assertIn("full equipment test", html)
        self.assertIn("10% margin", html)
        self.assertNotIn("No survey answer yet", html)
        # an edited text is the user's: kept as written, also at publication
        meeting.with_user(self.user_director).write({"report_summary": "<p>Good summit.</p>"})
        self.meeting.with_user(self.user_director).action_publish_report()
        self.assertIn("Good summit.", str(self.meeting.report_summary))
        self.assertIn("10% margin", str(self.meeting.report_suggestions))

    def test_header_and_footer_on_every_page(self):
        html = render_html(self.env(user=self.user_coordinator), MONITORING, self.meeting)
        self.assertIn("o_meeting_report_header", html)
        self.assertIn("o_meeting_report_footer", html)
        self.assertIn(self.meeting.company_id.name, html)
        self.assertIn("Execution Monitoring Report", html)
        # wkhtmltopdf fills the page number and count in the footer
        self.assertIn('class="page"', html)
        self.assertIn('class="topage"', html)
        self.assertIn('lang="en-US"', html)
        for heading in ("1. Basic Information", "5. Improvement Suggestions", "Summary"):
            self.assertIn(heading, html)

    def test_chart_legend_and_labels_do_not_overlap(self):
        svg = str(
            svg_bar_chart(
                ["经销商案例分享与订货洽谈签约环节" * 2],
                [("计划（分钟）", "#4e79a7", [30]), ("实际（分钟）", "#f28e2b", [None])],
            )
        )
        # the category label is cut to its 170 px column
        label = re.search(r'text-anchor="end">([^<]*)<', svg).group(1)
        self.assertTrue(label.endswith("…"))
        self.assertLessEqual(text_width(label), 160)
        # the second legend item starts after the first one's text (CJK is a full em wide)
        starts = [int(x) for x in re.findall(r'<rect x="(\d+)" y="4" width="10"', svg)]
        self.assertGreaterEqual(starts[1] - starts[0], 14 + text_width("计划（分钟）"))
        # a missing value draws no bar and reads "—"
        self.assertIn(">—<", svg)

    def test_demo_summit_has_summary_and_suggestions(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit", raise_if_not_found=False)
        if not summit:
            self.skipTest("demo data not installed")
        report = self.env["report.meeting_management.report_meeting_monitoring"]
        texts = report._get_texts(summit)
        self.assertIn("full equipment test", str(texts["report_suggestions"]))
        self.assertIn("10%", str(texts["report_suggestions"]))
        self.assertIn("4.6 / 5", str(texts["report_summary"]))
        self.assertNotIn("0% of the target", str(texts["report_suggestions"]))


@tagged("post_install", "-at_install")
class TestReportNotices(HttpCase, MeetingRpcMixin, MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=3, checked_in=3)
        cls.walk_in = cls.env["meeting.attendee"].create(
            {"meeting_id": cls.meeting.id, "name": "Walk-in Without Mail", "phone": "13900001234"}
        )

    def test_finish_warns_and_offers_the_qr_link_sheet(self):
        action = self.meeting.with_user(self.user_coordinator).action_finish()
        self.assertEqual(action["tag"], "display_notification")
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("no e-mail address", action["params"]["message"])
        sheet_url = action["params"]["links"][0]["url"]
        self.assertIn("report_survey_link_sheet", sheet_url)
        # the sheet, as the coordinator prints it: the attendee's name and personal link
        meeting = self.meeting.with_user(self.user_coordinator)
        self.assertEqual(meeting.action_print_survey_links()["report_name"], LINK_SHEET_NAME)
        html = render_html(self.env(user=self.user_coordinator), LINK_SHEET, meeting)
        self.assertIn("Walk-in Without Mail", html)
        token = self.walk_in.sudo().feedback_token
        self.assertTrue(token)
        self.assertIn(f"/meeting/feedback/{token}", html)
        self.assertEqual(self.env["meeting.attendee"]._get_by_feedback_token(token), self.walk_in)
        self.assertNotIn("Guest 000", html)  # they received their link by e-mail
        # the route answers that token
        response = self.url_open(f"/meeting/feedback/{token}")
        self.assertEqual(response.status_code, 200)
        # personal links: not for an employee who does not run the review (ORM and RPC)
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_employee).action_print_survey_links()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.user_employee)._render_qweb_html(
                LINK_SHEET, self.meeting.ids
            )
        with self.assertRaises(RpcError) as error:
            self.rpc(
                "t_employee", "meeting.meeting", "action_print_survey_links", [self.meeting.ids]
            )
        self.assertEqual(error.exception.name, "odoo.exceptions.AccessError")
        result = self.rpc(
            "t_coordinator", "meeting.meeting", "action_print_survey_links", [self.meeting.ids]
        )
        self.assertEqual(result["report_name"], LINK_SHEET_NAME)

    def test_publishing_to_nobody_warns_before_and_when_publishing(self):
        self.company.write(
            {
                "meeting_report_user_ids": [(5, 0, 0)],
                "meeting_report_group_ids": [(5, 0, 0)],
                "meeting_report_notify_departments": False,
            }
        )
        self.user_director.partner_id.email = False
        self.meeting.with_user(self.user_coordinator).action_finish()
        meeting = self.meeting.with_user(self.user_director)
        # before: the review tab says so
        self.assertFalse(meeting.report_has_recipients)
        result = self.rpc(
            "t_director", "meeting.meeting", "read", [meeting.ids, ["report_has_recipients"]]
        )
        self.assertFalse(result[0]["report_has_recipients"])
        # when: the publication says so, over RPC as the initiator clicks it
        with freeze_time(datetime(2024, 3, 21, 2, 0)):
            action = self.rpc(
                "t_director", "meeting.meeting", "action_publish_report", [meeting.ids]
            )
        self.assertEqual(action["params"]["type"], "warning")
        self.assertIn("nobody received it by e-mail", action["params"]["message"])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "closed")
        notes = " ".join(meeting.sudo().message_ids.mapped(lambda m: str(m.body)))
        self.assertNotIn("sent to -", notes)

    def test_recipients_known_no_warning(self):
        self.meeting.with_user(self.user_coordinator).action_finish()
        self.assertTrue(self.meeting.with_user(self.user_director).report_has_recipients)
        with freeze_time(datetime(2024, 3, 21, 2, 0)):
            result = self.meeting.with_user(self.user_director).action_publish_report()
        self.assertIs(result, True)
