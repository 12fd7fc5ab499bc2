"""Deterministic demo attendees for the seed meeting (2024年产品全国经销商峰会).

185 attendees (65 internal, 120 external); 178 of them checked in between 08:40 and 09:35
Asia/Shanghai through three lanes (VIP通道 / 团体通道 / 普通通道), with a check-in log line each.
"""

import random
from datetime import datetime, timedelta

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
    "许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
)
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀英",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "文博",
    "子涵",
    "思远",
    "雨桐",
    "浩然",
    "欣怡",
    "宇航",
    "晓东",
    "海燕",
    "志强",
    "国栋",
    "立新",
    "春梅",
    "晨曦",
    "嘉怡",
]
CITIES = [
    "北京",
    "上海",
    "广州",
    "深圳",
    "杭州",
    "南京",
    "成都",
    "武汉",
    "西安",
    "重庆",
    "天津",
    "苏州",
    "长沙",
    "郑州",
    "青岛",
    "厦门",
    "合肥",
    "昆明",
    "沈阳",
    "济南",
]
TRADES = ["商贸", "科技", "电器", "贸易", "实业", "供应链", "电子", "智能设备", "信息技术", "物流"]
EXTERNAL_TITLES = ["总经理", "董事长", "采购总监", "销售经理", "区域经理", "运营总监", "副总经理"]
INTERNAL_TITLES = [
    "销售代表",
    "市场专员",
    "产品经理",
    "行政专员",
    "IT工程师",
    "区域经理",
    "客服专员",
]
DEPARTMENTS = ["dep_sales", "dep_marketing", "dep_product", "dep_admin", "dep_it", "dep_gm_office"]
LANE_VIP, LANE_GROUP, LANE_GENERAL = "VIP通道", "团体通道", "普通通道"


def populate(Attendee, meeting, internal, external, checked):
    env = Attendee.env
    if Attendee.search_count([("meeting_id", "=", meeting.id)]):
        return False
    rnd = random.Random(20240320)
    used = set()

    def person_name():
        for _attempt in range(100):
            name = rnd.choice(SURNAMES) + rnd.choice(GIVEN)
            if name not in used:
                used.add(name)
                return name
        name = rnd.choice(SURNAMES) + rnd.choice(GIVEN) + rnd.choice(GIVEN)
        used.add(name)
        return name

    def phone():
        return f"1{rnd.choice('3578')}{rnd.randint(0, 9)}{rnd.randint(10000000, 99999999)}"

    departments = [
        env.ref(f"meeting_management.{xmlid}", raise_if_not_found=False) for xmlid in DEPARTMENTS
    ]
    departments = [d for d in departments if d]
    employees = env["hr.employee"].search(
        [("company_id", "=", meeting.company_id.id)], limit=internal
    )

    vals_list = []
    for index in range(internal):
        employee = employees[index] if index < len(employees) else env["hr.employee"]
        department = employee.department_id or (
            departments[index % len(departments)] if departments else False
        )
        vals = {
            "meeting_id": meeting.id,
            "attendee_type": "internal",
            "name": employee.name or person_name(),
            "department_id": department.id if department else False,
            "company_name": department.name if department else "总部",
            "job_title": employee.job_title or rnd.choice(INTERNAL_TITLES),
            "phone": phone(),
            "invitation_state": "confirmed",
        }
        if employee:
            vals["employee_id"] = employee.id
            used.add(employee.name)
        vals_list.append(vals)
    for index in range(external):
        company = (
            f"{rnd.choice(CITIES)}{rnd.choice(['华', '鑫', '盛', '恒', '达', '瑞', '永', '宏'])}"
            f"{rnd.choice(['创', '泰', '远', '通', '丰', '信', '安'])}{rnd.choice(TRADES)}有限公司"
        )
        key = index % 8 == 0
        vals_list.append(
            {
                "meeting_id": meeting.id,
                "attendee_type": "external",
                "name": person_name(),
                "company_name": company,
                "job_title": rnd.choice(EXTERNAL_TITLES[:3] if key else EXTERNAL_TITLES),
                "phone": phone(),
                "email": f"dealer{index + 1:03d}@example.com",
                "is_key_decision_maker": key,
                "vip_level": ("vvip" if index % 40 == 0 else "vip") if key else False,
                "reception_notes": "专人迎宾，安排前排就座" if key else False,
                "dietary_need": rnd.choice([False] * 8 + ["vegetarian", "halal", "allergy"]),
                "needs_accommodation": index % 3 == 0,
                "needs_pickup": index % 5 == 0,
                "invitation_state": "confirmed" if index % 10 else "invited",
            }
        )
    attendees = Attendee.create(vals_list)

    # 178 of 185 arrive between 08:40 and 09:35 Asia/Shanghai (00:40-01:35 UTC).
    day = meeting.date_start.date()
    first = datetime(day.year, day.month, day.day, 0, 40)
    order = list(attendees)
    rnd.shuffle(order)
    arrived = order[:checked]
    span = 55 * 60
    updates = []
    for position, attendee in enumerate(arrived):
        # Arrivals peak around 09:00: a triangular spread over the 55 minutes.
        seconds = int(rnd.triangular(0, span, span * 0.4))
        if attendee.vip_level or attendee.is_key_decision_maker:
            lane = LANE_VIP
        elif attendee.attendee_type == "internal" or position % 4 == 0:
            lane = LANE_GROUP
        else:
            lane = LANE_GENERAL
        updates.append((attendee, first + timedelta(seconds=seconds), lane))
    staff = meeting.executor_id or env.user
    log_vals = []
    for attendee, when, lane in updates:
        attendee.write(
            {
                "is_checked_in": True,
                "checkin_date": when,
                "checkin_lane": lane,
                "checkin_user_id": staff.id,
                "invitation_state": "confirmed",
            }
        )
        log_vals.append(
            {
                "meeting_id": meeting.id,
                "company_id": meeting.company_id.id,
                "attendee_id": attendee.id,
                "scan_date": when,
                "lane": lane,
                "user_id": staff.id,
                "result": "ok",
            }
        )
    # A few people scanned twice (the second scan answered "already checked in").
    for attendee, when, lane in updates[:6]:
        log_vals.append(
            {
                "meeting_id": meeting.id,
                "company_id": meeting.company_id.id,
                "attendee_id": attendee.id,
                "scan_date": when + timedelta(seconds=40),
                "lane": lane,
                "user_id": staff.id,
                "result": "already",
            }
        )
    env["meeting.checkin.log"].create(log_vals)
    return True
