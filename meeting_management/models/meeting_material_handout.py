from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare

from .rpc_args import is_id

# set by the hand-out and return actions only
FLOW_FIELDS = {
    "handed_by_id",
    "date_handed",
    "quantity_returned",
    "date_returned",
    "returned_by_id",
}
# what the staff may still change on a recorded hand-out
EDITABLE_FIELDS = {"signature", "notes"}


class MeetingMaterialHandout(models.Model):
    """One line of the sign-off sheet (签收表): who received what, how many, when, from which
    staff member, signed on the tablet; and, for rented and confidential items, when it came
    back. A confidential item is tracked from its hand-out to its return: it needs a
    signature, and the meeting cannot be closed while it is out."""

    _name = "meeting.material.handout"
    _description = "Material Hand-out"
    _order = "date_handed desc, id desc"
    _check_company_auto = True
    _rec_name = "recipient_name"

    line_id = fields.Many2one(
        "meeting.material.line",
        string="Material",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    meeting_id = fields.Many2one(
        related="line_id.meeting_id", store=True, index=True, string="Meeting"
    )
    company_id = fields.Many2one(related="line_id.company_id", store=True, index=True)
    is_confidential = fields.Boolean(related="line_id.is_confidential", store=True)
    is_returnable = fields.Boolean(related="line_id.is_returnable", store=True)
    attendee_id = fields.Many2one(
        "meeting.attendee",
        string="Attendee",
        index="btree_not_null",
        domain="[('meeting_id', '=', meeting_id)]",
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Employee", index="btree_not_null", check_company=True
    )
    recipient_name = fields.Char(string="Recipient", compute="_compute_recipient_name", store=True)
    quantity = fields.Float(digits=(16, 2), default=1.0, required=True)
    date_handed = fields.Datetime(string="Handed Out On", readonly=True)
    handed_by_id = fields.Many2one("res.users", string="Handed Out By", readonly=True)
    signature = fields.Binary(copy=False, attachment=True)
    quantity_returned = fields.Float(string="Returned", digits=(16, 2), readonly=True)
    date_returned = fields.Datetime(string="Returned On", readonly=True)
    returned_by_id = fields.Many2one("res.users", string="Return Taken By", readonly=True)
    state = fields.Selection(
        [("handed", "Handed Out"), ("out", "To Return"), ("returned", "Returned")],
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
    )
    notes = fields.Char()

    # ------------------------------------------------------------------
    # Computes and constraints
    # ------------------------------------------------------------------
    @api.depends("attendee_id.name", "employee_id.name")
    def _compute_recipient_name(self):
        for handout in self:
            handout.recipient_name = handout.attendee_id.name or handout.employee_id.name or ""

    @api.depends("is_returnable", "quantity", "quantity_returned")
    def _compute_state(self):
        for handout in self:
            if handout.quantity_returned and handout.quantity_returned >= handout.quantity:
                handout.state = "returned"
            elif handout.is_returnable:
                handout.state = "out"
            else:
                handout.state = "handed"

    def _check_vals_types(self, vals_list):
        """Values from an RPC call: ids are ids and the quantity a number (a clear error, not a
        traceback)."""
        for vals in vals_list:
            if not isinstance(vals, dict):
                raise UserError(self.env._("Invalid values: expected a dictionary."))
            for key in ("line_id", "attendee_id", "employee_id"):
                if vals.get(key) and not is_id(vals[key]):
                    raise UserError(self.env._("Invalid record reference: expected record ids."))
            quantity = vals.get("quantity", 1.0)
            if isinstance(quantity, bool) or not isinstance(quantity, (int, float)):
                raise UserError(self.env._("The quantity handed out must be a number."))

    def _check_new_handouts(self, vals_list):
        """The checks of a new hand-out, before anything is written: one recipient (an
        attendee of the meeting or an employee), a positive quantity within what was
        received, and the recipient's signature for a confidential item."""
        Line = self.env["meeting.material.line"]
        Attendee = self.env["meeting.attendee"]
        new_quantities = {}
        for vals in vals_list:
            quantity = vals.get("quantity", 1.0)
            line = Line.browse(vals.get("line_id")).exists()
            if not line:
                raise ValidationError(self.env._("Choose the material handed out."))
            if bool(vals.get("attendee_id")) == bool(vals.get("employee_id")):
                raise ValidationError(
                    self.env._(
                        "A hand-out of %(name)s goes to one attendee or one employee.",
                        name=line.name,
                    )
                )
            # sudo: only the attendee's meeting is compared with the line's
            attendee = Attendee.sudo().browse(vals.get("attendee_id"))
            if attendee and attendee.meeting_id != line.meeting_id:
                raise ValidationError(
                    self.env._(
                        "%(attendee)s is not an attendee of %(meeting)s.",
                        attendee=attendee.name,
                        meeting=line.meeting_id.display_name,
                    )
                )
            if quantity <= 0:
                raise ValidationError(self.env._("Hand out at least one %(name)s.", name=line.name))
            if line.is_confidential and not vals.get("signature"):
                raise ValidationError(
                    self.env._(
                        "%(name)s is confidential: the recipient signs for it.", name=line.name
                    )
                )
            new_quantities[line] = new_quantities.get(line, 0.0) + quantity
        for line, quantity in new_quantities.items():
            # sudo: the total of the line's hand-outs, whoever may read them
            handed = sum(line.sudo().handout_ids.mapped("quantity")) + quantity
            if float_compare(handed, line.quantity_received, precision_digits=2) > 0:
                raise ValidationError(
                    self.env._(
                        "Only %(received)s of %(name)s were received: %(handed)s cannot be "
                        "handed out.",
                        received=line._fmt_quantity(line.quantity_received),
                        name=line.name,
                        handed=line._fmt_quantity(handed),
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._check_vals_types(vals_list)
        now = fields.Datetime.now()
        lines = self.env["meeting.material.line"].browse(
            {vals.get("line_id") for vals in vals_list if vals.get("line_id")}
        )
        if not self.env.su:
            if any(FLOW_FIELDS & set(vals) for vals in vals_list):
                raise UserError(
                    self.env._(
                        "Who handed an item out, when, and its return are recorded by the "
                        "sign-off sheet, not typed in."
                    )
                )
            lines._check_can_hand_out()
        self._check_new_handouts(vals_list)
        vals_list = [
            {"handed_by_id": self.env.uid, "date_handed": now, **vals} for vals in vals_list
        ]
        handouts = super().create(vals_list)
        # sudo: recording a hand-out (checked above) moves a received line to distributed
        # and logs the hand-out on the line, whoever owns it
        lines.sudo().filtered(lambda line: line.state == "received").write({"state": "distributed"})
        for handout in handouts:
            handout.line_id.sudo().message_post(
                body=self.env._(
                    "%(qty)s handed out to %(who)s by %(staff)s.",
                    qty=handout.line_id._fmt_quantity(handout.quantity),
                    who=handout.recipient_name,
                    staff=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        handouts.meeting_id._notify_onsite_update("materials")
        return handouts

    def write(self, vals):
        if not self.env.su:
            requested = set(vals)
            if not requested <= EDITABLE_FIELDS:
                raise UserError(
                    self.env._(
                        "A recorded hand-out keeps its recipient, material and quantity; only "
                        "its signature and notes can be completed. Record the return with its "
                        "button."
                    )
                )
            self.line_id._check_can_hand_out_staff()
            if "signature" in vals and not vals["signature"] and self.filtered("is_confidential"):
                raise ValidationError(
                    self.env._("A confidential hand-out keeps the recipient's signature.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_staff(self):
        if self.env.su:
            return
        self.meeting_id._check_can_manage_materials()
        returned = self.filtered("quantity_returned")
        if returned:
            raise UserError(
                self.env._(
                    "The hand-out of %(name)s to %(who)s has a return recorded: it stays on the "
                    "sign-off sheet.",
                    name=returned[0].line_id.name,
                    who=returned[0].recipient_name,
                )
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_return(self):
        """Record the return of everything still out on these hand-outs."""
        self.line_id._check_can_hand_out_staff()
        now = fields.Datetime.now()
        todo = self.filtered(lambda h: h.quantity_returned < h.quantity)
        if not todo:
            raise UserError(self.env._("Everything of these hand-outs is already returned."))
        for handout in todo:
            if handout.meeting_id.state in ("closed", "cancelled"):
                handout.meeting_id._check_closed_lock(lines=handout.line_id._line_description())
        # sudo: the staff member may record the return (checked above); the return fields
        # are flow fields, and the note goes on the line whoever owns it
        for handout in todo.sudo():
            returned = handout.quantity - handout.quantity_returned
            handout.write(
                {
                    "quantity_returned": handout.quantity,
                    "date_returned": now,
                    "returned_by_id": self.env.uid,
                }
            )
            handout.line_id.message_post(
                body=self.env._(
                    "%(qty)s returned by %(who)s to %(staff)s.",
                    qty=handout.line_id._fmt_quantity(returned),
                    who=handout.recipient_name,
                    staff=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        todo.meeting_id._notify_onsite_update("materials")
        return True
