from odoo import fields, models

COORDINATOR_GROUPS = "meeting_management.group_meeting_coordinator"


class ResPartner(models.Model):
    """The contact database (参会人员信息库): the meetings a contact was invited to."""

    _inherit = "res.partner"

    meeting_history_ids = fields.One2many(
        "meeting.partner.history",
        "partner_id",
        string="Meeting History",
        groups=COORDINATOR_GROUPS,
    )
    meeting_history_count = fields.Integer(
        string="Meeting History Count",
        compute="_compute_meeting_history_count",
        groups=COORDINATOR_GROUPS,
    )

    def _compute_meeting_history_count(self):
        counts = dict(
            self.env["meeting.partner.history"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.meeting_history_count = counts.get(partner, 0)

    def action_view_meeting_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "meeting_management.meeting_partner_history_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["display_name"] = self.env._("Meetings of %(name)s", name=self.name)
        return action
