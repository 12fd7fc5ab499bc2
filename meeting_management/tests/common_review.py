from datetime import datetime

from .common import MeetingCommon

# (overall, agenda, venue, catering, service): 4.6 overall, catering lowest at 4.2
SEED_ANSWERS = [
    (5, 5, 5, 5, 5),
    (5, 5, 5, 5, 5),
    (5, 5, 4, 4, 5),
    (5, 5, 5, 4, 5),
    (5, 5, 4, 4, 5),
    (5, 4, 5, 4, 4),
    (4, 5, 4, 4, 4),
    (4, 4, 5, 4, 5),
    (4, 5, 4, 4, 4),
    (4, 4, 4, 4, 4),
]


def dt(value):
    return datetime.strptime(value, "%Y-%m-%d %H:%M")


class MeetingReviewCommon(MeetingCommon):
    """The seed's example (模板4) as a known data set, times in UTC (Shanghai = UTC+8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_gm.partner_id.email = "t_gm@example.com"
        cls.company.write(
            {
                "meeting_report_user_ids": [(6, 0, cls.user_gm.ids)],
                "meeting_report_notify_departments": True,
            }
        )

    @classmethod
    def _create_seed_meeting(cls, attendees=185, checked_in=178):
        """The seed meeting in progress: its plan, attendees, agenda and incidents as they
        were recorded on the day (superuser, before the approval so that the approval keeps
        this plan), the meeting itself through the real flow."""
        meeting = cls._create_meeting(
            name="2024年产品全国经销商峰会",
            date_start=dt("2024-03-20 01:00"),
            date_end=dt("2024-03-20 10:00"),
            venue="国际会议中心",
            budget_total=False,
            expected_internal_count=65,
            expected_external_count=120,
            objective_ids=[
                (
                    0,
                    0,
                    {
                        "name": "新增意向经销商",
                        "target_value": 50,
                        "actual_value": 48,
                        "unit": "家",
                    },
                ),
                (
                    0,
                    0,
                    {
                        "name": "现场订货金额",
                        "target_value": 300,
                        "actual_value": 315,
                        "unit": "万元",
                    },
                ),
            ],
            budget_line_ids=[
                (
                    0,
                    0,
                    {
                        "category": "venue",
                        "name": "场地",
                        "amount_planned": 200000,
                        "amount_actual": 200000,
                    },
                ),
                (
                    0,
                    0,
                    {
                        "category": "materials",
                        "name": "物料",
                        "amount_planned": 80000,
                        "amount_actual": 86000,
                        "variance_reason": "追加印刷",
                    },
                ),
                (
                    0,
                    0,
                    {
                        "category": "catering",
                        "name": "餐饮",
                        "amount_planned": 120000,
                        "amount_actual": 126500,
                        "variance_reason": "加做素食餐",
                    },
                ),
                (
                    0,
                    0,
                    {
                        "category": "travel",
                        "name": "差旅",
                        "amount_planned": 100000,
                        "amount_actual": 92000,
                        "variance_reason": "接送车辆减少",
                    },
                ),
            ],
        ).with_env(cls.env)
        cls.env["meeting.attendee"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": f"Guest {index:03d}",
                    "email": f"guest{index:03d}@example.com",
                    "phone": f"138 0000 {index:04d}",
                    "is_checked_in": index < checked_in,
                }
                for index in range(attendees)
            ]
        )
        cls.env["meeting.task"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "嘉宾邀请函发送",
                    "user_id": cls.user_employee.id,
                    "date_deadline": dt("2024-03-15 10:00"),
                    "date_done": dt("2024-03-15 09:30"),
                    "state": "done",
                },
                {
                    "meeting_id": meeting.id,
                    "name": "场地布置方案确认",
                    "user_id": cls.user_admin_head.id,
                    "date_deadline": dt("2024-03-16 04:00"),
                    "date_done": dt("2024-03-16 06:00"),
                    "state": "done",
                    "is_milestone": True,
                },
                {
                    "meeting_id": meeting.id,
                    "name": "PPT终稿审核",
                    "user_id": cls.user_director.id,
                    "date_deadline": dt("2024-03-17 02:00"),
                    "date_done": dt("2024-03-17 01:00"),
                    "state": "done",
                },
            ]
        )
        agenda = [
            ("签到入场", "01:00", "01:30", "01:00", "01:30"),
            ("开幕致辭", "01:30", "02:00", "01:30", "02:00"),
            ("产品技术分享", "02:00", "03:30", "02:00", "03:30"),
            ("互动问答", "03:30", "04:00", "03:30", "04:00"),
            ("渠道政策发布", "06:00", "07:00", "06:00", "07:15"),
        ]
        cls.env["meeting.agenda.item"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": name,
                    "date_start": dt(f"2024-03-20 {start}"),
                    "date_end": dt(f"2024-03-20 {end}"),
                    "actual_start": dt(f"2024-03-20 {a_start}"),
                    "actual_end": dt(f"2024-03-20 {a_end}"),
                    "state": "done",
                }
                for name, start, end, a_start, a_end in agenda
            ]
        )
        cls.env["meeting.incident"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "投影仪故障",
                    "type_id": cls.env.ref("meeting_management.incident_type_device").id,
                    "description": "Projector lost its signal during the policy session.",
                    "impact": "15 分钟议程延迟",
                    "cause": "接口松动",
                    "resolution": "重新连接并启用备用线缆",
                    "handler_id": cls.user_handler.id,
                    "date_reported": dt("2024-03-20 06:30"),
                    "sla_deadline": dt("2024-03-20 06:45"),
                    "date_responded": dt("2024-03-20 06:35"),
                    "date_resolved": dt("2024-03-20 06:45"),
                    "state": "resolved",
                },
                {
                    "meeting_id": meeting.id,
                    "name": "素食餐不足",
                    "type_id": cls.env.ref("meeting_management.incident_type_catering").id,
                    "description": "30 guests had no vegetarian lunch.",
                    "impact": "30 名嘉宾",
                    "cause": "特殊餐饮需求未提前确认",
                    "resolution": "临时协调餐厅制作",
                    "handler_id": cls.user_admin_head.id,
                    "date_reported": dt("2024-03-20 04:00"),
                    "sla_deadline": dt("2024-03-20 04:15"),
                    "date_responded": dt("2024-03-20 04:20"),
                    "date_resolved": dt("2024-03-20 04:50"),
                    "state": "resolved",
                },
            ]
        )
        return cls._meeting_to_state(meeting, "in_progress")

    @classmethod
    def _add_seed_answers(cls, meeting):
        attendees = meeting.attendee_ids.sorted("id")
        cls.env["meeting.feedback"].sudo().create(
            [
                {
                    "attendee_id": attendee.id,
                    "score_overall": answer[0],
                    "score_agenda": answer[1],
                    "score_venue": answer[2],
                    "score_catering": answer[3],
                    "score_service": answer[4],
                    "suggestions": "提前确认素食" if answer[3] < 4 else False,
                }
                for attendee, answer in zip(attendees, SEED_ANSWERS, strict=False)
            ]
        )
