import base64
from datetime import timedelta

from odoo import Command

from .common import NOW, MeetingCommon

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


class MeetingArchiveCommon(MeetingCommon):
    """A client meeting under review: an agenda, two external guests and an internal
    attendee (the plain employee, who thereby reads the meeting), a contract and a photo in
    the chatter, an incident with its photo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = NOW + timedelta(days=10)
        meeting = cls._create_meeting(
            agenda_item_ids=[
                Command.create(
                    {
                        "name": "Opening",
                        "date_start": start,
                        "date_end": start + timedelta(hours=1),
                    }
                )
            ],
        )
        cls.meeting = cls._meeting_in_state_from(meeting, "in_progress")
        Attendee = cls.env["meeting.attendee"].with_user(cls.user_coordinator)
        cls.guest_a, cls.guest_b, cls.attendee_employee = Attendee.create(
            [
                {
                    "meeting_id": cls.meeting.id,
                    "attendee_type": "external",
                    "name": "Zhang Wei",
                    "company_name": "Changsha Hongtong",
                    "job_title": "Purchasing Director",
                    "email": "Zhang.Wei@Hongtong.example.com",
                    "phone": "+86 138-0000-1111",
                    "vip_level_id": cls.env.ref("meeting_management.vip_level_executive").id,
                },
                {
                    "meeting_id": cls.meeting.id,
                    "attendee_type": "external",
                    "name": "Sun Jiayi",
                    "company_name": "Hangzhou Xinyuan",
                    "job_title": "General Manager",
                    "email": "sun@xinyuan.example.com",
                    "phone": "13900002222",
                },
                {
                    "meeting_id": cls.meeting.id,
                    "attendee_type": "internal",
                    "name": "Employee",
                    "employee_id": cls.emp_employee.id,
                    "user_id": cls.user_employee.id,
                },
            ]
        )
        # the first guest comes; the meeting ends, the guest answers the survey
        # a reception note (in the guest's VIP plan) that the contact database must not copy
        cls.env["meeting.vip.plan"].create(
            {
                "attendee_id": cls.guest_a.id,
                "vip_level_id": cls.guest_a.vip_level_id.id,
                "notes": "Front row",
            }
        )
        cls.guest_a.sudo().write({"is_checked_in": True, "checkin_date": NOW})
        cls.meeting.with_user(cls.user_coordinator).action_finish()
        cls.env["meeting.feedback"].with_user(cls.user_coordinator)._record_paper_answer(
            cls.meeting.with_user(cls.user_coordinator),
            cls.guest_a.with_user(cls.user_coordinator),
            {
                "score_overall": 4,
                "score_agenda": 4,
                "score_venue": 4,
                "score_catering": 4,
                "score_service": 4,
            },
            "The lunch was late.",
        )
        # files the coordinator posted in the chatter during the preparation
        coordinator_meeting = cls.meeting.with_user(cls.user_coordinator)
        cls.msg_contract = coordinator_meeting.message_post(
            body="Signed",
            attachments=[("Venue contract.pdf", b"%PDF-1.4 contract")],
        )
        cls.contract_attachment = cls.msg_contract.attachment_ids
        coordinator_meeting.message_post(body="Hall", attachments=[("hall.png", PNG)])
        cls.incident_type = cls.env.ref("meeting_management.incident_type_device")
        cls.incident = (
            cls.env["meeting.incident"]
            .sudo()
            .create(
                {
                    "meeting_id": cls.meeting.id,
                    "name": "Projector failure",
                    "type_id": cls.incident_type.id,
                }
            )
        )
        cls.incident_photo = cls.env["ir.attachment"].create(
            {
                "name": "projector.png",
                "raw": PNG,
                "res_model": "meeting.incident",
                "res_id": cls.incident.id,
            }
        )
        cls.incident.evidence_ids = [Command.link(cls.incident_photo.id)]

    @classmethod
    def _meeting_in_state_from(cls, meeting, state):
        return cls._meeting_to_state(meeting.with_env(cls.env), state)

    def _close(self):
        self._meeting_to_state(self.meeting, "closed")
        return self.meeting

    def _documents(self, meeting=None):
        return (meeting or self.meeting).sudo().archive_document_ids
