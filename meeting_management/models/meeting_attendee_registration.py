"""Registration data of an attendee (参会信息收集): complete and validated contact, dietary,
accommodation (arrival and departure nights) and pick-up (arrival time and place) details,
and the link to a VIP guest's reception plan. Changes update the meeting's live catering,
rooming and pick-up counts (``meeting_meeting_logistics.py``)."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import single_email_re

from .meeting_attendee_checkin import PHONE_RE, PHONE_SEPARATORS_RE

# Changes that alter the live catering / rooming / pick-up counts.
LOGISTICS_FIELDS = {
    "dietary_need",
    "needs_accommodation",
    "accommodation_arrival_date",
    "accommodation_departure_date",
    "needs_pickup",
    "pickup_datetime",
    "pickup_place",
    "invitation_state",
    "meeting_id",
}

REGISTRATION_FIELDS = (
    "name",
    "attendee_type",
    "company_name",
    "job_title",
    "phone",
    "email",
    "dietary_need",
    "dietary_notes",
    "needs_accommodation",
    "accommodation_arrival_date",
    "accommodation_departure_date",
    "needs_pickup",
    "pickup_datetime",
    "pickup_place",
    "invitation_state",
)


class MeetingAttendee(models.Model):
    _inherit = "meeting.attendee"

    accommodation_arrival_date = fields.Date(
        string="First Night", help="The night the guest checks in at the hotel."
    )
    accommodation_departure_date = fields.Date(
        string="Check-out Date", help="The day the guest leaves the hotel (not a night)."
    )
    pickup_datetime = fields.Datetime(
        string="Pick-up Time", help="When the guest arrives and is to be picked up."
    )
    pickup_place = fields.Char(string="Pick-up Place", help="e.g. Hongqiao Airport T2")
    pickup_reference = fields.Char(string="Flight / Train", help="e.g. MU5101")
    vip_plan_ids = fields.One2many("meeting.vip.plan", "attendee_id", string="Reception Plans")
    has_vip_plan = fields.Boolean(compute="_compute_has_vip_plan", string="Has Reception Plan")

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    def _compute_has_vip_plan(self):
        # sudo: whether a plan exists (not what it holds); the plan itself stays confidential
        with_plan = set(
            self.env["meeting.vip.plan"]
            .sudo()
            .search([("attendee_id", "in", self.ids)])
            .attendee_id.ids
        )
        for attendee in self:
            attendee.has_vip_plan = attendee.id in with_plan

    @api.constrains(*REGISTRATION_FIELDS)
    def _check_registration(self):
        for attendee in self:
            problems = attendee._registration_problems()
            if problems:
                raise ValidationError(
                    self.env._(
                        "The registration of %(name)s is incomplete or invalid:\n%(problems)s",
                        name=attendee.name,
                        problems="\n".join(f"- {problem}" for problem in problems),
                    )
                )

    def _registration_problems(self):
        """What is missing or wrong in the registration, in words for the coordinator.

        Formats are checked always, completeness once the attendee is confirmed. Walk-ins,
        registered at the door with what the guest gave, are left to the executor.
        """
        self.ensure_one()
        problems = []
        if self.is_walk_in:
            # registered at the door (name, and what the guest gave): the executor completes it
            return problems
        # sudo: the coordinator-only contact fields are checked, not returned
        phone, email = self.sudo().phone, self.sudo().email
        if not (self.name or "").strip():
            problems.append(self.env._("the full name is missing"))
        if phone and not PHONE_RE.match(PHONE_SEPARATORS_RE.sub("", phone)):
            problems.append(self.env._("the phone number %(phone)s is not valid", phone=phone))
        if email and not single_email_re.match(email.strip()):
            problems.append(self.env._("the e-mail address %(email)s is not valid", email=email))
        arrival, departure = self.accommodation_arrival_date, self.accommodation_departure_date
        if arrival and departure and departure <= arrival:
            problems.append(self.env._("the check-out date must come after the first night"))
        if self.invitation_state != "confirmed":
            return problems
        if self.dietary_need in ("allergy", "other") and not (self.dietary_notes or "").strip():
            problems.append(self.env._("the dietary details are missing (what to avoid)"))
        if self.attendee_type == "external":
            if not (self.company_name or "").strip():
                problems.append(self.env._("the company of the external guest is missing"))
            if not (self.job_title or "").strip():
                problems.append(self.env._("the title of the external guest is missing"))
            if not (phone or email):
                problems.append(self.env._("a phone number or an e-mail address is missing"))
        if self.needs_accommodation and not (arrival and departure):
            problems.append(
                self.env._(
                    "accommodation is needed: the first night and the check-out date are missing"
                )
            )
        if self.needs_pickup and not (self.pickup_datetime and (self.pickup_place or "").strip()):
            problems.append(
                self.env._("a pick-up is needed: the arrival time and place are missing")
            )
        return problems

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def write(self, vals):
        meetings = self.meeting_id
        res = super().write(vals)
        if LOGISTICS_FIELDS & set(vals):
            (meetings | self.meeting_id)._notify_onsite_update("logistics")
        if vals.get("vip_level_id"):
            # sudo: the plans of these guests follow their new level (the plan's own fields
            # stay as the coordinator set them; "Reset from Level" copies the standard)
            plans = self.sudo().vip_plan_ids
            plans.write({"vip_level_id": vals["vip_level_id"]})
            plans._sync_tasks()
        return res

    def copy_data(self, default=None):
        # a copy is a new registration: invited, to be completed and confirmed
        default = dict(default or {})
        default.setdefault("invitation_state", "invited")
        return super().copy_data(default)

    def unlink(self):
        meetings = self.meeting_id
        res = super().unlink()
        meetings.exists()._notify_onsite_update("logistics")
        return res

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_open_vip_plan(self):
        """The guest's reception plan, created from their VIP level on first opening."""
        self.ensure_one()
        if not self.vip_level_id:
            raise UserError(
                self.env._("Give %(name)s a VIP level first: the plan follows it.", name=self.name)
            )
        Plan = self.env["meeting.vip.plan"]
        # sudo: finds the guest's plan (one per guest); opening it applies the plan's rules
        plan = Plan.sudo().search([("attendee_id", "=", self.id)], limit=1).sudo(False)
        if not plan:
            plan = Plan.create({"attendee_id": self.id, "vip_level_id": self.vip_level_id.id})
        plan._check_can_read_itinerary()
        return plan._get_records_action(name=self.env._("Reception Plan"))
