from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .meeting_vendor_qualification import REQUIRED_TYPES

# Written by the ranking's scheduled action and the clearing action only.
FLAG_FIELDS = frozenset(
    {"meeting_replacement_flag", "meeting_replacement_reason", "meeting_replacement_quarter"}
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    meeting_qualification_ids = fields.One2many(
        "meeting.vendor.qualification", "partner_id", string="Qualification Documents"
    )
    meeting_replacement_flag = fields.Boolean(
        string="Flagged for Replacement",
        copy=False,
        readonly=True,
        help="Scored below the company's threshold in the supplier ranking two quarters in a "
        "row (启动替换流程).",
    )
    meeting_replacement_reason = fields.Char(string="Replacement Reason", copy=False, readonly=True)
    meeting_replacement_quarter = fields.Date(
        string="Flagged for Quarter",
        copy=False,
        readonly=True,
        help="The start of the quarter whose ranking flagged the vendor last: clearing the flag "
        "keeps it, so the vendor is flagged again only for a later quarter.",
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
        # the types' labels in the user's language (the selection's English is the source)
        labels = dict(
            self.env["meeting.vendor.qualification"]
            ._fields["qualification_type"]
            ._description_selection(self.env)
        )
        today = fields.Date.context_today(self)
        # sudo: whether the vendor is qualified is shown to whoever orders from it; the
        # documents themselves stay with purchasing
        Qualification = self.env["meeting.vendor.qualification"].sudo()
        commercial = self.commercial_partner_id
        documents = (
            Qualification.search(
                [("partner_id", "in", commercial.ids), ("qualification_type", "in", REQUIRED_TYPES)]
            )
            if commercial.ids
            else Qualification
        )
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

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(FLAG_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(self.env._("A vendor is flagged for replacement by the ranking."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and FLAG_FIELDS & vals.keys():
            raise UserError(
                self.env._(
                    "A vendor is flagged for replacement by the ranking; purchasing clears the "
                    "flag with its button."
                )
            )
        return super().write(vals)

    def action_clear_replacement_flag(self):
        """Purchasing decides to keep the vendor (or has replaced it)."""
        if not self.env.user.has_group("purchase.group_purchase_user"):
            raise AccessError(self.env._("Only purchasing clears a vendor's replacement flag."))
        # sudo: the flag is written by the ranking and this action only; guarded above
        self.sudo().write({"meeting_replacement_flag": False, "meeting_replacement_reason": False})
        return True

    @api.model
    def _flag_for_replacement(self, company, rows, quarter):
        """Flag the vendors {partner: its flagged ranking row of ``quarter``} not flagged for
        that quarter yet and ask purchasing to start their replacement: an activity for each
        vendor's buyer, else a purchase manager of the company. sudo: run by the ranking's
        scheduled action."""
        partners = (
            self.browse([p.id for p in rows])
            .sudo()
            .filtered(
                lambda p: (
                    not p.meeting_replacement_quarter or p.meeting_replacement_quarter < quarter
                )
            )
        )
        if not partners:
            return
        manager = (
            self.env.ref("purchase.group_purchase_manager")
            .sudo()
            .user_ids.filtered(lambda u: company in u.company_ids and not u.share)[:1]
        )
        by_responsible = defaultdict(lambda: self.env["res.partner"].sudo())
        for partner in partners:
            row = rows[partner]
            partner.write(
                {
                    "meeting_replacement_flag": True,
                    "meeting_replacement_quarter": quarter,
                    "meeting_replacement_reason": self.env._(
                        "average score %(first)s then %(second)s, below %(threshold)s two "
                        "quarters in a row",
                        first=round(row.previous_score, 1),
                        second=round(row.vendor_score, 1),
                        threshold=round(row.threshold, 1),
                    ),
                }
            )
            by_responsible[partner.buyer_id or manager] |= partner
        for responsible, vendors in by_responsible.items():
            if responsible:
                vendors.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=self.env._("Start replacing this vendor"),
                    note=self.env._(
                        "Below the supplier score threshold two quarters in a row: see the "
                        "quarterly supplier ranking."
                    ),
                    user_id=responsible.id,
                )
