"""One meeting from the application to the published report, on a fresh install.

Runs on a database installed WITHOUT demo data (``make test`` installs a second one for
the tests tagged ``meeting_nodemo``). The administrator configures only what the README's
"Configuration" section says, in its order; then every step is taken by the person the
standard names, with only the groups a company would give them, over the JSON-RPC calls
and public pages the browser uses. The 模板4 figures are checked in the report data, its
HTML rendering and its Excel workbook.
"""

import hashlib
import hmac
import io
import re
from datetime import timedelta

from openpyxl import load_workbook

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MeetingRpcMixin

ATTENDEES = 10
CHECKED_IN = 8


@tagged("-standard", "meeting_nodemo", "post_install", "-at_install")
class TestFreshInstallEndToEnd(MeetingRpcMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        # no demo data: nothing but what Odoo and the addon's data files create
        assert not env["meeting.meeting"].search_count([]), "expects a database without demo"
        cls.admin = env.ref("base.user_admin")

        def user(login, name, groups="base.group_user"):
            return mail_new_test_user(
                env,
                login=login,
                name=name,
                groups=groups,
                email=f"{login}@example.com",
                tz="Asia/Shanghai",
                lang="en_US",
            )

        # 1. Employees, departments and managers (the HR app)
        cls.u_gm = user("e2e_gm", "王建国")
        cls.u_director = user("e2e_director", "刘洋")
        cls.u_admin_head = user("e2e_admin_head", "陈静")
        cls.u_it_head = user("e2e_it_head", "赵磊")
        # 2. Meeting roles (Settings > Users > Meetings)
        cls.u_coordinator = user(
            "e2e_coordinator",
            "周婷",
            "base.group_user,meeting_management.group_meeting_coordinator",
        )
        cls.u_support = user(
            "e2e_support",
            "孙浩",
            "base.group_user,meeting_management.group_meeting_incident_handler",
        )
        cls.u_door = user(
            "e2e_door", "吴芳", "base.group_user,meeting_management.group_meeting_checkin"
        )
        cls.u_staff = user("e2e_staff", "何丽")
        Employee, Department = env["hr.employee"], env["hr.department"]
        emp_gm = Employee.create({"name": "王建国", "user_id": cls.u_gm.id, "job_title": "总经理"})
        dep_gm = Department.create({"name": "总经办", "manager_id": emp_gm.id})
        emp_gm.department_id = dep_gm

        def department(name, head_user, title):
            head = Employee.create(
                {
                    "name": head_user.name,
                    "user_id": head_user.id,
                    "parent_id": emp_gm.id,
                    "job_title": title,
                }
            )
            dep = Department.create({"name": name, "manager_id": head.id, "parent_id": dep_gm.id})
            head.department_id = dep
            return head, dep

        emp_director, dep_product = department("产品部", cls.u_director, "产品总监")
        emp_admin_head, cls.dep_admin = department("行政部", cls.u_admin_head, "行政经理")
        emp_it_head, cls.dep_it = department("IT部", cls.u_it_head, "IT经理")
        Employee.create(
            [
                {
                    "name": "周婷",
                    "user_id": cls.u_coordinator.id,
                    "parent_id": emp_director.id,
                    "department_id": dep_product.id,
                },
                {
                    "name": "孙浩",
                    "user_id": cls.u_support.id,
                    "parent_id": emp_it_head.id,
                    "department_id": cls.dep_it.id,
                },
                {
                    "name": "吴芳",
                    "user_id": cls.u_door.id,
                    "parent_id": emp_admin_head.id,
                    "department_id": cls.dep_admin.id,
                },
                {
                    "name": "何丽",
                    "user_id": cls.u_staff.id,
                    "parent_id": emp_director.id,
                    "department_id": dep_product.id,
                    "work_email": "e2e_staff@example.com",
                },
            ]
        )
        cls.emp_staff = cls.u_staff.employee_ids

    def test_meeting_from_application_to_published_report(self):
        # 3. The administrator: resource review departments, incident handlers, recipients
        ReviewDepartment = self.env["meeting.review.department"].with_user(self.admin)
        ReviewDepartment.create({"department_id": self.dep_admin.id, "sequence": 1})
        ReviewDepartment.create({"department_id": self.dep_it.id, "sequence": 2})
        device = self.env.ref("meeting_management.incident_type_device")
        device.with_user(self.admin).write({"handler_user_id": self.u_support.id})
        self.env.company.with_user(self.admin).meeting_report_user_ids = self.u_gm

        # The approval round: the director applies, Administration and IT pre-review, the
        # manager approves
        now = fields.Datetime.now().replace(microsecond=0)
        start = now + timedelta(minutes=30)
        client = self.env.ref("meeting_management.meeting_type_client")
        meeting_id = self.rpc(
            "e2e_director",
            "meeting.meeting",
            "create",
            [
                {
                    "name": "2026年经销商峰会",
                    "type_id": client.id,
                    "date_start": fields.Datetime.to_string(start),
                    "date_end": fields.Datetime.to_string(start + timedelta(hours=4)),
                    "venue": "国际会议中心",
                    "executor_id": self.u_coordinator.id,
                    "expected_external_count": ATTENDEES - 1,
                    "expected_internal_count": 1,
                    "budget_total": 10000,
                    "objective_ids": [
                        [0, 0, {"name": "新增意向经销商", "target_value": 50, "unit": "家"}]
                    ],
                    "budget_line_ids": [
                        [0, 0, {"category": "venue", "name": "场地", "amount_planned": 10000}]
                    ],
                }
            ],
        )
        meeting = self.env["meeting.meeting"].browse(meeting_id)
        # the meeting starts in 30 minutes: submitting offers the green channel, taken
        action = self.rpc("e2e_director", "meeting.meeting", "action_submit", [[meeting_id]])
        self.assertEqual(action["res_model"], "meeting.green.channel.wizard")
        wizard_id = self.rpc(
            "e2e_director",
            action["res_model"],
            "create",
            [{"meeting_id": meeting_id, "urgent_reason": "客户临时确认到访"}],
        )
        self.rpc("e2e_director", action["res_model"], "action_use_green_channel", [[wizard_id]])
        meeting.invalidate_recordset()
        self.assertRecordValues(meeting, [{"state": "resource_review", "is_urgent": True}])
        for login in ("e2e_admin_head", "e2e_it_head"):
            self.rpc(login, "meeting.meeting", "action_approve", [[meeting_id]])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "manager_approval")
        self.assertEqual(
            meeting.current_approval_ids.filtered(lambda a: a.step_type == "manager").reviewer_id,
            self.u_gm,
        )
        self.rpc("e2e_gm", "meeting.meeting", "action_approve", [[meeting_id]])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "approved")
        self.assertTrue(meeting.task_ids, "approval generates the execution plan")
        self.assertFalse(
            meeting.task_ids.filtered(lambda t: t.date_deadline and t.date_deadline < now),
            "no task is born overdue",
        )

        # Preparing the day: the coordinator invites, names the door staff and plans the agenda
        external = [
            {
                "meeting_id": meeting_id,
                "name": f"经销商{i}",
                "company_name": f"公司{i}",
                "phone": f"1380000{i:04d}",
                "email": f"dealer{i}@example.com",
            }
            for i in range(ATTENDEES - 1)
        ]
        self.rpc("e2e_coordinator", "meeting.attendee", "create", [external])
        self.rpc(
            "e2e_coordinator",
            "meeting.attendee",
            "create",
            [[{"meeting_id": meeting_id, "employee_id": self.emp_staff.id}]],
        )
        self.assertIn(self.u_staff.partner_id, meeting.calendar_event_id.partner_ids)
        self.rpc(
            "e2e_coordinator",
            "meeting.meeting",
            "write",
            [[meeting_id], {"checkin_staff_ids": [[4, self.u_door.id]]}],
        )
        item_ids = self.rpc(
            "e2e_coordinator",
            "meeting.agenda.item",
            "create",
            [
                [
                    {
                        "meeting_id": meeting_id,
                        "name": "开幕致辞",
                        "sequence": 1,
                        "date_start": fields.Datetime.to_string(start),
                        "date_end": fields.Datetime.to_string(start + timedelta(hours=1)),
                    },
                    {
                        "meeting_id": meeting_id,
                        "name": "新品发布",
                        "sequence": 2,
                        "date_start": fields.Datetime.to_string(start + timedelta(hours=1)),
                        "date_end": fields.Datetime.to_string(start + timedelta(hours=3)),
                    },
                ]
            ],
        )

        # the door: QR scans at the kiosk; its lane is prepared for offline check-in
        attendees = meeting.attendee_ids.sorted("id")
        self.assertEqual(len(attendees), ATTENDEES)
        lane = self.rpc("e2e_door", "meeting.attendee", "checkin_lane_prepare", [meeting_id, "A"])
        self.assertEqual(len(lane["attendees"]), ATTENDEES)
        for attendee in attendees[: CHECKED_IN - 1]:
            result = self.rpc(
                "e2e_door",
                "meeting.attendee",
                "checkin_scan",
                [meeting_id, attendee.sudo().access_token, "A"],
            )
            self.assertEqual(result["status"], "ok", result)
        again = self.rpc(
            "e2e_door",
            "meeting.attendee",
            "checkin_scan",
            [meeting_id, attendees[0].sudo().access_token, "B"],
        )
        self.assertEqual(again["status"], "already")
        # the network drops: the lane checks the last one in alone, then syncs (twice: once)
        offline = attendees[CHECKED_IN - 1]
        digest = {line["id"]: line["h"] for line in lane["attendees"]}[offline.id]
        self.assertEqual(
            digest,
            hmac.new(
                bytes.fromhex(lane["key"]), offline.sudo().access_token.encode(), hashlib.sha256
            ).hexdigest(),
        )
        scan = {
            "uid": "e2e-offline-scan-1",
            "scanned_at": fields.Datetime.to_string(fields.Datetime.now() - timedelta(minutes=1)),
            "kind": "scan",
            "attendee_id": offline.id,
            "h": digest,
        }
        for _attempt in range(2):
            synced = self.rpc(
                "e2e_door",
                "meeting.attendee",
                "checkin_lane_sync",
                [meeting_id, lane["lane_uid"], [scan]],
            )
            self.assertEqual(synced["results"][0]["status"], "ok", synced)
            self.assertEqual(synced["counters"]["checked_in"], CHECKED_IN)

        # the day: start, run the agenda, an incident routed by its type
        self.rpc("e2e_coordinator", "meeting.meeting", "action_start", [[meeting_id]])
        self.rpc("e2e_coordinator", "meeting.agenda.item", "action_start_item", [item_ids[:1]])
        self.rpc("e2e_coordinator", "meeting.agenda.item", "action_start_item", [item_ids[1:]])
        self.rpc("e2e_coordinator", "meeting.agenda.item", "action_finish_item", [item_ids[1:]])
        incident_id = self.rpc(
            "e2e_staff",
            "meeting.incident",
            "create",
            [
                {
                    "meeting_id": meeting_id,
                    "name": "投影仪无信号",
                    "type_id": device.id,
                    "urgency": "high",
                }
            ],
        )
        incident = self.env["meeting.incident"].browse(incident_id)
        self.assertEqual(incident.handler_id, self.u_support)
        self.rpc("e2e_support", "meeting.incident", "action_respond", [[incident_id]])
        self.rpc(
            "e2e_support",
            "meeting.incident",
            "write",
            [[incident_id], {"resolution": "更换HDMI线", "cause": "线缆松动"}],
        )
        self.rpc(
            "e2e_support",
            "ir.attachment",
            "create",
            [
                {
                    "name": "photo.png",
                    "datas": "iVBORw0KGgo=",
                    "res_model": "meeting.incident",
                    "res_id": incident_id,
                }
            ],
        )
        self.rpc("e2e_support", "meeting.incident", "action_resolve", [[incident_id]])
        self.rpc("e2e_coordinator", "meeting.incident", "action_close", [[incident_id]])
        self.rpc(
            "e2e_coordinator",
            "meeting.objective",
            "write",
            [meeting.objective_ids.ids, {"actual_value": 48}],
        )

        # The review: finish, two attendees answer the survey, the director publishes
        self.rpc("e2e_coordinator", "meeting.meeting", "action_finish", [[meeting_id]])
        self.authenticate(None, None)
        for attendee, score in ((attendees[0], "5"), (attendees[1], "4")):
            url = f"/meeting/feedback/{attendee.sudo().feedback_token}"
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            digits = attendee.sudo().phone[-4:]
            self.url_open(f"{url}/verify", data={"phone_digits": digits, "csrf_token": csrf})
            page = self.url_open(url)
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
            scores = {
                f"score_{k}": score for k in ("overall", "agenda", "venue", "catering", "service")
            }
            response = self.url_open(f"{url}/submit", data={**scores, "csrf_token": csrf})
            self.assertEqual(response.status_code, 200)
        self.assertEqual(len(meeting.feedback_ids), 2)
        self.rpc("e2e_director", "meeting.meeting", "action_publish_report", [[meeting_id]])
        meeting.invalidate_recordset()
        self.assertEqual(meeting.state, "closed")
        self.assertTrue(meeting.report_pdf_id and meeting.report_xlsx_id)

        # 模板4: the same figures in the data, the rendered report and the workbook
        data = self.env["report.meeting_management.report_meeting_monitoring"]._get_report_data(
            meeting
        )
        basic = data["basic"]
        self.assertEqual((basic["expected"], basic["checked_in"]), (ATTENDEES, CHECKED_IN))
        self.assertAlmostEqual(basic["attendance_rate"], CHECKED_IN * 100.0 / ATTENDEES)
        self.assertEqual(meeting.kpi_attendance_checked_in, CHECKED_IN)
        self.assertAlmostEqual(meeting.kpi_satisfaction, 4.5)
        self.assertAlmostEqual(meeting.kpi_agenda_completion, 100.0)
        self.assertEqual(meeting.objective_ids.attainment, 96.0)
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            "meeting_management.report_meeting_monitoring", meeting.ids
        )
        html = html.decode()
        self.assertIn(f'<span class="o_checked_in">{CHECKED_IN}</span>', html)
        self.assertIn("投影仪无信号", html)
        workbook = load_workbook(
            io.BytesIO(
                self.env["report.meeting_management.report_meeting_monitoring"]._get_workbook(
                    meeting
                )
            ),
            data_only=True,
        )
        sheet = workbook.worksheets[0]
        self.assertEqual(
            [sheet["B13"].value, sheet["B14"].value, sheet["B15"].value],
            [ATTENDEES, CHECKED_IN, CHECKED_IN / ATTENDEES],
        )
