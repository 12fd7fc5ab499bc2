"""VIP reception plans (VIP接待): the plan from the level (itinerary legs, calendar events,
room check tasks), the confidentiality gate (保密协议) and the access log, per role, through
the ORM and over RPC."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged

from .common import MeetingRpcMixin, RpcError
from .common_checkin import CheckinCommon
from .test_vip_level import load_migration


class VipCommon(CheckinCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level = cls.env.ref("meeting_management.vip_level_dignitary")
        cls.att_vip.vip_level_id = cls.level
        cls.arrival = cls.meeting.date_start - timedelta(hours=20)

    def _plan_as_coordinator(self):
        action = self.att_vip.with_user(self.user_coordinator).action_open_vip_plan()
        return self.env["meeting.vip.plan"].browse(action["res_id"])

    def _plan_with_legs(self):
        plan = self._plan_as_coordinator().with_user(self.user_coordinator)
        plan.write(
            {
                "staff_user_ids": [Command.link(self.user_employee.id)],
                "leg_ids": [
                    Command.create(
                        {
                            "leg_type": "arrival",
                            "date_start": self.arrival,
                            "place": "Hongqiao Airport T2",
                            "vehicle": "Buick GL8",
                            "driver": "Mr Wang",
                            "responsible_user_id": self.user_employee.id,
                        }
                    ),
                    Command.create(
                        {
                            "leg_type": "hotel",
                            "date_start": self.arrival + timedelta(hours=2),
                            "place": "Conference Hotel, suite 1808",
                            "responsible_name": "Front desk",
                        }
                    ),
                ],
            }
        )
        return plan.sudo(False).with_env(self.env)


@tagged("post_install", "-at_install")
class TestVipPlan(VipCommon):
    def test_plan_from_level_with_tasks_and_events(self):
        plan = self._plan_with_legs()
        self.assertRecordValues(
            plan,
            [
                {
                    "vip_level_id": self.level.id,
                    "vehicle_class": self.level.vehicle_class,
                    "accommodation_standard": self.level.accommodation_standard,
                    "seat_zone": self.level.seat_zone,
                    "security_level": "high",
                    "welcome_role": "General Manager",
                    "arrival_datetime": self.arrival,
                }
            ],
        )
        # tasks of the meeting's plan: confirm the itinerary, one per room check of the level
        tasks = plan.task_ids
        self.assertEqual(len(tasks), 1 + len(self.level._get_room_check_lines()))
        self.assertEqual(tasks.meeting_id, self.meeting)
        itinerary = tasks.filtered(lambda t: t.vip_task_kind == "itinerary")
        self.assertEqual(itinerary.user_id, self.user_coordinator)
        self.assertEqual(
            itinerary.date_deadline,
            self.meeting.date_start - timedelta(days=self.level.plan_lead_days),
        )
        checks = tasks - itinerary
        hotel = self.arrival + timedelta(hours=2)
        self.assertEqual(
            set(checks.mapped("date_deadline")),
            {hotel - timedelta(hours=self.level.room_check_lead_hours)},
        )
        self.assertEqual(checks.user_id, self.user_coordinator, "executor by default")
        self.assertIn("Lighting", checks.mapped("vip_check"))
        # the room checks get their owner; the hotel leg moves: open deadlines follow
        plan.with_user(self.user_coordinator).room_check_user_id = self.user_employee
        self.assertEqual(checks.user_id, self.user_employee)
        hotel_leg = plan.leg_ids.filtered(lambda leg: leg.leg_type == "hotel")
        hotel_leg.with_user(self.user_coordinator).date_start = hotel + timedelta(hours=1)
        self.assertEqual(
            set(checks.mapped("date_deadline")),
            {hotel + timedelta(hours=1) - timedelta(hours=self.level.room_check_lead_hours)},
        )
        # the overdue alerts cover the tasks: they are ordinary open tasks of the meeting (the
        # itinerary was due 10 days before a meeting starting in 30 minutes)
        self.assertEqual(set(tasks.mapped("state")), {"todo"})
        self.env["meeting.task"]._cron_send_alerts()
        self.assertEqual(itinerary.state, "delayed")
        self.assertTrue(itinerary.overdue_alert_sent_at)

        # the internal responsible was added to the staff; no event before they acknowledge
        arrival_leg = plan.leg_ids.filtered(lambda leg: leg.leg_type == "arrival")
        self.assertIn(self.user_employee, plan.staff_user_ids)
        self.assertFalse(arrival_leg.calendar_event_id)
        plan.with_user(self.user_employee).action_acknowledge()
        event = arrival_leg.calendar_event_id
        self.assertTrue(event)
        self.assertRecordValues(
            event.sudo(),
            [
                {
                    "start": self.arrival,
                    "location": "Hongqiao Airport T2",
                    "privacy": "private",
                    "user_id": self.user_employee.id,
                }
            ],
        )
        self.assertEqual(event.sudo().partner_ids, self.user_employee.partner_id)
        # the leg moves: the event moves with it
        arrival_leg.with_user(self.user_coordinator).write(
            {"date_start": self.arrival + timedelta(hours=1), "place": "Pudong Airport T1"}
        )
        self.assertRecordValues(
            event.sudo(),
            [{"start": self.arrival + timedelta(hours=1), "location": "Pudong Airport T1"}],
        )
        # removed from the staff: the event goes too
        plan.with_user(self.user_coordinator).staff_user_ids = [
            Command.unlink(self.user_employee.id)
        ]
        self.assertFalse(arrival_leg.calendar_event_id)
        self.assertFalse(event.exists())

    def test_form_as_coordinator(self):
        """The coordinator registers a VIP guest and builds the plan through the forms."""
        with Form(self.env["meeting.attendee"].with_user(self.user_coordinator)) as form:
            form.meeting_id = self.meeting
            form.name = "Guest of Honour"
            form.company_name = "Ministry of Trade"
            form.job_title = "Vice Minister"
            form.phone = "+86 10 6519 8000"
            form.vip_level_id = self.level
            form.needs_accommodation = True
            form.accommodation_arrival_date = self.arrival.date()
            form.accommodation_departure_date = self.arrival.date() + timedelta(days=2)
            form.needs_pickup = True
            form.pickup_datetime = self.arrival
            form.pickup_place = "Hongqiao Airport T2"
        guest = form.record
        guest.action_confirm()
        action = guest.action_open_vip_plan()
        plan = (
            self.env["meeting.vip.plan"].with_user(self.user_coordinator).browse(action["res_id"])
        )
        with Form(plan) as plan_form:
            plan_form.dietary_preferences = "No spicy food"
            plan_form.customs = "Halal meals"
            with plan_form.leg_ids.new() as leg:
                leg.leg_type = "arrival"
                leg.date_start = self.arrival
                leg.place = "Hongqiao Airport T2"
                leg.responsible_user_id = self.user_coordinator
        self.assertEqual(plan.leg_ids.place, "Hongqiao Airport T2")
        # the coordinator (executor) sees it without acknowledging: their event is there
        self.assertTrue(plan.leg_ids.calendar_event_id)
        self.assertEqual(
            guest.with_user(self.user_coordinator).action_open_vip_plan()["res_id"], plan.id
        )

    def test_print_itinerary_guard(self):
        plan = self._plan_with_legs()
        with self.assertRaises(AccessError):
            plan.with_user(self.user_employee).action_print_itinerary()
        plan.with_user(self.user_employee).action_acknowledge()
        plan.with_user(self.user_employee).action_print_itinerary()
        plan.with_user(self.user_coordinator).action_print_itinerary()

    def test_demo_summit_vip_plans(self):
        summit = self.env.ref("meeting_management.demo_meeting_summit")
        plans = summit.vip_plan_ids
        self.assertEqual(len(plans), 2)
        he_li = self.env.ref("meeting_management.user_he_li")
        for plan in plans:
            self.assertEqual(len(plan.leg_ids), 3)
            self.assertTrue(plan.task_ids)
            self.assertEqual(set(plan.task_ids.mapped("state")), {"done"})
            self.assertEqual(set(plan.acknowledgement_ids.mapped("state")), {"acknowledged"})
            self.assertIn(he_li, plan.acknowledged_user_ids)
        events = plans.leg_ids.filtered(lambda leg: leg.responsible_user_id == he_li)
        self.assertTrue(all(events.mapped("calendar_event_id")))

    def test_plan_needs_a_level(self):
        with self.assertRaises(UserError):
            self.att_plain.with_user(self.user_coordinator).action_open_vip_plan()


@tagged("post_install", "-at_install")
class TestVipConfidentiality(VipCommon):
    def test_gate_and_access_log(self):
        plan = self._plan_with_legs()
        Plan = self.env["meeting.vip.plan"]
        staff_plan = plan.with_user(self.user_employee)
        # assigned, not acknowledged: neither the plan nor its legs
        with self.assertRaises(AccessError):
            staff_plan.read(["leg_ids", "customs"])
        with self.assertRaises(AccessError):
            plan.leg_ids.with_user(self.user_employee).read(["place"])
        self.assertFalse(Plan.with_user(self.user_employee).search([]))
        # their acknowledgement is theirs: nobody acknowledges for them, nor writes it
        ack = self.env["meeting.vip.acknowledgement"].with_user(self.user_employee).search([])
        self.assertEqual(ack.plan_id, plan)
        self.assertEqual(ack.state, "pending")
        self.assertTrue(ack.terms)
        with self.assertRaises(AccessError):
            ack.with_user(self.user_coordinator).action_acknowledge()
        with self.assertRaises(AccessError):
            ack.write({"state": "acknowledged"})
        staff_plan.action_acknowledge()
        self.assertRecordValues(ack, [{"state": "acknowledged"}])
        self.assertTrue(ack.date_acknowledged)
        # now they read the itinerary, and the read is logged
        Log = self.env["meeting.vip.access.log"]
        before = Log.search_count([("plan_id", "=", plan.id)])
        values = staff_plan.read(["leg_ids", "customs"])
        self.assertEqual(len(values[0]["leg_ids"]), 2)
        logs = Log.search([("plan_id", "=", plan.id)])
        self.assertEqual(len(logs), before + 1)
        self.assertEqual(logs[0].user_id, self.user_employee)
        self.assertEqual(logs[0].access_kind, "read")
        # a read of the guest's name only is not an itinerary access
        staff_plan.read(["guest_name"])
        self.env.cr.cache.pop("meeting_vip_access_logged", None)
        staff_plan.read(["guest_name"])
        self.assertEqual(Log.search_count([("plan_id", "=", plan.id)]), before + 1)
        # but they cannot change it
        with self.assertRaises(AccessError):
            plan.leg_ids[:1].with_user(self.user_employee).write({"place": "Elsewhere"})
        with self.assertRaises(AccessError):
            staff_plan.write({"customs": "none"})
        # nor read the log, nor forge a line
        with self.assertRaises(AccessError):
            Log.with_user(self.user_employee).create(
                {"plan_id": plan.id, "user_id": self.user_employee.id}
            )
        self.assertFalse(Log.with_user(self.user_employee).search([]))
        self.assertTrue(Log.with_user(self.user_coordinator).search([("plan_id", "=", plan.id)]))

    def test_access_per_role(self):
        plan = self._plan_with_legs()
        Plan = self.env["meeting.vip.plan"]
        expected = {
            self.user_coordinator: True,  # the executor
            self.user_meeting_admin: True,
            self.user_director: False,  # the initiator, a plain employee
            self.user_checkin: False,  # the door staff of the meeting
            self.user_employee: False,  # assigned, not cleared yet
            self.user_handler: False,
        }
        for user, sees in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(bool(Plan.with_user(user).search([("id", "=", plan.id)])), sees)
                if not sees:
                    with self.assertRaises(AccessError):
                        plan.with_user(user).read(["leg_ids"])
                    with self.assertRaises(AccessError):
                        plan.leg_ids.with_user(user).read(["place"])
                    with self.assertRaises(AccessError):
                        plan.leg_ids[:1].with_user(user).write({"place": "x"})
        # only the plan's managers create plans and legs
        with self.assertRaises(AccessError):
            Plan.with_user(self.user_checkin).create({"attendee_id": self.att_plain.id})
        with self.assertRaises(AccessError):
            self.env["meeting.vip.leg"].with_user(self.user_director).create(
                {"plan_id": plan.id, "date_start": self.arrival, "place": "x"}
            )
        # the attendee's form tells whether a plan exists, not what it holds
        self.assertTrue(self.att_vip.with_user(self.user_checkin).has_vip_plan)

    def test_migration_keeps_reception_notes(self):
        cr = self.env.cr
        cr.execute("ALTER TABLE meeting_attendee ADD COLUMN reception_notes text")
        cr.execute("ALTER TABLE meeting_attendee ADD COLUMN itinerary text")
        cr.execute(
            "UPDATE meeting_attendee SET reception_notes = %s, itinerary = %s WHERE id = %s",
            ["Front row, welcome by the GM", "MU5101 lands 14:10", self.att_vip.id],
        )
        cr.execute(
            "UPDATE meeting_attendee SET reception_notes = %s WHERE id = %s",
            ["Wheelchair at the door", self.att_plain.id],
        )
        load_migration().migrate_reception_notes(self.env)
        plan = self.att_vip.vip_plan_ids
        self.assertIn("Front row, welcome by the GM", plan.notes)
        self.assertIn("MU5101 lands 14:10", plan.notes)
        self.assertEqual(plan.vip_level_id, self.level)
        self.assertFalse(plan.task_ids, "no task for a plan kept from before")
        self.assertIn("Wheelchair at the door", self.att_plain.vip_plan_ids.notes)


@tagged("post_install", "-at_install")
class TestVipConfidentialityRpc(MeetingRpcMixin, HttpCase, VipCommon):
    def test_rpc_context_key_does_not_skip_the_tasks(self):
        """The upgrade's key spares no task of a plan a user creates, over RPC or the ORM."""
        plan_id = self.rpc(
            "t_coordinator",
            "meeting.vip.plan",
            "create",
            [{"attendee_id": self.att_vip.id}],
            {"context": {"meeting_vip_no_tasks": True}},
        )
        plan = self.env["meeting.vip.plan"].browse(plan_id)
        self.assertEqual(len(plan.task_ids), 1 + len(self.level._get_room_check_lines()))
        self.att_plain.vip_level_id = self.level
        plan = (
            self.env["meeting.vip.plan"]
            .with_user(self.user_coordinator)
            .with_context(meeting_vip_no_tasks=True)
            .create({"attendee_id": self.att_plain.id})
        )
        self.assertEqual(len(plan.task_ids), 1 + len(self.level._get_room_check_lines()))

    def test_rpc_gate_log_and_roles(self):
        plan = self._plan_with_legs()
        leg_ids = plan.leg_ids.ids
        for login in ("t_employee", "t_checkin", "t_director"):
            with self.subTest(login=login):
                with self.assertRaises(RpcError) as caught:
                    self.rpc(login, "meeting.vip.plan", "read", [plan.ids, ["leg_ids"]])
                self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
                with self.assertRaises(RpcError):
                    self.rpc(login, "meeting.vip.leg", "read", [leg_ids, ["place"]])
                rows = self.rpc(
                    login, "meeting.vip.leg", "search_read", [[]], {"fields": ["place"]}
                )
                self.assertFalse([row for row in rows if row["id"] in leg_ids])
        # the staff member acknowledges over RPC, then reads through the form's call
        self.rpc("t_employee", "meeting.vip.plan", "action_acknowledge", [plan.ids])
        answer = self.rpc(
            "t_employee",
            "meeting.vip.plan",
            "web_read",
            [plan.ids],
            {"specification": {"customs": {}, "leg_ids": {"fields": {"place": {}}}}},
        )
        self.assertEqual(
            {leg["place"] for leg in answer[0]["leg_ids"]},
            {"Hongqiao Airport T2", "Conference Hotel, suite 1808"},
        )
        logs = self.env["meeting.vip.access.log"].search(
            [("plan_id", "=", plan.id), ("user_id", "=", self.user_employee.id)]
        )
        self.assertEqual(len(logs), 1, "the form's read (plan and legs) is one access")
        # forging a log line or acknowledging for someone else is refused
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_employee",
                "meeting.vip.access.log",
                "create",
                [{"plan_id": plan.id, "user_id": self.user_director.id}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        ack = self.env["meeting.vip.acknowledgement"].search([("plan_id", "=", plan.id)])
        with self.assertRaises(RpcError):
            self.rpc(
                "t_employee",
                "meeting.vip.acknowledgement",
                "write",
                [ack.ids, {"state": "pending"}],
            )
        # staff read, they do not change; plans are created by the meeting's managers only
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_employee", "meeting.vip.leg", "write", [leg_ids[:1], {"place": "x"}])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_checkin", "meeting.vip.plan", "create", [{"attendee_id": self.att_plain.id}]
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        # the printed itinerary is logged too, and refused to those who may not see it
        with self.assertRaises(RpcError):
            self.rpc("t_checkin", "meeting.vip.plan", "action_print_itinerary", [plan.ids])
        self.rpc("t_employee", "meeting.vip.plan", "action_print_itinerary", [plan.ids])
        self.authenticate("t_employee", "t_employee")
        response = self.url_open(f"/report/html/meeting_management.report_vip_plan/{plan.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Hongqiao Airport T2", response.text)
        self.assertTrue(
            self.env["meeting.vip.access.log"].search_count(
                [("plan_id", "=", plan.id), ("access_kind", "=", "print")]
            )
        )
        self.authenticate("t_checkin", "t_checkin")
        response = self.url_open(f"/report/html/meeting_management.report_vip_plan/{plan.id}")
        self.assertNotIn("Hongqiao Airport T2", response.text)
