"""One leg of a VIP guest's itinerary (行程): arrival, transfer, hotel, departure, each with a
time, a place, the vehicle and driver and the person responsible. An internal responsible who
may see the itinerary gets a private calendar event, moved with the leg."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Changes that move the responsible's calendar event.
EVENT_FIELDS = {
    "leg_type",
    "date_start",
    "date_end",
    "place",
    "vehicle",
    "driver",
    "responsible_user_id",
    "plan_id",
}

DEFAULT_EVENT_MINUTES = 30


class MeetingVipLeg(models.Model):
    _name = "meeting.vip.leg"
    _inherit = ["meeting.vip.itinerary.mixin"]
    _description = "VIP Itinerary Leg"
    _order = "plan_id, date_start, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one(
        "meeting.vip.plan", string="Reception Plan", required=True, ondelete="cascade", index=True
    )
    meeting_id = fields.Many2one(related="plan_id.meeting_id", store=True, index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    leg_type = fields.Selection(
        [
            ("arrival", "Arrival"),
            ("transfer", "Transfer"),
            ("hotel", "Hotel"),
            ("departure", "Departure"),
            ("other", "Other"),
        ],
        string="Leg",
        required=True,
        default="arrival",
    )
    date_start = fields.Datetime(string="Time", required=True)
    date_end = fields.Datetime(string="Until")
    place = fields.Char(required=True, help="e.g. Hongqiao Airport T2, flight MU5101")
    vehicle = fields.Char(help="Vehicle and plate number")
    driver = fields.Char(help="Driver's name and phone")
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        domain="[('share', '=', False)]",
        help="An internal responsible is added to the reception staff and gets a calendar "
        "event once they have acknowledged the confidentiality terms.",
    )
    responsible_name = fields.Char(
        string="Responsible (External)", help="When the responsible is not a user, e.g. the hotel."
    )
    note = fields.Char()
    calendar_event_id = fields.Many2one(
        "calendar.event", string="Calendar Event", readonly=True, copy=False, ondelete="set null"
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for leg in self:
            if leg.date_end and leg.date_start and leg.date_end < leg.date_start:
                raise ValidationError(
                    self.env._(
                        "The leg %(leg)s at %(place)s ends before it starts.",
                        leg=leg._leg_label(),
                        place=leg.place,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        legs = super().create(vals_list)
        legs.plan_id._check_can_manage()
        legs._add_responsibles_to_staff()
        legs._sync_calendar_events()
        legs.plan_id._sync_tasks()
        return legs

    def write(self, vals):
        self.plan_id._check_can_manage()
        plans = self.plan_id
        res = super().write(vals)
        if EVENT_FIELDS & set(vals):
            self._add_responsibles_to_staff()
            self._sync_calendar_events()
        if {"date_start", "leg_type", "plan_id"} & set(vals):
            (plans | self.plan_id)._sync_tasks()
        return res

    def unlink(self):
        self.plan_id._check_can_manage()
        plans = self.plan_id
        # sudo: the events were created by the legs for their responsibles (see below)
        self.sudo().calendar_event_id.unlink()
        res = super().unlink()
        plans.exists()._sync_tasks()
        return res

    # Reads of legs are accesses to the itinerary, logged (meeting.vip.itinerary.mixin)
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if set(fnames or ()) - {"id", "display_name"}:
            self.plan_id._log_itinerary_access("read")
        return result

    def export_data(self, fields_to_export):
        self.plan_id._log_itinerary_access("export")
        return super().export_data(fields_to_export)

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _leg_label(self):
        self.ensure_one()
        return dict(self._fields["leg_type"]._description_selection(self.env)).get(self.leg_type)

    def _add_responsibles_to_staff(self):
        for leg in self:
            user = leg.responsible_user_id
            if user and user not in leg.plan_id.staff_user_ids:
                leg.plan_id.staff_user_ids = [fields.Command.link(user.id)]

    def _sync_calendar_events(self):
        """A private event in the responsible's calendar, for a responsible who may see the
        itinerary; removed when they may not (yet) or the leg has no internal responsible."""
        # sudo: the event is the responsible's (another user's calendar); it mirrors a leg
        # the current user may change, and is private (others see "busy" only).
        Event = self.env["calendar.event"].sudo()
        model_id = self.env["ir.model"]._get_id("meeting.vip.plan")
        for leg in self.sudo():
            user = leg.responsible_user_id
            plan = leg.plan_id
            if not user or not plan._may_see(user):
                if leg.calendar_event_id:
                    event = leg.calendar_event_id
                    leg.calendar_event_id = False
                    event.unlink()
                continue
            stop = leg.date_end or leg.date_start + timedelta(minutes=DEFAULT_EVENT_MINUTES)
            description = "\n".join(
                part
                for part in (
                    leg.vehicle and self.env._("Vehicle: %(vehicle)s", vehicle=leg.vehicle),
                    leg.driver and self.env._("Driver: %(driver)s", driver=leg.driver),
                    leg.note,
                )
                if part
            )
            vals = {
                "name": self.env._(
                    "VIP %(leg)s: %(guest)s", leg=leg._leg_label(), guest=plan.guest_name
                ),
                "start": leg.date_start,
                "stop": max(stop, leg.date_start + timedelta(minutes=1)),
                "location": leg.place,
                "description": description,
                "user_id": user.id,
                "partner_ids": [fields.Command.set(user.partner_id.ids)],
                "privacy": "private",
                "res_model_id": model_id,
                "res_id": plan.id,
            }
            if leg.calendar_event_id:
                leg.calendar_event_id.write(vals)
            else:
                leg.calendar_event_id = Event.with_context(no_mail_to_attendees=True).create(vals)
