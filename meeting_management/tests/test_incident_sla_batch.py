"""The incident SLA escalation cron at scale (issue #18): a batch of late incidents is
escalated in bulk, each person is told once per batch with the list of their incidents, in
their language, and the queries of a batch do not grow with the number of incidents."""

from datetime import datetime

from freezegun import freeze_time

from odoo import sql_db
from odoo.tests import tagged

from .common_onsite import OnsiteCommon
from .test_incident_plan import PlanCommon

REPORTED = "2024-03-20 06:30:00"
LATE = "2024-03-20 07:30:00"  # past the device type's 15-minute response time


class IncidentBatchMixin:
    """Incidents reported in numbers by the coordinator, and the digests sent about them."""

    def _report_many(self, count, prefix="Incident", **values):
        with freeze_time(REPORTED):
            return (
                self.env["meeting.incident"]
                .with_user(self.user_coordinator)
                .create(
                    [
                        {
                            "meeting_id": self.meeting.id,
                            "type_id": self.type_device.id,
                            "name": f"{prefix} {i}",
                            **values,
                        }
                        for i in range(count)
                    ]
                )
                .sudo()
            )

    def _digests(self, partner, after_id=0):
        """The digests (user notifications linking incidents) ``partner`` got after
        ``after_id``."""
        return self.env["mail.message"].search(
            [
                ("message_type", "=", "user_notification"),
                ("model", "=", "meeting.incident"),
                ("partner_ids", "in", partner.ids),
                ("id", ">", after_id),
                # not the activity assignments, also user notifications
                ("body", "ilike", "/odoo/meeting.incident/"),
            ]
        )


