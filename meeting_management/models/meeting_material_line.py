from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .meeting_material_template import MATERIAL_CATEGORIES, MATERIAL_SOURCES

MATERIAL_STATES = [
    ("to_order", "To Order"),
    ("ordered", "Ordered"),
    ("received", "Received"),
    ("distributed", "Distributed"),
    ("returned", "Returned"),
]
# the states in which the meeting holds the items (received and not given back)
HELD_STATES = ("received", "distributed")
# what the owner of a line (who does not manage the checklist) may change on it
OWNER_WRITABLE_FIELDS = {"quantity_received", "notes"}
# moved by the status actions only
FLOW_FIELDS = {"state"}
# the transitions: action -> (states it may be taken from, target state)
TRANSITIONS = {
    "order": (("to_order",), "ordered"),
    "receive": (("to_order", "ordered"), "received"),
    "distribute": (("received",), "distributed"),
    "return": (HELD_STATES, "returned"),
    "reset": (("ordered", "received"), "to_order"),
}


class MeetingMaterialLine(models.Model):
    """A line of a meeting's materials checklist (物资清单): what, how many, from where, who
    gets it by when, and where it stands (to order → ordered → received → distributed →
    returned). The hand-outs to people are signed off on ``meeting.material.handout``
    (签收表); rented and confidential items are tracked until they are returned."""

    _name = "meeting.material.line"
    _description = "Meeting Material"
    _inherit = ["mail.thread", "meeting.line.mixin"]
    _order = "meeting_id, category, sequence, id"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    meeting_id = fields.Many2one(
        "meeting.meeting", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="meeting_id.company_id", store=True, index=True)
    meeting_state = fields.Selection(related="meeting_id.state", string="Meeting Status")
    sequence = fields.Integer(default=10)
    template_id = fields.Many2one(
        "meeting.material.template", string="Template", ondelete="set null", readonly=True
    )
    name = fields.Char(string="Material", required=True, tracking=True)
    category = fields.Selection(MATERIAL_CATEGORIES, required=True, default="documents")
    source = fields.Selection(MATERIAL_SOURCES, required=True, default="buy", tracking=True)
    quantity_planned = fields.Float(
        string="Planned", digits=(16, 2), default=1.0, required=True, tracking=True
    )
    quantity_received = fields.Float(string="Received", digits=(16, 2), tracking=True)
    quantity_handed = fields.Float(
        string="Handed Out", digits=(16, 2), compute="_compute_handout_quantities", store=True
    )
    quantity_out = fields.Float(
        string="Not Returned",
        digits=(16, 2),
        compute="_compute_handout_quantities",
        store=True,
        help="Handed out against a return (rented or confidential items) and not back yet.",
    )
    quantity_short = fields.Float(
        string="Short",
        digits=(16, 2),
        compute="_compute_quantity_short",
        store=True,
        help="Planned but not received yet.",
    )
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    date_due = fields.Datetime(string="Due", tracking=True)
    state = fields.Selection(
        MATERIAL_STATES,
        string="Status",
        default="to_order",
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    is_confidential = fields.Boolean(string="Confidential", tracking=True)
    is_returnable = fields.Boolean(
        string="To Be Returned",
        compute="_compute_is_returnable",
        store=True,
        help="Rented and confidential items go back after the meeting: their hand-outs are "
        "tracked until returned and closing waits for them.",
    )
    notes = fields.Text()
    handout_ids = fields.One2many("meeting.material.handout", "line_id", string="Hand-outs")
    handout_count = fields.Integer(compute="_compute_handout_count")
    can_manage = fields.Boolean(compute="_compute_can_manage")
    can_update_state = fields.Boolean(compute="_compute_can_manage")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("source", "is_confidential")
    def _compute_is_returnable(self):
        for line in self:
            line.is_returnable = line.source == "rent" or line.is_confidential

    @api.depends(
        "handout_ids.quantity", "handout_ids.quantity_returned", "source", "is_confidential"
    )
    def _compute_handout_quantities(self):
        for line in self:
            handouts = line.handout_ids
            line.quantity_handed = sum(handouts.mapped("quantity"))
            returnable = line.source == "rent" or line.is_confidential
            line.quantity_out = (
                sum(h.quantity - h.quantity_returned for h in handouts) if returnable else 0.0
            )

    @api.depends("quantity_planned", "quantity_received")
    def _compute_quantity_short(self):
        for line in self:
            line.quantity_short = max(0.0, line.quantity_planned - line.quantity_received)

    def _compute_handout_count(self):
        counts = dict(
            self.env["meeting.material.handout"]._read_group(
                [("line_id", "in", self.ids)], ["line_id"], ["__count"]
            )
        )
        for line in self:
            line.handout_count = counts.get(line, 0)

    @api.depends_context("uid")
    @api.depends("owner_id", "meeting_id.executor_id", "meeting_id.checkin_staff_ids")
    def _compute_can_manage(self):
        for line in self:
            line.can_manage = line.meeting_id._can_manage_materials()
            line.can_update_state = line.can_manage or line.owner_id == self.env.user

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("quantity_planned", "quantity_received")
    def _check_quantities(self):
        for line in self:
            if line.quantity_planned <= 0 or line.quantity_received < 0:
                raise ValidationError(
                    self.env._(
                        "The material %(name)s needs a positive planned quantity and a received "
                        "quantity of 0 or more.",
                        name=line.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if vals.get("state", "to_order") != "to_order":
                    raise UserError(
                        self.env._(
                            "A new material starts as To Order; its status follows the status "
                            "buttons."
                        )
                    )
            meetings = self.env["meeting.meeting"].browse(
                {vals["meeting_id"] for vals in vals_list if vals.get("meeting_id")}
            )
            meetings._check_can_manage_materials()
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if FLOW_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "The status of a material moves through its buttons (Ordered, Received, "
                        "Distributed, Returned), not by hand."
                    )
                )
            self._check_can_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_handed_out(self):
        if self.env.su:
            return
        self.meeting_id._check_can_manage_materials()
        handed = self.filtered("handout_ids")
        if handed:
            raise UserError(
                self.env._(
                    "The material %(name)s has hand-outs on its sign-off sheet and cannot be "
                    "deleted.",
                    name=handed[0].name,
                )
            )

    def _check_can_write(self, vals):
        """The checklist's managers edit everything; the owner of a line updates its received
        quantity and notes (its status through the buttons)."""
        technical = {f for f in vals if f.startswith(("message_", "activity_"))}
        requested = set(vals) - technical
        if not requested:
            return
        for line in self:
            if line.can_manage:
                continue
            if line.can_update_state and requested <= OWNER_WRITABLE_FIELDS:
                continue
            if line.can_update_state:
                raise AccessError(
                    self.env._(
                        "You can only update the received quantity and the notes of your "
                        "material %(name)s; ask the meeting's executor to change the rest.",
                        name=line.name,
                    )
                )
            raise AccessError(
                self.env._(
                    "The material %(name)s is owned by %(owner)s: only its owner or the "
                    "meeting's executor can change it.",
                    name=line.name,
                    owner=line.owner_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_order(self):
        self._set_state("order")
        return True

    def action_receive(self):
        self._set_state("receive")
        return True

    def action_distribute(self):
        self._set_state("distribute")
        return True

    def action_return(self):
        self._set_state("return")
        return True

    def action_reset(self):
        self._set_state("reset")
        return True

    def action_view_handouts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_material_handout_action"
        )
        action["domain"] = [("line_id", "=", self.id)]
        action["context"] = {
            "default_line_id": self.id,
            "default_quantity": 1,
        }
        action["display_name"] = self.env._("Sign-off: %(name)s", name=self.name)
        return action

    def action_new_handout(self):
        """The sign-off form for one more hand-out of this material (tablet, at the door)."""
        self.ensure_one()
        self._check_can_hand_out()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Hand Out: %(name)s", name=self.name),
            "res_model": "meeting.material.handout",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id, "default_quantity": 1},
        }

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _check_can_update_state(self):
        if self.env.su:
            return
        for line in self:
            if not line.can_update_state:
                raise AccessError(
                    self.env._(
                        "Only %(owner)s (the owner) or the meeting's executor can change the "
                        "status of the material %(name)s.",
                        owner=line.owner_id.name,
                        name=line.name,
                    )
                )

    def _set_state(self, action):
        """The single entry point of status changes: ``action`` is a key of TRANSITIONS."""
        self._check_can_update_state()
        sources, target = TRANSITIONS[action]
        if action == "reset":
            # going back is a correction of the checklist, not a step of its owner
            self.meeting_id._check_can_manage_materials()
        labels = dict(self._fields["state"]._description_selection(self.env))
        for line in self:
            if line.state == target:
                continue
            if line.meeting_id.state in ("closed", "cancelled"):
                line.meeting_id._check_closed_lock(lines=line._line_description())
            if line.state not in sources:
                raise UserError(
                    self.env._(
                        "The material %(name)s is %(state)s: it cannot become %(target)s.",
                        name=line.name,
                        state=labels[line.state],
                        target=labels[target],
                    )
                )
            if action == "return" and line.is_returnable and line.quantity_out:
                raise UserError(
                    self.env._(
                        "%(count)s of the material %(name)s are still out: record their return "
                        "on the sign-off sheet first (%(who)s).",
                        count=self._fmt_quantity(line.quantity_out),
                        name=line.name,
                        who=", ".join(
                            line.handout_ids.filtered(lambda h: h.state == "out").mapped(
                                "recipient_name"
                            )
                        ),
                    )
                )
            if action == "reset" and line.handout_ids:
                raise UserError(
                    self.env._(
                        "The material %(name)s has been handed out: it cannot go back to To Order.",
                        name=line.name,
                    )
                )
        # sudo: the user may move these lines (checked above); the status is a flow field
        lines = self.sudo().filtered(lambda line: line.state != target)
        for line in lines:
            vals = {"state": target}
            if action == "receive" and not line.quantity_received:
                vals["quantity_received"] = line.quantity_planned
            if action == "reset":
                vals["quantity_received"] = 0.0
            line.write(vals)
        self.meeting_id._notify_onsite_update("materials")

    def _check_can_hand_out_staff(self):
        """Hand-outs and returns are recorded by the meeting's check-in staff, its executor,
        the line's owner or a meeting administrator."""
        for line in self:
            meeting = line.meeting_id
            if not (self.env.su or line.can_update_state or meeting._is_checkin_staff()):
                raise AccessError(
                    self.env._(
                        "Only the staff of %(meeting)s can record hand-outs of %(name)s.",
                        meeting=meeting.display_name,
                        name=line.name,
                    )
                )

    def _check_can_hand_out(self):
        """A new hand-out: by the staff (above), once the material is received, while the
        meeting is not closed."""
        self._check_can_hand_out_staff()
        self.meeting_id._check_closed_lock(lines=self._line_description())
        labels = dict(self._fields["state"]._description_selection(self.env))
        for line in self:
            if line.state not in HELD_STATES:
                raise UserError(
                    self.env._(
                        "The material %(name)s is %(state)s: hand it out once it is received.",
                        name=line.name,
                        state=labels[line.state],
                    )
                )

    @api.model
    def _fmt_quantity(self, quantity):
        return f"{quantity:g}"
