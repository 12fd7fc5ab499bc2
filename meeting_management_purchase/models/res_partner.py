from odoo import api, fields, models

from .meeting_vendor_qualification import QUALIFICATION_TYPES, REQUIRED_TYPES


class ResPartner(models.Model):
    _inherit = "res.partner"

    meeting_qualification_ids = fields.One2many(
        "meeting.vendor.qualification", "partner_id", string="Qualification Documents"
    )
    meeting_qualification_problem = fields.Char(
        string="Qualification Problem",
        compute="_compute_meeting_qualification_problem",
        help="What is missing or expired among the vendor's required qualification documents "
        "(business license, industry qualification).",
    )

    @api.depends(
        "commercial_partner_id.meeting_qualification_ids.date_expiry",
        "commercial_partner_id.meeting_qualification_ids.qualification_type",
    )
    @api.depends_context("date")
    def _compute_meeting_qualification_problem(self):
        labels = dict(QUALIFICATION_TYPES)
        today = fields.Date.context_today(self)
        # sudo: whether the vendor is qualified is shown to whoever orders from it; the
        # documents themselves stay with purchasing
        Qualification = self.env["meeting.vendor.qualification"].sudo()
        commercial = self.commercial_partner_id
        documents = Qualification.search(
            [("partner_id", "in", commercial.ids), ("qualification_type", "in", REQUIRED_TYPES)]
        ) if commercial.ids else Qualification
        for partner in self:
            own = documents.filtered(lambda d, p=partner: d.partner_id == p.commercial_partner_id)
            problems = []
            for qualification_type in REQUIRED_TYPES:
                of_type = own.filtered(lambda d, t=qualification_type: d.qualification_type == t)
                if not of_type:
                    problems.append(
                        self.env._("%(document)s missing", document=labels[qualification_type])
                    )
                elif all(d.date_expiry and d.date_expiry < today for d in of_type):
                    latest = max(of_type.mapped("date_expiry"))
                    problems.append(
                        self.env._(
                            "%(document)s expired on %(date)s",
                            document=labels[qualification_type],
                            date=fields.Date.to_string(latest),
                        )
                    )
            partner.meeting_qualification_problem = "; ".join(problems)
