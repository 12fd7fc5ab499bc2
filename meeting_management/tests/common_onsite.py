from datetime import datetime

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import MeetingCommon


class OnsiteCommon(MeetingCommon):
    """An approved one-day meeting (09:00-18:00 Asia/Shanghai), its attendees and agenda,
    incident types routed to a user and to a group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.catering_group = cls.env["res.groups"].create({"name": "Catering Team"})
        cls.user_caterer = mail_new_test_user(
            cls.env,
            login="t_caterer",
            name="Caterer",
            email="t_caterer@example.com",
            groups="base.group_user,meeting_management.group_meeting_incident_handler",
            tz="Asia/Shanghai",
        )
        cls.user_caterer2 = mail_new_test_user(
            cls.env,
            login="t_caterer2",
            name="Caterer Two",
            email="t_caterer2@example.com",
            groups="base.group_user,meeting_management.group_meeting_incident_handler",
            tz="Asia/Shanghai",
        )
        cls.catering_group.user_ids = cls.user_caterer | cls.user_caterer2
        IncidentType = cls.env["meeting.incident.type"]
        cls.type_device = IncidentType.create(
            {"name": "Test Device", "handler_user_id": cls.user_handler.id}
        )
        cls.type_catering = IncidentType.create(
            {
                "name": "Test Catering",
                "handler_group_id": cls.catering_group.id,
                "response_minutes_high": 5,
            }
        )
        cls.meeting = cls._meeting_in_state(
            "approved",
            name="Dealer Summit",
            date_start=datetime(2024, 3, 20, 1, 0),
            date_end=datetime(2024, 3, 20, 10, 0),
            venue="Convention Center",
        )
        Item = cls.env["meeting.agenda.item"]
        cls.item_checkin, cls.item_opening, cls.item_launch = Item.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Check-in",
                    "date_start": datetime(2024, 3, 20, 1, 0),
                    "date_end": datetime(2024, 3, 20, 1, 30),
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Opening Speech",
                    "date_start": datetime(2024, 3, 20, 1, 30),
                    "date_end": datetime(2024, 3, 20, 1, 45),
                    "user_id": cls.user_gm.id,
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Product Launch",
                    "date_start": datetime(2024, 3, 20, 1, 45),
                    "date_end": datetime(2024, 3, 20, 2, 45),
                    "user_id": cls.user_director.id,
                },
            ]
        )
        Attendee = cls.env["meeting.attendee"]
        cls.att_employee, cls.att_external, cls.att_no_mail = Attendee.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Employee",
                    "attendee_type": "internal",
                    "user_id": cls.user_employee.id,
                    "email": "t_employee@example.com",
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Dealer Zhang",
                    "email": "dealer.zhang@example.com",
                },
                {"meeting_id": cls.meeting.id, "name": "Dealer Without Mail"},
            ]
        )
