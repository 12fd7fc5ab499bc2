from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

# set by create() and by the decision actions only
DECISION_FIELDS = {
    "item_id",
    "state",
    "requester_id",
    "approver_id",
    "old_date_start",
    "old_date_end",
    "decided_by_id",
    "date_decided",
}


class MeetingAgendaChange(models.Model):
    _name = "meeting.agenda.change"
    _description = "Agenda Change Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    item_id = fields.Many2one(
        "meeting.agenda.item",
        string="Agenda Item",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    meeting_id = fields.Many2one(
        related="item_id.meeting_id", store=True, index=True, string="Meeting"
    )
    company_id = fields.Many2one(related="item_id.company_id", store=True, index=True)
    requester_id = fields.Many2one(
        "res.users", string="Requested By", default=lambda self: self.env.user, readonly=True
    )
    approver_id = fields.Many2one(
        "res.users",
        string="Approver",
        compute="_compute_approver",
        store=True,
        help="The initiator of the meeting decides agenda changes.",
    )
    reason = fields.Text(required=True)
    old_date_start = fields.Datetime(string="Current Start", readonly=True)
    old_date_end = fields.Datetime(string="Current End", readonly=True)
    new_date_start = fields.Datetime(string="New Start", required=True)
    new_date_end = fields.Datetime(string="New End", required=True)
    shift_following = fields.Boolean(
        string="Shift Following Items",
        help="Move the later items of the agenda by the same amount as the end of this one.",
    )
    state = fields.Selection(
        [("pending", "To Approve"), ("approved", "Approved"), ("refused", "Refused")],
        default="pending",
        required=True,
        tracking=True,
        index=True,
    )
    refuse_reason = fields.Text()
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    can_decide = fields.Boolean(compute="_compute_can_decide")

    @api.depends("item_id.meeting_id.initiator_id")
    def _compute_approver(self):
        for change in self:
            change.approver_id = change.item_id.meeting_id.initiator_id

    @api.depends_context("uid")
    @api.depends("approver_id", "state")
    def _compute_can_decide(self):
        is_manager = self.env["meeting.meeting"]._is_meeting_admin()
        for change in self:
            change.can_decide = change.state == "pending" and (
                is_manager or change.approver_id == self.env.user
            )

    @api.depends("item_id", "new_date_start", "new_date_end")
    def _compute_display_name(self):
        for change in self:
            change.display_name = self.env._("Change of %(item)s", item=change.item_id.name or "")

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        items = self.env["meeting.agenda.item"].browse([v.get("item_id") for v in vals_list])
        for item in items:
            self._check_can_request(item)
        for vals in vals_list:
            if not self.env.su:
                # the approver follows the meeting's initiator; the decision is the actions'
                for fname in ("approver_id", "decided_by_id", "date_decided"):
                    vals.pop(fname, None)
            item = self.env["meeting.agenda.item"].browse(vals["item_id"])
            vals.update(
                {
                    "old_date_start": item.date_start,
                    "old_date_end": item.date_end,
                    "state": "pending",
                    "requester_id": self.env.uid,
                }
            )
        changes = super().create(vals_list)
        changes._check_dates()
        for change in changes:
            if change.approver_id:
                # sudo: the requester schedules the decision for the initiator, which their own
                # rights on the request do not cover
                change.sudo().activity_schedule(
                    "meeting_management.mail_activity_agenda_change",
                    user_id=change.approver_id.id,
                    note=change.reason,
                )
        return changes

    def write(self, vals):
        if not self.env.su:
            if DECISION_FIELDS & set(vals):
                raise UserError(
                    self.env._(
                        "Agenda changes are decided with the Approve and Refuse buttons of the "
                        "initiator."
                    )
                )
            decided = self.filtered(lambda c: c.state != "pending")
            if decided:
                raise UserError(
                    self.env._(
                        "The change of %(item)s was already decided: request a new change.",
                        item=decided[0].item_id.name,
                    )
                )
        return super().write(vals)

    def _write_decision(self, vals):
        """Record the decision; callers checked the right to decide (_check_can_decide)."""
        # sudo: the decision fields are refused to users in write()
        return self.sudo().write(vals)

    @api.model
    def _check_can_request(self, item):
        user = self.env.user
        meeting = item.meeting_id
        if not (
            user in (meeting.executor_id | item.user_id | meeting.initiator_id)
            or self.env["meeting.meeting"]._is_meeting_admin()
        ):
            raise UserError(
                self.env._(
                    "Only the host of the meeting or the owner of %(item)s may request a change.",
                    item=item.name,
                )
            )
        if meeting.state in ("closed", "cancelled", "rejected"):
            raise UserError(
                self.env._("The agenda of %(meeting)s can no longer change.", meeting=meeting.name)
            )
        if item.state in ("done", "skipped"):
            raise UserError(self.env._("The agenda item %(item)s is already over.", item=item.name))

    def _check_dates(self):
        for change in self:
            if change.new_date_end <= change.new_date_start:
                raise UserError(
                    self.env._(
                        "The new end of %(item)s must be after its new start.",
                        item=change.item_id.name,
                    )
                )
            if (
                change.new_date_start == change.old_date_start
                and change.new_date_end == change.old_date_end
            ):
                raise UserError(
                    self.env._(
                        "The change request for %(item)s changes nothing.", item=change.item_id.name
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _check_can_decide(self):
        for change in self:
            if not change.can_decide:
                raise UserError(
                    self.env._(
                        "Only the initiator of the meeting may decide the pending change of "
                        "%(item)s.",
                        item=change.item_id.name,
                    )
                )

    def action_approve(self):
        self._check_can_decide()
        for change in self:
            change._apply()
        self._write_decision(
            {
                "state": "approved",
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        self.activity_feedback(["meeting_management.mail_activity_agenda_change"])
        for change in self:
            change.meeting_id._notify_agenda_changed(change)
        return True

    def action_refuse(self):
        self._check_can_decide()
        self._write_decision(
            {
                "state": "refused",
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        self.activity_unlink(["meeting_management.mail_activity_agenda_change"])
        for change in self:
            change.message_notify(
                partner_ids=change.requester_id.partner_id.ids,
                subject=self.env._("Agenda change refused: %(item)s", item=change.item_id.name),
                body=Markup("<p>%s</p>") % (change.refuse_reason or change.reason),
            )
        return True

    def _apply(self):
        """Write the new times on the item (and shift the following ones), validated.

        The moves are written one item at a time in an order that never makes two items
        overlap on the way (latest first when the agenda moves later, earliest first when it
        moves earlier), so every write passes the agenda checks: none is switched off.
        """
        self.ensure_one()
        item = self.item_id
        delta_end = self.new_date_end - item.date_end
        following = []
        if self.shift_following and delta_end:
            following = [
                (i, i.date_start + delta_end, i.date_end + delta_end)
                for i in item.meeting_id.agenda_item_ids.filtered(
                    lambda i: i != item and i.state == "planned" and i.date_start >= item.date_end
                ).sorted("date_start")
            ]
        moves = [(item, self.new_date_start, self.new_date_end)]
        if delta_end > timedelta(0):
            # make room first: the later items move away before this one grows into them
            moves = following[::-1] + moves
        else:
            moves += following
        for record, start, end in moves:
            # sudo: the initiator approving the change may not own the agenda items, and the
            # meeting has started; the decision right was checked in _check_can_decide
            record.sudo().write({"date_start": start, "date_end": end})
