from odoo import api, fields, models
from odoo.exceptions import UserError

# what the handler changes on a checklist line; the rest is the plan's or the system's
CHECK_USER_FIELDS = {"done", "note"}


class MeetingIncidentCheck(models.Model):
    """A first action of the incident's emergency plan, ticked by its handler."""

    _name = "meeting.incident.check"
    _description = "Incident Checklist Line"
    _order = "incident_id, sequence, id"

    incident_id = fields.Many2one("meeting.incident", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="incident_id.company_id", store=True, index=True)
    step_id = fields.Many2one("meeting.incident.plan.step", string="Plan Step", readonly=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Action", required=True)
    description = fields.Text(readonly=True)
    done = fields.Boolean()
    date_done = fields.Datetime(string="Done On", readonly=True, copy=False)
    done_by_id = fields.Many2one("res.users", string="Done By", readonly=True, copy=False)
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # an extra action added on the spot by the handler, not yet done
            self.env["meeting.incident"].browse(
                {vals.get("incident_id") for vals in vals_list}
            )._check_can_tick()
            for vals in vals_list:
                for fname in ("done", "date_done", "done_by_id", "step_id"):
                    vals.pop(fname, None)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            refused = set(vals) - CHECK_USER_FIELDS
            if refused:
                raise UserError(
                    self.env._(
                        "The actions of an emergency plan come from the incident type: only "
                        "their done mark and note change on the incident."
                    )
                )
            self.incident_id._check_can_tick()
        if "done" not in vals:
            return super().write(vals)
        changed = self.filtered(lambda c: c.done != bool(vals["done"]))
        res = super().write(vals)
        if changed:
            # the stamp of who ticked and when is the system's (data files may give the
            # recorded one: users cannot write these fields, see above)
            date = vals.get("date_done") or fields.Datetime.now()
            user = self.env["res.users"].browse(vals.get("done_by_id") or self.env.uid)
            # sudo: the stamp is not editable by users
            changed.sudo().write(
                {
                    "date_done": date if vals["done"] else False,
                    "done_by_id": user.id if vals["done"] else False,
                }
            )
            for check in changed:
                check.incident_id._log_event(
                    "check" if vals["done"] else "uncheck",
                    name=check.name,
                    check=check,
                    date=date,
                    user=user,
                )
        return res