@tagged("post_install", "-at_install")
class TestIncidentSlaBatch(IncidentBatchMixin, OnsiteCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the executor handles their inbox in Odoo, the handler's manager reads e-mail
        cls.user_coordinator.notification_type = "inbox"
        cls.user_it_head.notification_type = "email"

    def _report_many(self, count, prefix="Incident"):
        return super()._report_many(count, prefix, urgency="medium")

    def _last_message_id(self):
        return self.env["mail.message"].search([], order="id desc", limit=1).id

    def test_one_digest_per_person_per_batch(self):
        incidents = self._report_many(3)
        marker = self._last_message_id()
        Incident = self.env["meeting.incident"]
        with freeze_time(LATE):
            self.assertEqual(Incident._cron_escalate_sla(), 3)
        self.assertEqual(set(incidents.mapped("sla_escalated_at")), {datetime(2024, 3, 20, 7, 30)})
        for user in (self.user_coordinator, self.user_it_head):
            digest = self._digests(user.partner_id, marker)
            self.assertEqual(len(digest), 1, f"one digest for {user.name}")
            self.assertEqual(digest.partner_ids, user.partner_id)
            self.assertEqual(digest.subject, "Response time exceeded (3)")
            for incident in incidents:
                self.assertIn(incident.name, digest.body)
                self.assertIn(f"/odoo/meeting.incident/{incident.id}", digest.body)
            self.assertIn("has not been", digest.body)
        # delivered as each chose: in the executor's inbox, by e-mail to the manager
        inbox = self._digests(self.user_coordinator.partner_id, marker).notification_ids
        self.assertRecordValues(
            inbox,
            [{"res_partner_id": self.user_coordinator.partner_id.id, "notification_type": "inbox"}],
        )
        self.assertFalse(inbox.is_read)
        by_mail = self._digests(self.user_it_head.partner_id, marker)
        self.assertRecordValues(
            by_mail.notification_ids,
            [{"res_partner_id": self.user_it_head.partner_id.id, "notification_type": "email"}],
        )
        mail = self.env["mail.mail"].search([("mail_message_id", "=", by_mail.id)])
        self.assertEqual(mail.recipient_ids, self.user_it_head.partner_id)
        self.assertIn("Incident 2", str(mail.body_html))
        self.assertEqual(mail.notification_ids, by_mail.notification_ids)
        # the digests are notifications, not chatter messages of the incidents
        for incident in incidents:
            self.assertFalse(
                incident.message_ids.filtered(lambda m: m.message_type == "user_notification")
            )
            # each incident's history says it was escalated, once, and to whom
            notes = incident.message_ids.filtered(lambda m: "has not been" in (m.body or ""))
            self.assertEqual(len(notes), 1)
            self.assertIn(incident.name, notes.body)
            escalated = incident.event_ids.filtered(lambda e: e.kind == "escalated")
            self.assertEqual(len(escalated), 1)
            self.assertIn(self.user_it_head.name, escalated.name)
            self.assertIn(self.user_coordinator.name, escalated.name)
        # idempotent: a second run (or a second server) tells nobody again
        marker = self._last_message_id()
        with freeze_time("2024-03-20 08:00:00"):
            self.assertEqual(Incident._cron_escalate_sla(), 0)
        self.assertEqual(self._last_message_id(), marker)
        self.assertEqual(
            len(incidents.event_ids.filtered(lambda e: e.kind == "escalated")), len(incidents)
        )

    def test_one_incident_digest_keeps_the_template_subject(self):
        incident = self._report_many(1, prefix="Projector")
        with freeze_time(LATE):
            self.env["meeting.incident"]._cron_escalate_sla()
        digest = self._digests(self.user_coordinator.partner_id)
        self.assertEqual(digest.subject, "Response overdue: Projector 0")
        self.assertEqual(digest.res_id, incident.id)

    def test_batches_split_the_digests(self):
        self._report_many(3)
        Incident = self.env["meeting.incident"]
        with freeze_time(LATE):
            self.assertEqual(Incident._cron_escalate_sla(batch_size=2), 3)
        # two batches: two digests each, one listing 2 incidents, the other 1
        digests = self._digests(self.user_coordinator.partner_id)
        self.assertEqual(
            sorted(digests.mapped("subject")),
            ["Response overdue: Incident 2", "Response time exceeded (2)"],
        )

    def test_batch_queries_do_not_grow_with_incidents(self):
        Incident = self.env["meeting.incident"]
        queries = {}
        for count in (1, 5, 50):  # 1: warm-up of the registry and template caches
            self._report_many(count, prefix=f"Batch {count}")
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(LATE):
                before = sql_db.sql_counter
                self.assertEqual(Incident._cron_escalate_sla(), count)
                self.env.flush_all()
                queries[count] = sql_db.sql_counter - before
        self.assertEqual(queries[5], queries[50], f"queries per batch: {queries}")

    def test_breach_text_compiled_once_is_odoo_rendering(self):
        incidents = self._report_many(3, prefix="A <b>bold</b> & name")
        template = self.env.ref(
            "meeting_management.mail_template_incident_sla_breach"
        ).with_context(lang="en_US", tz="Asia/Shanghai")
        subjects, bodies = incidents._render_sla_breach(template)
        self.assertEqual(subjects, template._render_field("subject", incidents.ids))
        expected = template._render_field("body_html", incidents.ids)
        self.assertEqual(set(bodies), set(incidents.ids))
        for incident in incidents:
            self.assertEqual(str(bodies[incident.id]).strip(), str(expected[incident.id]).strip())
            self.assertIn("A &lt;b&gt;bold&lt;/b&gt; &amp; name", bodies[incident.id])

    def test_digest_in_each_recipient_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["meeting_management"], ["zh_CN"], overwrite=True
        )
        self.user_coordinator.lang = "zh_CN"
        self.user_it_head.lang = "en_US"
        incidents = self._report_many(2, prefix="投影仪故障")
        with freeze_time(LATE):
            self.env["meeting.incident"]._cron_escalate_sla()
        chinese = self._digests(self.user_coordinator.partner_id)
        self.assertEqual(chinese.subject, "超出响应时限 (2)")
        self.assertIn("请确保立即有人响应", chinese.body)
        self.assertNotIn("Please make sure", chinese.body)
        english = self._digests(self.user_it_head.partner_id)
        self.assertEqual(english.subject, "Response time exceeded (2)")
        self.assertIn("Please make sure someone responds at once", english.body)
        # the incident's note and timeline are in the language of its first recipient
        # (the handler's manager, here English), the same for the whole batch
        self.assertTrue(
            incidents.event_ids.filtered(lambda e: e.kind == "escalated")[:1].name.startswith(
                "Response time exceeded"
            )
        )


