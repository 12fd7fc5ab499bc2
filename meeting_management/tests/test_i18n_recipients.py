import re
from datetime import timedelta

from odoo.tests import freeze_time, tagged
from odoo.tools import html2plaintext

from .common import NOW, MeetingCommon

# Words a Chinese text may keep: abbreviations, the product names it mentions.
ALLOWED_WORDS = {
    "PDF",
    "Excel",
    "KPI",
    "KPIs",
    "VIP",
    "VVIP",
    "IT",
    "SLA",
    "PPT",
    "QR",
    "ID",
    "Odoo",
}


@tagged("post_install", "-at_install")
class TestTextsInRecipientLanguage(MeetingCommon):
    """What the scheduled jobs post, mail and schedule reaches a Chinese-speaking company in
    Chinese: escalations, task alerts, milestone warnings, incident SLA escalations, the
    weekly digest and the management summary, in the recipients' language."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(
            ["base", "mail", "meeting_management"], ["zh_CN"], overwrite=True
        )
        # The test database installs its demo data in English (no Chinese is loaded then):
        # the demo meetings' generated plans and approval steps are English data, not texts
        # of the code, and stay out of this test (rolled back with it).
        cls.env.cr.execute("DELETE FROM meeting_meeting")
        cls.env.invalidate_all()
        cls.company.name = "华东科技有限公司"
        names = {
            cls.env.ref("base.user_admin"): "系统管理员",
            cls.user_meeting_admin: "朱管理",
            cls.user_gm: "郑总",
            cls.user_director: "冯主任",
            cls.user_admin_head: "褚行政",
            cls.user_it_head: "卫技术",
            cls.user_coordinator: "蒋专员",
            cls.user_handler: "沈工",
            cls.user_checkin: "韩门岗",
            cls.user_employee: "杨员工",
        }
        for user, name in names.items():
            user.write({"name": name, "lang": "zh_CN"})
            user.employee_ids.name = name
        # Every user of the database reads Chinese (OdooBot and the demo users included).
        cls.env["res.users"].with_context(active_test=False).search([]).lang = "zh_CN"
        for department, name in (
            (cls.dep_gm, "总经办"),
            (cls.dep_product, "产品部"),
            (cls.dep_admin, "行政部"),
            (cls.dep_it, "IT 部"),
        ):
            department.name = name
        cls.env["meeting.review.department"].create(
            [
                {"department_id": cls.dep_admin.id, "scope": "场地、餐饮"},
                {"department_id": cls.dep_it.id, "scope": "设备"},
            ]
        )

    def _texts_since(self, message_id, activity_id, mail_id):
        """Plain texts of the messages, activities and e-mails created after the markers."""
        texts = []
        for message in self.env["mail.message"].search([("id", ">", message_id)]):
            texts += [message.subject or "", html2plaintext(message.body or "")]
            texts += message.tracking_value_ids.mapped("field_id.field_description")
        for activity in self.env["mail.activity"].search([("id", ">", activity_id)]):
            texts += [activity.summary or "", html2plaintext(activity.note or "")]
        for mail in self.env["mail.mail"].search([("id", ">", mail_id)]):
            texts += [mail.subject or "", html2plaintext(mail.body_html or "")]
        return [text for text in texts if text]

    def _english_in(self, texts):
        found = []
        for text in texts:
            # links, addresses and meeting references (MTG/2030/0001) are not words
            text = re.sub(r"https?://\S+|\S+@\S+|\b[A-Z]+/\d+/\d+\b", " ", text)
            words = [w for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w not in ALLOWED_WORDS]
            if words:
                at = text.index(words[0])
                found.append((" ".join(words[:8]), text[max(0, at - 60) : at + 100]))
        return found

    def _markers(self):
        return (
            self.env["mail.message"].search([], order="id desc", limit=1).id,
            self.env["mail.activity"].search([], order="id desc", limit=1).id,
            self.env["mail.mail"].search([], order="id desc", limit=1).id,
        )

    def assertChinese(self, markers, what):
        texts = self._texts_since(*markers)
        self.assertTrue(texts, f"{what}: nothing was posted")
        english = self._english_in(texts)
        self.assertFalse(english, f"{what}: English reached a Chinese recipient: {english[:5]}")

    def test_approval_escalation_in_chinese(self):
        with freeze_time(NOW):
            meeting = self._create_meeting(name="经销商峰会")
            meeting.action_submit()
        markers = self._markers()
        with freeze_time(NOW + timedelta(days=4)):
            self.assertTrue(self.env["meeting.approval"]._cron_escalate())
        self.assertChinese(markers, "approval escalation")

    def test_task_alerts_and_digest_in_chinese(self):
        with freeze_time(NOW):
            meeting = self._meeting_in_state("approved", name="经销商峰会")
        self.assertTrue(meeting.task_ids)
        markers = self._markers()
        Task = self.env["meeting.task"]
        for days in (9, 10, 11):
            with freeze_time(NOW + timedelta(days=days)):
                Task._cron_mark_delayed()
                Task._cron_send_alerts()
        with freeze_time(NOW + timedelta(days=11)):
            Task._cron_send_weekly_digest()
        self.assertChinese(markers, "task alerts, milestone warnings and the weekly digest")

    def test_incident_escalation_in_chinese(self):
        with freeze_time(NOW):
            meeting = self._meeting_in_state("approved", name="经销商峰会")
        with freeze_time(meeting.date_start + timedelta(minutes=5)):
            meeting.with_user(self.user_coordinator).action_start()
            incident_type = self.env["meeting.incident.type"].create(
                {"name": "设备故障测试", "handler_user_id": self.user_handler.id}
            )
            self.env["meeting.incident"].with_user(self.user_coordinator).create(
                {
                    "meeting_id": meeting.id,
                    "type_id": incident_type.id,
                    "name": "投影仪故障",
                    "urgency": "high",
                    "impact": "全场无法看到 PPT",
                }
            )
        markers = self._markers()
        with freeze_time(meeting.date_start + timedelta(hours=2)):
            self.assertTrue(self.env["meeting.incident"]._cron_escalate_sla())
        self.assertChinese(markers, "incident SLA escalation")

    def test_management_summary_in_chinese(self):
        self.company.meeting_report_user_ids = self.user_gm
        with freeze_time(NOW):
            self._meeting_in_state("approved", name="经销商峰会")
        markers = self._markers()
        with freeze_time(NOW + timedelta(days=1)):
            self.env["meeting.meeting"]._cron_send_management_summary()
        self.assertChinese(markers, "management summary")
