"""Registration data and the live logistics counts (临时增减人员): catering per dietary need
with the reserve (预留10%余量), rooms per night, pick-ups per arrival slot, on the meeting,
in the on-site view and in the printed list."""

from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import MeetingRpcMixin, RpcError
from .common_checkin import CheckinCommon


class LogisticsCommon(CheckinCommon):
    def _guests(self, count, **vals):
        return self.env["meeting.attendee"].create(
            [
                {
                    "meeting_id": self.meeting.id,
                    "name": f"Walk-on {index}",
                    "company_name": "Dealer",
                    "job_title": "Buyer",
                    "phone": f"1370000{index:04d}",
                    "invitation_state": "confirmed",
                    **vals,
                }
                for index in range(count)
            ]
        )

    def _catering(self, meeting=None):
        figures = (meeting or self.meeting)._get_logistics_counts()[(meeting or self.meeting).id]
        return {
            line["key"]: (line["count"], line["reserve"], line["total"])
            for line in figures["catering"]
        }


@tagged("post_install", "-at_install")
class TestLogisticsCounts(LogisticsCommon):
    def test_catering_with_reserve_after_adding_and_removing(self):
        # Zhang Wei (vegetarian) and Li Na (standard); Wang Fang declined: not fed
        self.assertEqual(self.meeting.catering_reserve_percent, 10.0)
        self.assertEqual(self._catering(), {"standard": (1, 1, 2), "vegetarian": (1, 1, 2)})
        self.assertEqual(self.meeting.catering_count, 4)
        # 临时增加: 19 more guests, 2 of them halal
        added = self._guests(17) | self._guests(2, dietary_need="halal")
        self.assertEqual(
            self._catering(),
            {"standard": (18, 2, 20), "vegetarian": (1, 1, 2), "halal": (2, 1, 3)},
        )
        self.assertEqual(self.meeting.catering_count, 25)
        # 临时减少: one declines, one is removed
        added[0].invitation_state = "declined"
        added[1].unlink()
        self.assertEqual(self._catering()["standard"], (16, 2, 18))
        self.assertEqual(self.meeting.catering_count, 23)
        # the reserve is the meeting's setting
        self.meeting.with_user(self.user_coordinator).catering_reserve_percent = 0
        self.assertEqual(self._catering()["standard"], (16, 0, 16))
        with self.assertRaises(ValidationError):
            self.meeting.catering_reserve_percent = 150
        # the on-site view shows the same figures
        self.meeting.catering_reserve_percent = 10
        onsite = self.meeting.with_user(self.user_coordinator).get_onsite_data()["logistics"]
        self.assertEqual(onsite["catering_total"]["total"], self.meeting.catering_count)
        self.assertEqual(onsite["reserve_percent"], 10.0)
        self.assertNotIn("dietary_details", onsite, "no names on the shared screen")

    def test_settings_default_reserve(self):
        self.env["ir.config_parameter"].set_param(
            "meeting_management.catering_reserve_percent", "15"
        )
        meeting = self._create_meeting(name="Another")
        self.assertEqual(meeting.catering_reserve_percent, 15.0)

    def test_rooms_per_night_and_pickups_per_slot(self):
        first = date(2030, 5, 15)
        slot = datetime(2030, 5, 15, 6, 10)  # 14:10 in Shanghai
        self._guests(
            2,
            needs_accommodation=True,
            accommodation_arrival_date=first,
            accommodation_departure_date=first + timedelta(days=2),
            needs_pickup=True,
            pickup_datetime=slot,
            pickup_place="Hongqiao T2",
        )
        self._guests(
            1,
            needs_accommodation=True,
            accommodation_arrival_date=first + timedelta(days=1),
            accommodation_departure_date=first + timedelta(days=2),
            needs_pickup=True,
            pickup_datetime=slot + timedelta(minutes=40),
            pickup_place="Hongqiao T2",
        )
        self._guests(
            1,
            needs_pickup=True,
            pickup_datetime=slot + timedelta(hours=3),
            pickup_place="Pudong T1",
        )
        figures = (
            self.meeting.with_user(self.user_coordinator)
            .with_context(tz="Asia/Shanghai")
            ._get_logistics_counts()[self.meeting.id]
        )
        self.assertEqual(
            [(line["night"], line["count"]) for line in figures["rooms"]],
            [("2030-05-15", 2), ("2030-05-16", 3)],
        )
        self.assertEqual(figures["room_nights"], 5)
        self.assertEqual(self.meeting.room_night_count, 5)
        self.assertEqual(
            [(line["slot"], line["place"], line["count"]) for line in figures["pickups"]],
            [("2030-05-15 14:00", "Hongqiao T2", 3), ("2030-05-15 17:00", "Pudong T1", 1)],
        )
        self.assertEqual(self.meeting.pickup_count, 4)

    def test_registration_validated(self):
        Attendee = self.env["meeting.attendee"].with_user(self.user_coordinator)
        base = {"meeting_id": self.meeting.id, "name": "Guest", "invitation_state": "confirmed"}
        cases = [
            ({}, "company"),
            ({"company_name": "Dealer", "phone": "123"}, "phone"),
            ({"company_name": "Dealer", "job_title": "CEO"}, "phone number or an e-mail"),
            ({"company_name": "Dealer", "job_title": "CEO", "email": "not-an-email"}, "e-mail"),
            (
                {
                    "company_name": "Dealer",
                    "job_title": "CEO",
                    "phone": "13800001111",
                    "needs_accommodation": True,
                },
                "first night",
            ),
            (
                {
                    "company_name": "Dealer",
                    "job_title": "CEO",
                    "phone": "13800001111",
                    "needs_accommodation": True,
                    "accommodation_arrival_date": date(2030, 5, 16),
                    "accommodation_departure_date": date(2030, 5, 16),
                },
                "check-out",
            ),
            (
                {
                    "company_name": "Dealer",
                    "job_title": "CEO",
                    "phone": "13800001111",
                    "needs_pickup": True,
                },
                "pick-up",
            ),
            (
                {
                    "company_name": "Dealer",
                    "job_title": "CEO",
                    "phone": "13800001111",
                    "dietary_need": "allergy",
                },
                "dietary details",
            ),
        ]
        for vals, word in cases:
            with self.subTest(word=word), self.assertRaises(ValidationError) as caught:
                Attendee.create({**base, **vals})
            self.assertIn(word, str(caught.exception))
        # invited: formats only; completeness is asked at confirmation
        invited = Attendee.create({**base, "invitation_state": "invited"})
        with self.assertRaises(ValidationError):
            invited.action_confirm()
        invited.write({"company_name": "Dealer", "job_title": "CEO", "email": "g@example.com"})
        invited.action_confirm()
        self.assertEqual(invited.invitation_state, "confirmed")
        # an internal attendee needs no company nor contact
        Attendee.create({**base, "attendee_type": "internal"})


