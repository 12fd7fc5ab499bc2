"""The meeting's people logistics: live catering counts per dietary need with a reserve
(改进建议: 预留10%余量), rooms per night and pick-ups per arrival slot, and its VIP reception
plans. One definition (``_get_logistics_counts``) feeds the meeting's fields, the on-site
view and the printable list for the caterer and the hotel."""

import math
from collections import Counter, defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .meeting_vip_plan import COORDINATOR_GROUP, MANAGER_GROUP

RESERVE_PARAM = "meeting_management.catering_reserve_percent"
DEFAULT_RESERVE_PERCENT = 10.0


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    def _default_catering_reserve_percent(self):
        value = self.env["ir.config_parameter"].sudo().get_param(RESERVE_PARAM)
        try:
            return float(value) if value not in (None, False, "") else DEFAULT_RESERVE_PERCENT
        except ValueError:
            return DEFAULT_RESERVE_PERCENT

    catering_reserve_percent = fields.Float(
        string="Catering Reserve (%)",
        default=_default_catering_reserve_percent,
        help="Meals ordered on top of the expected count for each dietary need, rounded up "
        "(the seed's improvement: keep a 10 % reserve).",
    )
    catering_count = fields.Integer(string="Meals to Order", compute="_compute_logistics_figures")
    room_night_count = fields.Integer(string="Room Nights", compute="_compute_logistics_figures")
    pickup_count = fields.Integer(string="Pick-ups", compute="_compute_logistics_figures")
    vip_plan_ids = fields.One2many("meeting.vip.plan", "meeting_id", string="VIP Reception Plans")
    vip_plan_count = fields.Integer(string="VIP Plans", compute="_compute_vip_plan_count")

    @api.constrains("catering_reserve_percent")
    def _check_catering_reserve_percent(self):
        for meeting in self:
            if not 0 <= meeting.catering_reserve_percent <= 100:
                raise ValidationError(
                    self.env._("The catering reserve is a percentage between 0 and 100.")
                )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "catering_reserve_percent",
        "attendee_ids.invitation_state",
        "attendee_ids.is_checked_in",
        "attendee_ids.dietary_need",
        "attendee_ids.needs_accommodation",
        "attendee_ids.accommodation_arrival_date",
        "attendee_ids.accommodation_departure_date",
        "attendee_ids.needs_pickup",
        "attendee_ids.pickup_datetime",
    )
    def _compute_logistics_figures(self):
        counts = self._get_logistics_counts()
        for meeting in self:
            figures = counts.get(meeting._origin.id) or {}
            meeting.catering_count = figures.get("catering_total", {}).get("total", 0)
            meeting.room_night_count = figures.get("room_nights", 0)
            meeting.pickup_count = figures.get("pickup_total", 0)

    def _compute_vip_plan_count(self):
        # sudo: a count only; the plans themselves stay behind their rules
        groups = (
            self.env["meeting.vip.plan"]
            .sudo()
            ._read_group([("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"])
        )
        counts = {meeting.id: count for meeting, count in groups}
        for meeting in self:
            meeting.vip_plan_count = counts.get(meeting.id, 0)

    # ------------------------------------------------------------------
    # The one definition of the logistics figures
    # ------------------------------------------------------------------
    def _logistics_attendee_domain(self):
        """Who is fed, housed and picked up: the attendees expected at the meeting, the same
        population as the attendance figure (not declined, or came anyway)."""
        return [
            ("meeting_id", "in", [mid for mid in self._origin.ids if mid]),
            "|",
            ("invitation_state", "!=", "declined"),
            ("is_checked_in", "=", True),
        ]

    def _get_logistics_counts(self, with_names=False):
        """``{meeting id: figures}``: catering per dietary need with the meeting's reserve,
        rooms per night, pick-ups per arrival slot (local time of the current user).

        ``with_names`` adds who is behind each line (the printed list), read with the
        caller's access rights; the counts alone are read as superuser (figures only).
        """
        result = {}
        Attendee = self.env["meeting.attendee"]
        # sudo: counts only, no attendee data leaves this method unless with_names, which
        # reads the attendees again as the user (their record rules apply)
        attendees = Attendee.sudo().search(self._logistics_attendee_domain())
        if with_names:
            attendees.sudo(False).check_access("read")
        by_meeting = defaultdict(lambda: Attendee.sudo())
        for attendee in attendees:
            by_meeting[attendee.meeting_id.id] |= attendee
        need_labels = dict(Attendee._fields["dietary_need"]._description_selection(self.env))
        for meeting in self:
            mid = meeting._origin.id
            if not mid:
                continue
            group = by_meeting[mid]
            percent = meeting.catering_reserve_percent or 0.0
            result[mid] = meeting._logistics_figures(group, percent, need_labels, with_names)
        return result

    def _logistics_figures(self, attendees, percent, need_labels, with_names):
        standard_label = self.env._("Standard")
        # catering: one line per dietary need present, the standard menu first
        needs = Counter(a.dietary_need or "standard" for a in attendees)
        order = ["standard"] + [key for key in need_labels if key in needs]
        catering = []
        for key in order:
            count = needs.get(key, 0)
            if not count and key != "standard":
                continue
            reserve = math.ceil(count * percent / 100.0 - 1e-9) if count else 0
            catering.append(
                {
                    "key": key,
                    "label": standard_label if key == "standard" else need_labels[key],
                    "count": count,
                    "reserve": reserve,
                    "total": count + reserve,
                }
            )
        catering_total = {
            name: sum(line[name] for line in catering) for name in ("count", "reserve", "total")
        }
        # rooms: one per guest and night, from the first night to the night before check-out
        nights = defaultdict(list)
        rooms_undated = []
        for attendee in attendees.filtered("needs_accommodation"):
            first, last = attendee.accommodation_arrival_date, attendee.accommodation_departure_date
            if not (first and last and last > first):
                rooms_undated.append(attendee)
                continue
            day = first
            while day < last:
                nights[day].append(attendee)
                day += timedelta(days=1)
        rooms = [
            {"night": fields.Date.to_string(day), "count": len(guests)}
            | ({"names": sorted(g.name for g in guests)} if with_names else {})
            for day, guests in sorted(nights.items())
        ]
        # pick-ups: per arrival slot (the hour, in the user's time zone) and place
        slots = defaultdict(list)
        pickups_unscheduled = []
        for attendee in attendees.filtered("needs_pickup"):
            if not attendee.pickup_datetime:
                pickups_unscheduled.append(attendee)
                continue
            local = fields.Datetime.context_timestamp(self, attendee.pickup_datetime)
            slot = local.replace(minute=0, second=0, microsecond=0).strftime("%Y-%m-%d %H:%M")
            slots[(slot, (attendee.pickup_place or "").strip())].append(attendee)
        pickups = [
            {"slot": slot, "place": place, "count": len(guests)}
            | (
                {
                    "names": [
                        {"name": g.name, "reference": g.pickup_reference or ""}
                        for g in sorted(guests, key=lambda g: (g.pickup_datetime, g.name))
                    ]
                }
                if with_names
                else {}
            )
            for (slot, place), guests in sorted(slots.items())
        ]
        figures = {
            "reserve_percent": percent,
            "catering": catering,
            "catering_total": catering_total,
            "rooms": rooms,
            "rooms_undated": len(rooms_undated),
            "room_nights": sum(line["count"] for line in rooms),
            "pickups": pickups,
            "pickups_unscheduled": len(pickups_unscheduled),
            "pickup_total": sum(line["count"] for line in pickups) + len(pickups_unscheduled),
        }
        if with_names:
            figures["dietary_details"] = [
                {
                    "name": a.name,
                    "need": need_labels.get(a.dietary_need, ""),
                    "notes": a.dietary_notes or "",
                }
                for a in attendees.sorted("name")
                if a.dietary_need
            ]
            figures["rooms_undated_names"] = sorted(a.name for a in rooms_undated)
            figures["pickups_unscheduled_names"] = sorted(a.name for a in pickups_unscheduled)
        return figures

    # ------------------------------------------------------------------
    # On-site view, printed list, plans
    # ------------------------------------------------------------------
    def get_onsite_data(self):
        data = super().get_onsite_data()
        figures = self._get_logistics_counts()[self.id]
        data["logistics"] = {
            key: figures[key]
            for key in (
                "reserve_percent",
                "catering",
                "catering_total",
                "rooms",
                "rooms_undated",
                "room_nights",
                "pickups",
                "pickups_unscheduled",
                "pickup_total",
            )
        }
        return data

    def _check_can_print_logistics(self):
        """The catering and rooming list names guests: coordinators, the meeting's executor
        and administrators print it."""
        user = self.env.user
        if self.env.su or user.has_group(MANAGER_GROUP):
            return
        for meeting in self:
            if meeting.executor_id != user and not (
                user.has_group(COORDINATOR_GROUP) and meeting.initiator_id == user
            ):
                raise AccessError(
                    self.env._(
                        "Only the executor, the coordinators and the administrators of the "
                        "meeting %(meeting)s can print its catering and rooming list.",
                        meeting=meeting.name,
                    )
                )

    def action_print_logistics(self):
        self.check_access("read")
        self._check_can_print_logistics()
        return self.env.ref("meeting_management.action_report_meeting_logistics").report_action(
            self
        )

    def action_view_vip_plans(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_vip_plan_action"
        )
        action.update(
            domain=[("meeting_id", "=", self.id)],
            context={"search_default_group_by_meeting": False},
        )
        return action


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    meeting_catering_reserve_percent = fields.Float(
        string="Catering Reserve (%)",
        config_parameter=RESERVE_PARAM,
        default=DEFAULT_RESERVE_PERCENT,
    )
