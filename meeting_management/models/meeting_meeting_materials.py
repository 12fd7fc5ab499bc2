"""The meeting's materials checklist (物资清单) and its sign-off sheet (签收表): generation
from the meeting type's templates, the live status on the on-site view and the closing guard
(rented and confidential items must be back before the report is published)."""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .meeting_material_line import HELD_STATES

# meetings whose checklist is over (nothing generated any more)
MATERIALS_CLOSED_STATES = ("closed", "cancelled")


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    material_line_ids = fields.One2many(
        "meeting.material.line", "meeting_id", string="Materials Checklist"
    )
    material_count = fields.Integer(compute="_compute_material_counts")
    material_short_count = fields.Integer(
        string="Materials Short", compute="_compute_material_counts"
    )
    material_out_count = fields.Integer(
        string="Materials Not Returned", compute="_compute_material_counts"
    )
    can_manage_materials = fields.Boolean(compute="_compute_can_manage_materials")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends_context("uid")
    @api.depends(
        "material_line_ids.quantity_short",
        "material_line_ids.quantity_out",
        "material_line_ids.state",
    )
    def _compute_material_counts(self):
        # the figures the user may read (confidential lines only for the meeting's staff)
        Line = self.env["meeting.material.line"]
        rows = Line._read_group(
            [("meeting_id", "in", self._origin.ids)],
            ["meeting_id"],
            ["__count"],
        )
        counts = dict(rows)
        short = dict(
            Line._read_group(
                [
                    ("meeting_id", "in", self._origin.ids),
                    ("quantity_short", ">", 0),
                    ("state", "!=", "returned"),
                ],
                ["meeting_id"],
                ["__count"],
            )
        )
        out = dict(
            Line._read_group(
                [
                    ("meeting_id", "in", self._origin.ids),
                    "|",
                    ("quantity_out", ">", 0),
                    "&",
                    ("source", "=", "rent"),
                    ("state", "in", HELD_STATES),
                ],
                ["meeting_id"],
                ["__count"],
            )
        )
        for meeting in self:
            origin = meeting._origin
            meeting.material_count = counts.get(origin, 0)
            meeting.material_short_count = short.get(origin, 0)
            meeting.material_out_count = out.get(origin, 0)

    @api.depends_context("uid")
    @api.depends("executor_id", "initiator_id", "checkin_staff_ids")
    def _compute_can_manage_materials(self):
        for meeting in self:
            meeting.can_manage_materials = meeting._can_manage_materials()

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_generate_materials(self):
        """The checklist from the meeting type's material templates; generating again adds
        the templates missing from it and rescales the lines not ordered yet."""
        self._check_can_manage_materials()
        for meeting in self:
            if meeting.state in MATERIALS_CLOSED_STATES:
                raise UserError(
                    self.env._(
                        "The meeting %(meeting)s is over: its materials checklist is no longer "
                        "generated.",
                        meeting=meeting.display_name,
                    )
                )
            if not meeting.type_id.material_template_ids:
                raise UserError(
                    self.env._(
                        "The meeting type %(type)s has no material templates: add materials by "
                        "hand or configure its templates.",
                        type=meeting.type_id.name,
                    )
                )
        self._generate_materials()
        return self.action_view_materials() if len(self) == 1 else True

    def action_view_materials(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_material_line_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"default_meeting_id": self.id, "search_default_group_category": 1}
        action["display_name"] = self.env._("Materials of %(meeting)s", meeting=self.name)
        return action

    def action_view_material_handouts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_material_handout_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"search_default_group_line": 1}
        action["display_name"] = self.env._("Sign-off Sheet of %(meeting)s", meeting=self.name)
        return action

    def action_print_material_signoff(self):
        return self.env.ref(
            "meeting_management.action_report_meeting_material_signoff"
        ).report_action(self)

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _can_manage_materials(self):
        """Who manages the checklist: the meeting's host (its executor, or the initiator of a
        meeting without one), a coordinator staffing the meeting, a meeting administrator."""
        self.ensure_one()
        if self.env.su or self._is_meeting_admin():
            return True
        user = self.env.user
        # sudo: the user may not read the meeting (a line's owner); only its executor,
        # initiator and staff list are compared with the user, nothing is returned
        meeting = self.sudo()
        if meeting.executor_id == user or (
            not meeting.executor_id and meeting.initiator_id == user
        ):
            return True
        return (
            user.has_group("meeting_management.group_meeting_coordinator")
            and user in meeting.checkin_staff_ids
        )

    def _check_can_manage_materials(self):
        for meeting in self:
            if not meeting._can_manage_materials():
                raise AccessError(
                    self.env._(
                        "Only the executor of %(meeting)s, its coordinators or a meeting "
                        "administrator can manage its materials.",
                        meeting=meeting.display_name,
                    )
                )

    def _check_can_publish(self):
        res = super()._check_can_publish()
        for meeting in self:
            rented, confidential = meeting._get_unreturned_materials()
            if not (rented or confidential):
                continue
            rows = [
                self.env._(
                    "%(name)s (rented: %(qty)s)",
                    name=line.name,
                    qty=line._fmt_quantity(line.quantity_received),
                )
                for line in rented
            ] + [
                self.env._(
                    "%(name)s (confidential): %(qty)s with %(who)s",
                    name=handout.line_id.name,
                    qty=handout.line_id._fmt_quantity(handout.quantity - handout.quantity_returned),
                    who=handout.recipient_name,
                )
                for handout in confidential
            ]
            raise UserError(
                self.env._(
                    "The meeting %(meeting)s cannot be closed while materials are not "
                    "returned:\n%(rows)s\nRecord their returns on the sign-off sheet and mark "
                    "the rented equipment as returned.",
                    meeting=meeting.display_name,
                    rows="\n".join(f"- {row}" for row in rows),
                )
            )
        return res

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _get_material_attendance(self):
        """The attendance the checklist is scaled by: the plan's expected attendees, or the
        registered attendees when more are registered."""
        self.ensure_one()
        planned = self.expected_internal_count + self.expected_external_count
        registered = self._get_attendance_counts()[self.id]["expected"]
        return max(planned, registered)

    def _generate_materials(self):
        # sudo: the lines are generated from the type's configuration for a user who may
        # manage the checklist (checked by the action); they follow the lines' rules after
        Line = self.env["meeting.material.line"].sudo().with_context(mail_create_nolog=True)
        for meeting in self.sudo():
            lang = (meeting.executor_id or meeting.initiator_id).lang or self.env.lang
            templates = meeting.type_id.with_context(lang=lang).material_template_ids
            attendance = meeting._get_material_attendance()
            existing = {line.template_id: line for line in meeting.material_line_ids}
            to_create = []
            rescaled = 0
            for template in templates:
                line = existing.get(template)
                if not line:
                    to_create.append(template._prepare_line_vals(meeting, attendance))
                    continue
                quantity = template._get_quantity(attendance)
                if line.state == "to_order" and line.quantity_planned != quantity:
                    line.quantity_planned = quantity
                    rescaled += 1
            created = Line.create(to_create)
            localized = meeting.with_context(lang=lang)
            localized.message_post(
                body=localized.env._(
                    "Materials checklist from the %(type)s templates for %(attendance)s "
                    "attendees: %(created)s added, %(rescaled)s rescaled.",
                    type=localized.type_id.name,
                    attendance=attendance,
                    created=len(created),
                    rescaled=rescaled,
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _get_unreturned_materials(self):
        """What keeps the meeting from closing: rented lines still held (received or
        distributed, not returned), and confidential hand-outs not back."""
        self.ensure_one()
        # sudo: the closing guard sees every line of the meeting, confidential or not; only
        # the meeting's publisher (its initiator or an administrator) reads the answer
        lines = self.sudo().material_line_ids
        rented = lines.filtered(lambda line: line.source == "rent" and line.state in HELD_STATES)
        confidential = lines.filtered("is_confidential").handout_ids.filtered(
            lambda h: h.quantity_returned < h.quantity
        )
        return rented, confidential

    def get_onsite_data(self):
        data = super().get_onsite_data()
        # the lines the user may read: confidential ones only for the meeting's staff
        lines = self.env["meeting.material.line"].search([("meeting_id", "=", self.id)])
        state_labels = dict(
            self.env["meeting.material.line"]._fields["state"]._description_selection(self.env)
        )
        fmt = self.env["meeting.material.line"]._fmt_quantity
        data["materials"] = {
            "count": len(lines),
            "short": [
                {
                    "id": line.id,
                    "name": line.name,
                    "planned": fmt(line.quantity_planned),
                    "received": fmt(line.quantity_received),
                    "short": fmt(line.quantity_short),
                    "owner": line.owner_id.name or "",
                    "state_label": state_labels[line.state],
                }
                for line in lines
                if line.quantity_short > 0 and line.state != "returned"
            ],
            "out": [
                {
                    "id": line.id,
                    "name": line.name,
                    "out": fmt(line.quantity_out),
                    "rented": line.source == "rent",
                    "confidential": line.is_confidential,
                    "state_label": state_labels[line.state],
                }
                for line in lines
                if line.quantity_out > 0 or (line.source == "rent" and line.state in HELD_STATES)
            ],
        }
        return data