@tagged("post_install", "-at_install")
class TestIncidentPathBatch(IncidentBatchMixin, PlanCommon):
    """The escalation path of the incident types (emergency plans) walked by its cron in
    bulk: device incidents go to the executor after 10 min, to the venue's engineer (an
    external contact) after 30 min."""

    def test_path_one_digest_per_person_per_batch(self):
        self.user_coordinator.notification_type = "inbox"
        incidents = self._report_many(3)
        Incident = self.env["meeting.incident"]
        with freeze_time("2024-03-20 07:01:00"):
            self.assertEqual(Incident._cron_escalate_plan(), 3)
        self.assertEqual(set(incidents.mapped("escalation_level")), {2})
        executor = self._digests(self.user_coordinator.partner_id)
        engineer = self._digests(self.engineer)
        self.assertEqual((len(executor), len(engineer)), (1, 1))
        for digest in executor | engineer:
            self.assertEqual(digest.subject, "Incident 0, Incident 1, Incident 2")
            self.assertEqual(digest.body.count("needs you"), 3)
        self.assertEqual(executor.notification_ids.notification_type, "inbox")
        # the venue's engineer has no user: by e-mail
        self.assertEqual(engineer.notification_ids.notification_type, "email")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", engineer.id)])
        self.assertEqual(mail.recipient_ids, self.engineer)
        for incident in incidents:
            lines = self._escalation_messages(incident)
            self.assertEqual(len(lines), 2)
            self.assertEqual(lines.partner_ids, self.user_coordinator.partner_id | self.engineer)
            self.assertEqual(
                incident.event_ids.filtered(lambda e: e.kind == "escalated").mapped("name"),
                [self.user_coordinator.partner_id.name, "Venue Engineer"],
            )
        # told once: a second run, later, tells nobody again
        with freeze_time("2024-03-20 08:00:00"):
            self.assertEqual(Incident._cron_escalate_plan(), 0)
        self.assertEqual(len(self._digests(self.engineer)), 1)

    def test_path_batch_queries_do_not_grow_with_incidents(self):
        Incident = self.env["meeting.incident"]
        queries = {}
        for count in (1, 5, 50):  # 1: warm-up of the registry caches
            self._report_many(count, prefix=f"Batch {count}")
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time("2024-03-20 07:01:00"):
                before = sql_db.sql_counter
                self.assertEqual(Incident._cron_escalate_plan(), count)
                self.env.flush_all()
                queries[count] = sql_db.sql_counter - before
        self.assertEqual(queries[5], queries[50], f"queries per batch: {queries}")

    def test_path_digest_in_each_recipient_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["meeting_management"], ["zh_CN"], overwrite=True
        )
        self.user_coordinator.lang = "zh_CN"
        self.engineer.lang = "en_US"
        self._report_many(2, prefix="投影仪故障")
        with freeze_time("2024-03-20 07:01:00"):
            self.env["meeting.incident"]._cron_escalate_plan()
        chinese = self._digests(self.user_coordinator.partner_id)
        self.assertEqual(chinese.body.count("异常升级"), 2)
        self.assertIn("10 分钟后仍未解决", chinese.body)
        self.assertNotIn("needs you", chinese.body)
        english = self._digests(self.engineer)
        self.assertEqual(english.body.count("needs you: not resolved after 30 min"), 2)
