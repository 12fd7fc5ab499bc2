"""One definition per figure: after a realistic day, every place that shows a figure agrees.

Attendance, lateness, the preparation on-time rate and incident response timeliness are each
computed once (``meeting._get_attendance_counts``, ``meeting.task._get_late_minutes`` /
``meeting._get_preparation_counts``, the incidents' ``responded_in_sla``) and read by the
on-site view, the kiosk counters, the task board, the KPIs, the reports, their workbooks and
the management summary.
"""

import io
from datetime import timedelta

from openpyxl import load_workbook

from odoo import fields
from odoo.tests import tagged

from .common_review import MeetingReviewCommon, dt


@tagged("post_install", "-at_install")
class TestFiguresAgree(MeetingReviewCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.meeting = cls._create_seed_meeting(attendees=20, checked_in=17)
        cls.meeting.with_user(cls.user_coordinator).action_finish()
        cls._add_seed_answers(cls.meeting)

    def _kpi_row(self, key):
        return next(r for r in self.meeting._get_kpi_rows() if r["key"] == key)

    def test_every_place_shows_the_same_figures(self):
        meeting = self.meeting.with_user(self.user_coordinator)
        counts = meeting._get_attendance_counts()[meeting.id]
        preparation = meeting._get_preparation_counts()[meeting.id]
        monitoring = self.env["report.meeting_management.report_meeting_monitoring"].with_user(
            self.user_coordinator
        )
        data = monitoring._get_report_data(meeting)
        workbook = load_workbook(io.BytesIO(monitoring._get_workbook(meeting)), data_only=True)
        basic_sheet = workbook["Basic Information"]
        basic_cells = {
            basic_sheet.cell(row, 1).value: basic_sheet.cell(row, 2).value
            for row in range(3, basic_sheet.max_row + 1)
        }
        tracking = (
            self.env["report.meeting_management.report_meeting_task_tracking"]
            .with_user(self.user_coordinator)
            ._get_report_data(meeting)
        )

        # attendance: the one count, the on-site view, the kiosk counters, the KPI, the
        # report, its workbook and its KPI row
        self.assertEqual((counts["expected"], counts["checked_in"]), (20, 17))
        onsite = meeting.get_onsite_data()["checkin"]
        kiosk = self.env["meeting.attendee"].with_user(self.user_coordinator)
        kiosk_counters = kiosk.get_checkin_counters(meeting.id)
        for where, expected, checked_in in (
            ("on-site view", onsite["expected"], onsite["checked_in"]),
            ("kiosk", kiosk_counters["expected"], kiosk_counters["checked_in"]),
            ("meeting", meeting.attendee_count, meeting.attendee_checked_in_count),
            ("KPI", meeting.kpi_attendance_expected, meeting.kpi_attendance_checked_in),
            ("report", data["basic"]["expected"], data["basic"]["checked_in"]),
            ("workbook", basic_cells["Expected attendees"], basic_cells["Checked in"]),
        ):
            with self.subTest(figure="attendance", where=where):
                self.assertEqual((expected, checked_in), (20, 17))
        self.assertAlmostEqual(self._kpi_row("attendance")["value"], 85.0)
        self.assertAlmostEqual(meeting.kpi_attendance_rate, 85.0)

        # lateness and the on-time rate: the board, the KPIs, the tracking table, the
        # monitoring report's task lines
        late_tasks = meeting.task_ids.filtered(lambda t: t._get_late_minutes() > 0)
        self.assertEqual(preparation["late"], len(late_tasks))
        self.assertTrue(late_tasks, "the seed has a late task")
        for where, value in (
            ("board", meeting.task_late_count),
            ("KPI", meeting.kpi_task_late_count),
            ("tracking table", sum(1 for line in tracking["lines"] if line["late"])),
            ("monitoring report", sum(1 for t in data["tasks"] if t["late_minutes"] > 0)),
        ):
            with self.subTest(figure="late tasks", where=where):
                self.assertEqual(value, preparation["late"])
        for where, value in (
            ("board", meeting.task_ontime_rate),
            ("KPI", meeting.kpi_preparation_ontime),
            ("KPI row", self._kpi_row("preparation_ontime")["value"]),
        ):
            with self.subTest(figure="on-time rate", where=where):
                self.assertAlmostEqual(value, preparation["ontime_rate"], places=1)
        self.assertEqual(tracking["ontime_rate"], round(preparation["ontime_rate"]))

        # incident response timeliness: the KPI, its row and the report's incident lines
        incidents = data["incidents"]
        timely = sum(1 for line in incidents if line["timely"])
        self.assertEqual(meeting.kpi_incident_count, len(incidents))
        self.assertAlmostEqual(
            meeting.kpi_incident_timeliness, timely / len(incidents) * 100.0, places=1
        )
        self.assertAlmostEqual(
            self._kpi_row("incident_timeliness")["value"], meeting.kpi_incident_timeliness
        )

        # agenda deviation: the items' own deviations (the agenda tab), the KPI and its row,
        # the monitoring report's rows and its workbook; the seed's last session ran 15
        # minutes late, the others on time
        items = meeting.agenda_item_ids.sorted(lambda i: (i.date_start, i.sequence, i.id))
        self.assertEqual(items.mapped("end_deviation"), [0, 0, 0, 0, 15])
        self.assertEqual(
            [row["deviation_minutes"] for row in data["agenda"]], items.mapped("end_deviation")
        )
        self.assertEqual(
            [row["start_deviation_minutes"] for row in data["agenda"]],
            items.mapped("start_deviation"),
        )
        agenda_sheet = list(workbook["Agenda"].iter_rows(2, values_only=True))
        self.assertEqual([row[7] for row in agenda_sheet], items.mapped("end_deviation"))
        self.assertEqual([row[6] for row in agenda_sheet], items.mapped("start_deviation"))
        gaps = items.mapped("start_deviation") + items.mapped("end_deviation")
        largest = max(abs(gap) for gap in gaps)
        for where, value in (
            ("KPI", meeting.kpi_agenda_deviation),
            ("KPI row", self._kpi_row("agenda_deviation")["value"]),
            ("report", data["agenda_deviation"]),
        ):
            with self.subTest(figure="agenda deviation", where=where):
                self.assertEqual(value, largest)
        self.assertEqual(largest, 15)

        # the management summary shows the same KPI rows
        summary = (
            self.env["meeting.meeting"]
            .sudo()
            ._get_management_summary(
                self.company,
                fields.Datetime.to_datetime(dt("2024-03-19 00:00")),
                fields.Datetime.to_datetime(dt("2024-03-19 00:00")) + timedelta(days=7),
            )
        )
        held = next(h for h in summary["held"] if h["name"] == meeting.display_name)
        self.assertEqual(
            {row["key"]: row["value"] for row in held["kpis"]},
            {row["key"]: row["value"] for row in meeting._get_kpi_rows()},
        )
