"""A VIP attendee's reception plan (VIP接待方案), built from their VIP level: the reception
standard, the itinerary legs, preferences and taboos, room checks as tasks of the meeting's
plan, the staff assigned and their confidentiality acknowledgements (保密协议).

Who sees a plan (record rules in ``security/meeting_rules.xml``): the assigned staff once they
have acknowledged the confidentiality terms, the meeting's executor, coordinators of the
meeting (executor or initiator) and meeting administrators. Every read of the itinerary by a
user is logged (``meeting.vip.access.log``).
"""

from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

COORDINATOR_GROUP = "meeting_management.group_meeting_coordinator"
MANAGER_GROUP = "meeting_management.group_meeting_manager"

# Fields whose read is an access to the itinerary (logged).
ITINERARY_FIELDS = frozenset(
    ("leg_ids", "dietary_preferences", "customs", "notes", "arrival_datetime", "departure_datetime")
)

# Fields copied from the VIP level when a plan is created.
STANDARD_FIELDS = (
    "vehicle_class",
    "accommodation_standard",
    "seat_zone",
    "security_level",
    "welcome_user_id",
    "welcome_role",
)


class MeetingVipPlan(models.Model):
    _name = "meeting.vip.plan"
    _description = "VIP Reception Plan"
    _inherit = ["mail.thread", "meeting.vip.itinerary.mixin"]
    _order = "meeting_id, arrival_datetime, id"
    _check_company_auto = True
    _rec_name = "guest_name"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    attendee_id = fields.Many2one(
        "meeting.attendee",
        string="VIP Guest",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    meeting_id = fields.Many2one(
        related="attendee_id.meeting_id", store=True, index=True, string="Meeting"
    )
    company_id = fields.Many2one(related="attendee_id.company_id", store=True, index=True)
    # related fields are read as superuser: the staff may read the plan, not the attendee
    guest_name = fields.Char(related="attendee_id.name", string="Guest")
    guest_company = fields.Char(related="attendee_id.company_name", string="Guest Company")
    guest_title = fields.Char(related="attendee_id.job_title", string="Title")
    vip_level_id = fields.Many2one("meeting.vip.level", string="VIP Level", ondelete="restrict")
    # the reception standard, copied from the level (the guest's own plan may differ)
    vehicle_class = fields.Char(string="Vehicle Class")
    accommodation_standard = fields.Char(string="Accommodation Standard")
    seat_zone = fields.Char(string="Seat Zone")
    security_level = fields.Selection(
        [("standard", "Standard"), ("enhanced", "Enhanced"), ("high", "High")],
        string="Security Level",
        default="standard",
        required=True,
    )
    welcome_user_id = fields.Many2one("res.users", string="Welcomed By")
    welcome_role = fields.Char(string="Welcomed By (Role)")
    dietary_preferences = fields.Text(string="Dietary Preferences", help="饮食偏好")
    customs = fields.Text(
        string="Customs and Taboos", help="Religious customs, taboos, things to avoid."
    )
    notes = fields.Text(string="Reception Notes")

    staff_user_ids = fields.Many2many(
        "res.users",
        "meeting_vip_plan_staff_rel",
        "plan_id",
        "user_id",
        string="Reception Staff",
        domain="[('share', '=', False)]",
        help="Staff assigned to this reception. Each one acknowledges the confidentiality "
        "terms before they can see the itinerary.",
    )
    room_check_user_id = fields.Many2one(
        "res.users",
        string="Room Checks By",
        domain="[('share', '=', False)]",
        help="Owner of the room check tasks; the meeting's executor when empty.",
    )
    leg_ids = fields.One2many("meeting.vip.leg", "plan_id", string="Itinerary")
    task_ids = fields.One2many("meeting.task", "vip_plan_id", string="Tasks")
    task_count = fields.Integer(compute="_compute_task_count")
    acknowledgement_ids = fields.One2many(
        "meeting.vip.acknowledgement", "plan_id", string="Acknowledgements"
    )
    # Stored, kept by the acknowledgements: the record rules read it (staff ∩ acknowledged).
    acknowledged_user_ids = fields.Many2many(
        "res.users",
        "meeting_vip_plan_ack_user_rel",
        "plan_id",
        "user_id",
        string="Staff Cleared",
        compute="_compute_acknowledged_user_ids",
        store=True,
    )
    access_log_ids = fields.One2many(
        "meeting.vip.access.log", "plan_id", string="Access Log", groups=COORDINATOR_GROUP
    )
    arrival_datetime = fields.Datetime(
        string="Arrival", compute="_compute_arrival_departure", store=True
    )
    departure_datetime = fields.Datetime(
        string="Departure", compute="_compute_arrival_departure", store=True
    )
    can_manage = fields.Boolean(compute="_compute_can_manage")

    _attendee_unique = models.Constraint(
        "unique(attendee_id)", "A VIP guest has one reception plan."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("staff_user_ids", "acknowledgement_ids.state", "acknowledgement_ids.user_id")
    def _compute_acknowledged_user_ids(self):
        for plan in self:
            done = plan.acknowledgement_ids.filtered(lambda a: a.state == "acknowledged")
            plan.acknowledged_user_ids = done.user_id & plan.staff_user_ids

    @api.depends("leg_ids.leg_type", "leg_ids.date_start", "leg_ids.date_end")
    def _compute_arrival_departure(self):
        for plan in self:
            legs = plan.leg_ids.filtered("date_start").sorted("date_start")
            arrivals = legs.filtered(lambda leg: leg.leg_type == "arrival") or legs[:1]
            departures = legs.filtered(lambda leg: leg.leg_type == "departure") or legs[-1:]
            plan.arrival_datetime = arrivals[:1].date_start
            plan.departure_datetime = departures[-1:].date_start

    def _compute_task_count(self):
        for plan in self:
            plan.task_count = len(plan.task_ids)

    @api.depends_context("uid")
    def _compute_can_manage(self):
        for plan in self:
            plan.can_manage = plan._is_manager(self.env.user)

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        Level = self.env["meeting.vip.level"]
        for vals in vals_list:
            level = Level.browse(vals.get("vip_level_id"))
            if not level and vals.get("attendee_id"):
                # sudo: the level of the guest the plan is for, only its id
                level = self.env["meeting.attendee"].sudo().browse(vals["attendee_id"]).vip_level_id
                vals["vip_level_id"] = level.id
            for fname in STANDARD_FIELDS:
                if fname not in vals and level:
                    value = level[fname]
                    vals[fname] = value.id if isinstance(value, models.BaseModel) else value
        plans = super().create(vals_list)
        plans._check_can_manage()
        plans._sync_acknowledgements()
        # The key spares the tasks of plans kept from before (the upgrade, as superuser); a
        # client may send any context key, so a user's plan always gets its tasks.
        if not (self.env.su and self.env.context.get("meeting_vip_no_tasks")):
            plans._sync_tasks()
        return plans

    def write(self, vals):
        res = super().write(vals)
        if "staff_user_ids" in vals:
            self._sync_acknowledgements()
            self.leg_ids._sync_calendar_events()
        if {"room_check_user_id", "leg_ids"} & set(vals):
            self._sync_tasks()
        return res

    # Reads of the itinerary are logged (their RPC entry points: meeting.vip.itinerary.mixin)
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load)
        if ITINERARY_FIELDS & set(fnames or ()):
            self._log_itinerary_access("read")
        return result

    def export_data(self, fields_to_export):
        if any(path.split("/")[0] in ITINERARY_FIELDS for path in fields_to_export):
            self._log_itinerary_access("export")
        return super().export_data(fields_to_export)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_acknowledge(self):
        """The current user, assigned to these receptions, accepts the confidentiality terms."""
        acks = self.env["meeting.vip.acknowledgement"].search(
            [("plan_id", "in", self.ids), ("user_id", "=", self.env.uid)]
        )
        return acks.action_acknowledge()

    def action_view_tasks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_task_action"
        )
        action.update(
            domain=[("vip_plan_id", "=", self.id)],
            context={"default_meeting_id": self.meeting_id.id},
        )
        return action

    def action_print_itinerary(self):
        self._check_can_read_itinerary()
        return self.env.ref("meeting_management.action_report_vip_plan").report_action(self)

    def action_reset_from_level(self):
        """Copy the level's reception standard again (after the level was changed)."""
        self._check_can_manage()
        for plan in self:
            level = plan.vip_level_id
            plan.write(
                {
                    fname: (level[fname].id if fname == "welcome_user_id" else level[fname])
                    for fname in STANDARD_FIELDS
                }
            )
        self._sync_tasks()
        return True

    # ------------------------------------------------------------------
    # Business methods: who may do what
    # ------------------------------------------------------------------
    def _is_manager(self, user):
        """Coordinators of the meeting (its executor, or a coordinator who initiated it) and
        meeting administrators manage the plan and see it without an acknowledgement."""
        self.ensure_one()
        if user.has_group(MANAGER_GROUP):
            return True
        meeting = self.sudo().meeting_id
        if meeting.executor_id == user:
            return True
        return user.has_group(COORDINATOR_GROUP) and meeting.initiator_id == user

    def _may_see(self, user):
        """May ``user`` see the itinerary: a manager of the plan, or assigned and cleared."""
        self.ensure_one()
        return self._is_manager(user) or user in self.sudo().acknowledged_user_ids

    def _check_can_manage(self):
        if self.env.su:
            return
        for plan in self:
            if not plan._is_manager(self.env.user):
                raise AccessError(
                    self.env._(
                        "Only the meeting's executor, its coordinators and meeting "
                        "administrators can change the reception plan of %(guest)s.",
                        guest=plan.guest_name,
                    )
                )

    def _check_can_read_itinerary(self):
        if self.env.su:
            return
        for plan in self:
            if not plan._may_see(self.env.user):
                raise AccessError(
                    self.env._(
                        "The itinerary of %(guest)s is confidential: acknowledge the "
                        "confidentiality terms of the reception first.",
                        guest=plan.sudo().guest_name,
                    )
                )

    # ------------------------------------------------------------------
    # Business methods: the access log
    # ------------------------------------------------------------------
    def _log_itinerary_access(self, kind):
        """One log line per plan, user and transaction (a form opening reads the plan and
        its legs: one access)."""
        if self.env.su or not self:
            return
        logged = self.env.cr.cache.setdefault("meeting_vip_access_logged", set())
        todo = [pid for pid in self.ids if (pid, self.env.uid, kind) not in logged]
        if not todo:
            return
        logged.update((pid, self.env.uid, kind) for pid in todo)
        vals_list = [{"plan_id": pid, "user_id": self.env.uid, "access_kind": kind} for pid in todo]
        if self.env.cr.readonly:
            # A read-only request (the report routes): Odoo serves it again on a read/write
            # cursor when it meets this error (odoo.http), so the line is never lost.
            raise psycopg2.errors.ReadOnlySqlTransaction(
                "The VIP itinerary access log is written on a read/write cursor"
            )
        # sudo: users cannot write the log themselves; a line is added for their own read
        self.env["meeting.vip.access.log"].sudo().create(vals_list)

    # ------------------------------------------------------------------
    # Business methods: acknowledgements
    # ------------------------------------------------------------------
    def _sync_acknowledgements(self):
        """Each assigned staff member has an acknowledgement line (pending until they accept)."""
        Ack = self.env["meeting.vip.acknowledgement"].sudo()
        vals_list = []
        for plan in self:
            # sudo: the plan's own lines, compared with its staff
            existing = plan.sudo().acknowledgement_ids.user_id
            vals_list += [
                {"plan_id": plan.id, "user_id": user.id, "terms": plan._confidentiality_terms(user)}
                for user in plan.staff_user_ids - existing
            ]
        if vals_list:
            # sudo: a pending line for an assigned user; acknowledging stays their own act
            Ack.create(vals_list)

    def _confidentiality_terms(self, user):
        """The terms ``user`` accepts for this reception, in their language."""
        self.ensure_one()
        # sudo: the level's terms, shown to the staff member before they accept them
        level = self.sudo().vip_level_id.with_context(lang=user.lang)
        return level.confidentiality_terms or self.with_context(lang=user.lang).env._(
            "I will keep the itinerary, accommodation, preferences and any personal "
            "information of this guest confidential. I will not share, copy or forward them "
            "to anyone outside the reception staff, during or after the meeting."
        )

    # ------------------------------------------------------------------
    # Business methods: tasks of the meeting's plan
    # ------------------------------------------------------------------
    def _room_check_deadline(self):
        """Room checks are due the level's lead time before the guest reaches the hotel (or
        arrives, or the meeting starts)."""
        self.ensure_one()
        hotel = self.leg_ids.filtered(lambda leg: leg.leg_type == "hotel" and leg.date_start)
        start = (
            min(hotel.mapped("date_start"))
            if hotel
            else self.arrival_datetime or self.meeting_id.date_start
        )
        return start and start - timedelta(hours=self.vip_level_id.room_check_lead_hours)

    def _itinerary_deadline(self):
        self.ensure_one()
        start = self.meeting_id.date_start
        return start and start - timedelta(days=self.vip_level_id.plan_lead_days)

    def _sync_tasks(self):
        """The plan's tasks: confirm the itinerary, then one task per room check of the level.

        Created once; the deadlines of open tasks follow the itinerary. Tasks are part of
        the meeting's execution plan, so its overdue alerts cover them.
        """
        self.env.flush_all()
        Task = self.env["meeting.task"].sudo()
        for plan in self:
            # sudo: the plan's tasks are derived from the level by this method only, for a
            # plan the user may change (checked by the plan's write access just made)
            plan = plan.sudo()
            meeting = plan.meeting_id
            owner = plan.room_check_user_id or meeting.executor_id or meeting.initiator_id
            coordinator = meeting.executor_id or meeting.initiator_id
            if not owner or not meeting.date_start or not plan.vip_level_id:
                continue
            existing = plan.task_ids
            wanted = [("itinerary", "", coordinator, plan._itinerary_deadline())] + [
                ("room_check", check, owner, plan._room_check_deadline())
                for check in plan.vip_level_id._get_room_check_lines()
            ]
            vals_list = []
            for kind, check, user, deadline in wanted:
                task = existing.filtered(
                    lambda t, kind=kind, check=check: (
                        t.vip_task_kind == kind and (t.vip_check or "") == check
                    )
                )
                if task:
                    open_tasks = task.filtered(lambda t: t.state != "done")
                    updates = {}
                    if deadline and any(t.date_deadline != deadline for t in open_tasks):
                        updates["date_deadline"] = deadline
                    if kind == "room_check" and any(t.user_id != user for t in open_tasks):
                        updates["user_id"] = user.id
                    if updates:
                        open_tasks.write(updates)
                    continue
                vals_list.append(
                    {
                        "meeting_id": meeting.id,
                        "vip_plan_id": plan.id,
                        "vip_task_kind": kind,
                        "vip_check": check or False,
                        "name": plan._task_name(kind, check),
                        "user_id": user.id,
                        "date_deadline": deadline,
                        "phase": "before",
                        "priority": "2" if plan.security_level == "high" else "1",
                    }
                )
            if vals_list:
                Task.create(vals_list)

    def _task_name(self, kind, check):
        if kind == "itinerary":
            return self.env._(
                "VIP reception: confirm the itinerary of %(guest)s", guest=self.guest_name
            )
        return self.env._(
            "VIP room check for %(guest)s: %(check)s", guest=self.guest_name, check=check
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        for plan in self:
            if plan.sudo().meeting_id.state in ("in_progress", "review", "closed"):
                raise UserError(
                    self.env._(
                        "The reception plan of %(guest)s belongs to a meeting that has started: "
                        "it is kept as a record.",
                        guest=plan.guest_name,
                    )
                )
