import base64
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.bus.models.bus import BusBus

from .common_onsite import OnsiteCommon


@tagged("post_install", "-at_install")
class TestIncident(OnsiteCommon):
    def _report(self, itype=None, user=None, urgency="medium", name="Projector down"):
        return (
            self.env["meeting.incident"]
            .with_user(user or self.user_coordinator)
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "type_id": (itype or self.type_device).id,
                    "name": name,
                    "urgency": urgency,
                    "impact": "Nobody sees the slides",
                }
            )
            .sudo(False)
        )

    def _attach(self, incident, user):
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create(
                {
                    "name": "photo.png",
                    "datas": base64.b64encode(b"fake image"),
                    "res_model": "meeting.incident",
                    "res_id": incident.id,
                }
            )
        )

    # ------------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------------
    @freeze_time("2024-03-20 06:30:00")
    def test_routing_to_type_user(self):
        incident = self._report(user=self.user_employee)
        self.assertRecordValues(
            incident.sudo(),
            [
                {
                    "state": "reported",
                    "handler_id": self.user_handler.id,
                    "reporter_id": self.user_employee.id,
                    "date_reported": datetime(2024, 3, 20, 6, 30),
                    "sla_deadline": datetime(2024, 3, 20, 6, 45),
                }
            ],
        )
        activity = incident.sudo().activity_ids
        self.assertEqual(activity.user_id, self.user_handler)
        self.assertEqual(
            activity.activity_type_id,
            self.env.ref("meeting_management.mail_activity_incident_respond"),
        )
        self.assertIn(self.user_handler.partner_id, incident.sudo().message_partner_ids)
        self.assertIn(self.user_coordinator.partner_id, incident.sudo().message_partner_ids)

    def test_routing_to_group_least_loaded_member(self):
        first = self._report(itype=self.type_catering, name="No vegetarian meals", urgency="high")
        second = self._report(itype=self.type_catering, name="Coffee missing")
        self.assertEqual(first.handler_id, self.user_caterer)
        self.assertEqual(second.handler_id, self.user_caterer2)
        self.assertEqual(first.handler_group_id, self.catering_group)
        # the high urgency uses the type's 5 minutes
        self.assertEqual((first.sla_deadline - first.date_reported).total_seconds(), 300)
        # every member of the group may handle it
        self.assertTrue(second.with_user(self.user_caterer).can_respond)
        second.with_user(self.user_caterer).action_respond()
        self.assertEqual(second.state, "in_progress")

    def test_reporter_cannot_choose_handler_or_state(self):
        incident = (
            self.env["meeting.incident"]
            .with_user(self.user_employee)
            .create(
                {
                    "meeting_id": self.meeting.id,
                    "type_id": self.type_device.id,
                    "name": "Mic broken",
                    "handler_id": self.user_employee.id,
                    "state": "closed",
                }
            )
        )
        self.assertEqual(incident.sudo().handler_id, self.user_handler)
        self.assertEqual(incident.sudo().state, "reported")
        with self.assertRaisesRegex(UserError, "buttons"):
            incident.write({"state": "closed"})

    # ------------------------------------------------------------------
    # State rules
    # ------------------------------------------------------------------
    def test_workflow(self):
        with freeze_time("2024-03-20 06:30:00"):
            incident = self._report()
        with freeze_time("2024-03-20 06:33:00"):
            with self.assertRaisesRegex(UserError, "Only the handler"):
                incident.with_user(self.user_coordinator).action_respond()
            incident.with_user(self.user_handler).action_respond()
        self.assertRecordValues(
            incident,
            [
                {
                    "state": "in_progress",
                    "date_responded": datetime(2024, 3, 20, 6, 33),
                    "responded_in_sla": True,
                    "response_minutes": 3.0,
                }
            ],
        )
        self.assertFalse(incident.activity_ids)
        as_handler = incident.with_user(self.user_handler)
        with self.assertRaisesRegex(UserError, "Describe the resolution"):
            as_handler.action_resolve()
        as_handler.write({"cause": "Loose connector", "resolution": "Cable replaced"})
        with self.assertRaisesRegex(UserError, "evidence"):
            as_handler.action_resolve()
        self._attach(incident, self.user_handler)
        with freeze_time("2024-03-20 06:45:00"):
            as_handler.action_resolve()
        self.assertRecordValues(
            incident,
            [
                {
                    "state": "resolved",
                    "date_resolved": datetime(2024, 3, 20, 6, 45),
                    "resolution_minutes": 15.0,
                }
            ],
        )
        # the executor follows it to closure; the handler cannot close
        self.assertEqual(incident.activity_ids.user_id, self.user_coordinator)
        with self.assertRaisesRegex(UserError, "Only the executor"):
            as_handler.action_close()
        incident.with_user(self.user_coordinator).action_close()
        self.assertEqual(incident.state, "closed")
        self.assertFalse(incident.activity_ids)
        with self.assertRaisesRegex(UserError, "cannot be"):
            incident.with_user(self.user_meeting_admin).action_respond()

    def test_external_support_then_close(self):
        incident = self._report()
        incident.with_user(self.user_handler).action_need_external()
        self.assertEqual(incident.state, "external")
        self.assertTrue(incident.date_responded)
        incident.with_user(self.user_coordinator).action_close()
        self.assertEqual(incident.state, "closed")

    # ------------------------------------------------------------------
    # SLA
    # ------------------------------------------------------------------
    def _sla_digests(self, incident):
        """The escalation digests (one per person) whose list starts with ``incident``."""
        return self.env["mail.message"].search(
            [
                ("model", "=", "meeting.incident"),
                ("res_id", "=", incident.id),
                ("message_type", "=", "user_notification"),
                # not the activity assignments, also user notifications
                ("body", "ilike", "/odoo/meeting.incident/"),
            ]
        )

    def test_sla_escalation_once_per_breach(self):
        with freeze_time("2024-03-20 06:30:00"):
            late = self._report(name="Projector down")
            on_time = self._report(name="Mic crackles")
        Incident = self.env["meeting.incident"]
        with freeze_time("2024-03-20 06:40:00"):
            on_time.with_user(self.user_handler).action_respond()
            self.assertEqual(Incident._cron_escalate_sla(), 0)
        with freeze_time("2024-03-20 06:46:00"):
            self.assertEqual(Incident._cron_escalate_sla(batch_size=1), 1)
        self.assertEqual(late.sla_escalated_at, datetime(2024, 3, 20, 6, 46))
        self.assertFalse(on_time.sla_escalated_at)
        # a note in the incident's chatter, a line in its timeline naming who was told
        notes = late.message_ids.filtered(lambda m: "has not been" in (m.body or ""))
        self.assertEqual(len(notes), 1)
        self.assertEqual(len(late.event_ids.filtered(lambda e: e.kind == "escalated")), 1)
        # the handler's manager (HR parent) and the executor are notified, one digest each
        digests = self._sla_digests(late)
        self.assertEqual(
            digests.partner_ids,
            self.user_it_head.partner_id | self.user_coordinator.partner_id,
        )
        self.assertEqual(len(digests), 2)
        self.assertIn("Response overdue: Projector down", digests.mapped("subject"))
        self.assertTrue(late.is_sla_breached)
        self.assertIn(late, Incident.search([("is_sla_breached", "=", True)]))
        self.assertNotIn(on_time, Incident.search([("is_sla_breached", "=", True)]))
        with freeze_time("2024-03-20 07:00:00"):
            self.assertEqual(Incident._cron_escalate_sla(), 0)
            late.with_user(self.user_handler).action_respond()
        self.assertEqual(len(self._sla_digests(late)), 2)
        self.assertEqual(len(late.event_ids.filtered(lambda e: e.kind == "escalated")), 1)
        self.assertRecordValues(
            late | on_time, [{"responded_in_sla": False}, {"responded_in_sla": True}]
        )

    def test_response_rate(self):
        self.assertEqual(self.meeting.kpi_incident_timeliness, 0.0)
        with freeze_time("2024-03-20 06:30:00"):
            first = self._report(name="A")
            second = self._report(name="B")
            third = self._report(name="C")
        with freeze_time("2024-03-20 06:35:00"):
            (first | second).with_user(self.user_handler).action_respond()
        with freeze_time("2024-03-20 07:00:00"):
            third.with_user(self.user_handler).action_respond()
        self.assertAlmostEqual(self.meeting.kpi_incident_timeliness, 200 / 3, places=1)
        stored = self.env["meeting.meeting"].search_read(
            [("id", "=", self.meeting.id)], ["kpi_incident_timeliness"]
        )
        self.assertAlmostEqual(stored[0]["kpi_incident_timeliness"], 200 / 3, places=1)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_access(self):
        mine = self._report(name="Projector down")
        other = self._report(itype=self.type_catering, name="Vegetarian meals")
        Incident = self.env["meeting.incident"]
        domain = [("meeting_id", "=", self.meeting.id)]
        # the handler sees and updates what is routed to them, not the catering incident
        self.assertEqual(Incident.with_user(self.user_handler).search(domain), mine)
        mine.with_user(self.user_handler).write({"cause": "Loose connector"})
        with self.assertRaises(AccessError):
            other.with_user(self.user_handler).read(["name"])
        # a member of the routed group sees it, even when assigned to a colleague
        self.assertEqual(Incident.with_user(self.user_caterer2).search(domain), other)
        # an attendee who is a plain employee sees nothing
        self.assertFalse(Incident.with_user(self.user_employee).search(domain))
        with self.assertRaises(AccessError):
            mine.with_user(self.user_employee).read(["name"])
        # ... but may report, and then follows their own report
        own = self._report(user=self.user_employee, name="Complaint about seats")
        self.assertEqual(Incident.with_user(self.user_employee).search(domain), own)
        # the executor and the administrators see all of them
        self.assertEqual(len(Incident.with_user(self.user_coordinator).search(domain)), 3)
        self.assertEqual(len(Incident.with_user(self.user_meeting_admin).search(domain)), 3)

    # ------------------------------------------------------------------
    # On-site view
    # ------------------------------------------------------------------
    def test_onsite_data_and_bus(self):
        self.att_external.write({"is_checked_in": True})
        self.att_no_mail.write({"invitation_state": "declined"})
        sent = []
        original = BusBus._sendone

        def spy(bus, target, notification_type, message):
            sent.append((target, notification_type, message))
            return original(bus, target, notification_type, message)

        with patch.object(BusBus, "_sendone", spy):
            self.meeting.with_user(self.user_coordinator).action_start()
            with freeze_time("2024-03-20 01:20:00"):
                self.item_checkin.with_user(self.user_coordinator).action_start_item()
                incident_id = self.meeting.with_user(self.user_coordinator).report_onsite_incident(
                    {
                        "type_id": self.type_device.id,
                        "name": "Badge printer jammed",
                        "urgency": "high",
                        "photo": {
                            "name": "jam.jpg",
                            "data": base64.b64encode(b"jpeg").decode(),
                            "mimetype": "image/jpeg",
                        },
                    }
                )
            self.att_employee.write({"is_checked_in": True})
        kinds = {message["kind"] for _t, ntype, message in sent if "onsite" in ntype}
        self.assertEqual(kinds, {"meeting", "agenda", "incident", "checkin"})
        self.assertTrue(
            all(
                target == (self.meeting, "onsite")
                for target, ntype, _m in sent
                if "onsite" in ntype
            )
        )
        incident = self.env["meeting.incident"].browse(incident_id)
        self.assertEqual(incident.reporter_id, self.user_coordinator)
        self.assertEqual(incident.evidence_ids.name, "jam.jpg")
        with freeze_time("2024-03-20 01:50:00"):
            data = self.meeting.with_user(self.user_coordinator).get_onsite_data()
        self.assertEqual(data["checkin"], {"expected": 2, "checked_in": 2, "missing": 0})
        self.assertEqual(data["current"]["name"], "Check-in")
        self.assertEqual(data["next"]["name"], "Opening Speech")
        self.assertEqual(data["deviation"], 20)
        self.assertEqual([i["name"] for i in data["incidents"]], ["Badge printer jammed"])
        with self.assertRaisesRegex(UserError, "Describe the incident"):
            self.meeting.with_user(self.user_coordinator).report_onsite_incident(
                {"type_id": self.type_device.id, "name": " "}
            )

    def test_bus_channel_subscription_checks_access(self):
        websocket = self.env["ir.websocket"]
        requested = [
            "broadcast",
            f"meeting_management.onsite_{self.meeting.id}",
            "meeting_management.onsite_999999",
        ]
        channels = websocket.with_user(self.user_coordinator)._meeting_onsite_channels(requested)
        self.assertEqual(channels, ["broadcast", (self.meeting, "onsite")])
        # a user without access to the meeting gets no channel
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign = self.meeting.copy({"company_id": other_company.id, "name": "Foreign"})
        channels = websocket.with_user(self.user_coordinator)._meeting_onsite_channels(
            [f"meeting_management.onsite_{foreign.id}"]
        )
        self.assertEqual(channels, [])
