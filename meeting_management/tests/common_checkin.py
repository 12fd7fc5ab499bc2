from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from cryptography.fernet import Fernet

from odoo import Command, fields
from odoo.sql_db import Cursor
from odoo.tools import SQL

from odoo.addons.mail.tests.common import mail_new_test_user
from odoo.addons.meeting_management.models.meeting_attendee import MeetingAttendee
from odoo.addons.meeting_management.tests.common import MeetingCommon

TEST_FERNET_KEY = Fernet.generate_key().decode()


class CheckinCommon(MeetingCommon):
    """A meeting open for check-in (approved, starting in 30 minutes) with a few attendees."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.startClassPatcher(
            patch.object(MeetingAttendee, "_get_fernet_key", lambda self: TEST_FERNET_KEY)
        )
        cls.user_sensitive = mail_new_test_user(
            cls.env,
            login="t_sensitive",
            name="Data Officer",
            groups="base.group_user,meeting_management.group_meeting_coordinator,"
            "meeting_management.group_meeting_sensitive",
            email="t_sensitive@example.com",
            tz="Asia/Shanghai",
        )
        cls.type_checkin = cls.env["meeting.type"].create({"name": "Check-in Test", "code": "CHK"})
        now = fields.Datetime.now()
        start = now + timedelta(minutes=30)
        cls.meeting = cls._create_checkin_meeting("Dealer Summit", start)
        cls.other_meeting = cls._create_checkin_meeting("Other Summit", start)
        Attendee = cls.env["meeting.attendee"]
        cls.att_vip, cls.att_plain, cls.att_declined = Attendee.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Zhang Wei",
                    "company_name": "Shanghai Xintai Trading",
                    "job_title": "CEO",
                    "phone": "13800138000",
                    "email": "zhang.wei@example.com",
                    "vip_level_id": cls.env.ref("meeting_management.vip_level_key_client").id,
                    "is_key_decision_maker": True,
                    "dietary_need": "vegetarian",
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Li Na",
                    "company_name": "Guangzhou Hengtong",
                    "job_title": "Buyer",
                    "phone": "13900139000",
                    "email": "li.na@example.com",
                },
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Wang Fang",
                    "company_name": "Hangzhou Ruifeng",
                    "invitation_state": "declined",
                },
            ]
        )
        cls.att_other = Attendee.create(
            {"meeting_id": cls.other_meeting.id, "name": "Chen Jie", "company_name": "Chengdu"}
        )

    @classmethod
    def _create_checkin_meeting(cls, name, start):
        """Approved through the real flow, the check-in staff named on it.

        Of a type without an execution plan and with no budget lines: the approval generates
        no task (the executor named at set-up owns nothing on the meeting) and the workbooks
        hold only what the attendees typed.
        """
        return cls._meeting_in_state(
            "approved",
            name=name,
            type_id=cls.type_checkin.id,
            date_start=start,
            date_end=start + timedelta(hours=8),
            venue=False,
            budget_total=False,
            budget_line_ids=[],
            checkin_staff_ids=[Command.link(cls.user_checkin.id)],
        )

    @classmethod
    def _set_state(cls, meeting, state):
        # through the flow: the initiator cancels the meeting, or sets it back to draft
        cls._meeting_to_state(meeting, state)

    def scan(self, code, meeting=None, lane="VIP", user=None):
        Attendee = self.env["meeting.attendee"].with_user(user or self.user_checkin)
        return Attendee.checkin_scan((meeting or self.meeting).id, code, lane)


@contextmanager
def recorded_statements():
    """The SQL statements sent in the block, by their first word (``SAVEPOINT``, ``WITH``...).

    ``assertQueryCount`` counts round trips; one round trip may carry several statements
    separated by ``;`` (the scan sends its savepoint with its statement): each is listed.
    """
    statements = []
    execute = Cursor.execute

    def recording(cr, query, params=None, log_exceptions=True):
        code = query.code if isinstance(query, SQL) else str(query)
        statements.extend(part.split()[0].upper() for part in code.split(";") if part.strip())
        return execute(cr, query, params, log_exceptions)

    with patch("odoo.sql_db.Cursor.execute", recording):
        yield statements