@tagged("post_install", "-at_install")
class TestLogisticsRpc(MeetingRpcMixin, HttpCase, LogisticsCommon):
    def test_rpc_validation_counts_and_printed_list(self):
        with self.assertRaises(RpcError) as caught:
            self.rpc(
                "t_coordinator",
                "meeting.attendee",
                "write",
                [self.att_plain.ids, {"phone": "12ab"}],
            )
        self.assertEqual(caught.exception.name, "odoo.exceptions.ValidationError")
        self.assertIn("phone", caught.exception.message)
        # the counts are read with the meeting, by anyone who reads it
        rows = self.rpc(
            "t_checkin", "meeting.meeting", "read", [self.meeting.ids, ["catering_count"]]
        )
        self.assertEqual(rows[0]["catering_count"], 4)
        onsite = self.rpc("t_checkin", "meeting.meeting", "get_onsite_data", [self.meeting.ids])
        self.assertEqual(onsite["logistics"]["catering_total"]["total"], 4)
        # the printed list names guests: the coordinator prints it, the door staff does not
        self.rpc("t_coordinator", "meeting.meeting", "action_print_logistics", [self.meeting.ids])
        with self.assertRaises(RpcError) as caught:
            self.rpc("t_checkin", "meeting.meeting", "action_print_logistics", [self.meeting.ids])
        self.assertEqual(caught.exception.name, "odoo.exceptions.AccessError")
        self.authenticate("t_coordinator", "t_coordinator")
        url = f"/report/html/meeting_management.report_meeting_logistics/{self.meeting.id}"
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Zhang Wei", response.text)
        self.assertIn("Catering and Rooming List", response.text)
        self.authenticate("t_checkin", "t_checkin")
        self.assertNotIn("Zhang Wei", self.url_open(url).text)

    def test_orm_print_guard(self):
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_checkin).action_print_logistics()
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_employee).action_print_logistics()
        self.meeting.with_user(self.user_meeting_admin).action_print_logistics()
