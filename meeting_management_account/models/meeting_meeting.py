from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain

# Written only by the settlement and the refresh (as superuser), never by a user's write.
SETTLEMENT_FIELDS = frozenset(
    {
        "analytic_account_id",
        "budget_from_accounting",
        "budget_unmapped_amount",
        "budget_refresh_date",
        "budget_settlement_state",
        "budget_settled_by_id",
        "budget_settled_date",
        "budget_settled_total",
        "budget_settled_analytic_line_ids",
        "budget_difference_amount",
        "budget_total_variance_reason",
    }
)

FINANCE_GROUP = "meeting_management_account.group_meeting_finance"
BILL_TYPES = ("in_invoice", "in_refund")


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic Account",
        copy=False,
        readonly=True,
        index="btree_not_null",
        check_company=True,
        help="Created when the plan is approved; bills and expenses carrying it in their "
        "analytic distribution count as the meeting's costs.",
    )
    budget_from_accounting = fields.Boolean(
        string="Actuals from Accounting",
        copy=False,
        readonly=True,
        help="Set once Accounting has a cost for the meeting: from then on the actual amounts "
        "of the budget lines are read from the posted analytic lines.",
    )
    budget_committed_total = fields.Monetary(
        string="Committed",
        compute="_compute_budget_committed_total",
        store=True,
        currency_field="currency_id",
    )
    budget_unmapped_amount = fields.Monetary(
        string="Not on a Budget Line",
        copy=False,
        readonly=True,
        currency_field="currency_id",
        help="Posted and committed costs whose product has no meeting budget category, or "
        "whose category has no line in this meeting's budget.",
    )
    budget_refresh_date = fields.Datetime(string="Actuals Refreshed On", copy=False, readonly=True)
    budget_settlement_state = fields.Selection(
        [("open", "To Settle"), ("settled", "Settled")],
        string="Budget Settlement",
        default="open",
        required=True,
        copy=False,
        readonly=True,
        index=True,
        tracking=True,
    )
    budget_settled_by_id = fields.Many2one(
        "res.users", string="Settled By", copy=False, readonly=True
    )
    budget_settled_date = fields.Datetime(string="Settled On", copy=False, readonly=True)
    budget_settled_total = fields.Monetary(
        string="Settled Actual", copy=False, readonly=True, currency_field="currency_id"
    )
    budget_settled_analytic_line_ids = fields.Many2many(
        "account.analytic.line",
        "meeting_meeting_settled_analytic_line_rel",
        "meeting_id",
        "analytic_line_id",
        string="Settled Analytic Lines",
        copy=False,
        readonly=True,
        groups=FINANCE_GROUP,
    )
    budget_difference_amount = fields.Monetary(
        string="Posted after Settlement",
        copy=False,
        readonly=True,
        currency_field="currency_id",
        help="Actual cost now booked minus the settled actual: costs posted (or reversed) "
        "after the settlement. A meeting administrator may reopen the settlement.",
    )
    budget_total_variance_reason = fields.Char(
        string="Total Variance Reason", copy=False, readonly=True
    )
    meeting_bill_count = fields.Integer(
        string="Bills", compute="_compute_meeting_bill_count", groups=FINANCE_GROUP
    )
    meeting_analytic_line_count = fields.Integer(
        string="Cost Lines", compute="_compute_meeting_analytic_line_count", groups=FINANCE_GROUP
    )
    can_settle_budget = fields.Boolean(compute="_compute_can_settle_budget")
    can_reopen_budget = fields.Boolean(compute="_compute_can_settle_budget")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("budget_line_ids.amount_committed")
    def _compute_budget_committed_total(self):
        for meeting in self:
            meeting.budget_committed_total = sum(meeting.budget_line_ids.mapped("amount_committed"))

    def _compute_meeting_bill_count(self):
        for meeting in self:
            meeting.meeting_bill_count = len(meeting._get_meeting_bills())

    def _compute_meeting_analytic_line_count(self):
        lines = self.env["account.analytic.line"]
        fname = self._meeting_plan_column()
        accounts = self.analytic_account_id
        counts = dict(
            lines._read_group([(fname, "in", accounts.ids)], [fname], ["__count"])
            if accounts
            else []
        )
        for meeting in self:
            meeting.meeting_analytic_line_count = counts.get(meeting.analytic_account_id, 0)

    @api.depends_context("uid")
    @api.depends("state", "budget_settlement_state")
    def _compute_can_settle_budget(self):
        is_finance = self.env.user.has_group(FINANCE_GROUP)
        is_admin = self._is_meeting_admin()
        for meeting in self:
            meeting.can_settle_budget = (
                is_finance
                and bool(meeting.analytic_account_id)
                and meeting.state in ("review", "closed")
                and meeting.budget_settlement_state == "open"
            )
            meeting.can_reopen_budget = is_admin and meeting.budget_settlement_state == "settled"

    # ------------------------------------------------------------------
    # ORM overrides
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(SETTLEMENT_FIELDS & vals.keys() for vals in vals_list):
            raise UserError(
                self.env._("The analytic account and the settlement are set by finance's actions.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and SETTLEMENT_FIELDS & vals.keys():
            raise UserError(
                self.env._("The analytic account and the settlement are set by finance's actions.")
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_refresh_budget_actuals(self):
        self._check_finance()
        self._refresh_budget_actuals()
        return True

    def action_settle_budget(self):
        """Refresh the actuals and open the settlement: variance reasons, then freeze."""
        self.ensure_one()
        self._check_can_settle_budget()
        self._refresh_budget_actuals()
        wizard = (
            self.env["meeting.budget.settle.wizard"]
            .sudo()  # the wizard is the finance user's own transient record; checked above
            .create({"meeting_id": self.id})
            .with_env(self.env)
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Settle the Budget"),
            "res_model": "meeting.budget.settle.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_reopen_budget_settlement(self):
        """A meeting administrator reopens a settled budget (e.g. a cost posted afterwards)."""
        for meeting in self:
            if not meeting.can_reopen_budget:
                raise AccessError(
                    self.env._(
                        "Only a meeting administrator may reopen the settled budget of %(name)s.",
                        name=meeting.display_name,
                    )
                )
        # sudo: the settlement fields are written by actions only; the guard is above
        self.sudo().write(
            {
                "budget_settlement_state": "open",
                "budget_settled_by_id": False,
                "budget_settled_date": False,
                "budget_settled_total": 0.0,
                "budget_settled_analytic_line_ids": [fields.Command.clear()],
                "budget_difference_amount": 0.0,
            }
        )
        for meeting in self:
            meeting.message_post(
                body=self.env._("Budget settlement reopened."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
        self._refresh_budget_actuals()
        return True

    def action_view_meeting_bills(self):
        self.ensure_one()
        self._check_finance()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_in_invoice_type"
        )
        action["domain"] = [("id", "in", self._get_meeting_bills().ids)]
        action["context"] = {
            "default_move_type": "in_invoice",
            "default_company_id": self.company_id.id,
        }
        return action

    def action_view_meeting_analytic_lines(self):
        self.ensure_one()
        self._check_finance()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "analytic.account_analytic_line_action_entries"
        )
        action["domain"] = [(self._meeting_plan_column(), "=", self.analytic_account_id.id)]
        action["context"] = {}
        return action

    def action_export_budget_settlement_pdf(self):
        self.ensure_one()
        self._check_finance()
        return self.env.ref(
            "meeting_management_account.action_report_meeting_budget_settlement"
        ).report_action(self)

    def action_export_budget_settlement_xlsx(self):
        self.ensure_one()
        self._check_finance()
        return {
            "type": "ir.actions.act_url",
            "url": f"/meeting_management_account/xlsx/budget_settlement/{self.id}",
            "target": "download",
        }

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------

    def _check_finance(self):
        if not self.env.user.has_group(FINANCE_GROUP):
            raise AccessError(
                self.env._("Only finance (Meetings: Finance) reads a meeting's costs.")
            )

    def _check_can_settle_budget(self):
        self._check_finance()
        for meeting in self:
            if not meeting.analytic_account_id:
                raise UserError(
                    self.env._(
                        "%(name)s has no analytic account: its plan was never approved.",
                        name=meeting.display_name,
                    )
                )
            if meeting.state not in ("review", "closed"):
                raise UserError(
                    self.env._(
                        "The budget of %(name)s is settled once the meeting is held (in review).",
                        name=meeting.display_name,
                    )
                )
            if meeting.budget_settlement_state == "settled":
                raise UserError(
                    self.env._(
                        "The budget of %(name)s is already settled.", name=meeting.display_name
                    )
                )

    def _check_budget_settled(self):
        """Publishing the monitoring report needs the settlement of a meeting whose costs are
        read from Accounting."""
        super()._check_budget_settled()
        self._refresh_budget_actuals()
        for meeting in self:
            if meeting.budget_from_accounting and meeting.budget_settlement_state != "settled":
                raise UserError(
                    self.env._(
                        "Finance settles the budget of %(name)s before its report is published.",
                        name=meeting.display_name,
                    )
                )
        return True

    # ------------------------------------------------------------------
    # Business methods: the analytic account
    # ------------------------------------------------------------------

    @api.model
    def _meeting_plan(self):
        return self.env.ref("meeting_management_account.analytic_plan_meetings")

    @api.model
    def _meeting_plan_column(self):
        """The column of the "Meetings" plan on analytic lines (named by Odoo, not by us)."""
        return self._meeting_plan()._column_name()

    def _on_approved(self):
        res = super()._on_approved()
        self._create_analytic_accounts()
        return res

    @api.model
    def _create_missing_analytic_accounts(self):
        """The approved meetings without analytic account (approved before the addon was
        installed) get theirs."""
        self.sudo().search(
            [
                ("state", "in", ("approved", "in_progress", "review")),
                ("analytic_account_id", "=", False),
            ]
        )._create_analytic_accounts()

    def _create_analytic_accounts(self):
        """One analytic account per meeting, in the meeting's company, created once."""
        meetings = self.sudo().filtered(lambda m: not m.analytic_account_id)
        if not meetings:
            return
        plan = self._meeting_plan()
        # sudo: the approver is a plain employee; the account is the meeting's own, named
        # after it, and its creation is part of the approval they are allowed to give
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create(
                [
                    {
                        "name": meeting.name,
                        "code": meeting.reference,
                        "plan_id": plan.id,
                        "company_id": meeting.company_id.id,
                    }
                    for meeting in meetings
                ]
            )
        )
        for meeting, account in zip(meetings, accounts, strict=True):
            meeting.analytic_account_id = account

    def _get_meeting_bills(self):
        """The vendor bills and credit notes (any state) with a line for these meetings."""
        if not self.analytic_account_id:
            return self.env["account.move"]
        lines = (
            self.env["account.move.line"]
            .sudo()  # only the moves are returned; the caller's access applies to them
            .search(
                [
                    ("analytic_distribution", "in", self.analytic_account_id.ids),
                    ("move_id.move_type", "in", BILL_TYPES),
                    ("company_id", "in", self.company_id.ids),
                ]
            )
        )
        return lines.move_id.with_env(self.env)

    # ------------------------------------------------------------------
    # Business methods: actuals and commitments
    # ------------------------------------------------------------------

    def _refresh_budget_actuals(self):
        """Read the meetings' costs from Accounting and write them on the budget lines.

        sudo: the figures are Accounting's, read for meetings whose budget the caller sees;
        the budget lines and settlement fields are written by this action only.
        """
        super()._refresh_budget_actuals()
        meetings = self.sudo().filtered(lambda m: m.analytic_account_id and m.id)
        if not meetings:
            return True
        figures = meetings._get_budget_figures()
        now = fields.Datetime.now()
        meetings.write({"budget_refresh_date": now})
        for meeting in meetings:
            figure = figures[meeting.id]
            if not (meeting.budget_from_accounting or figure["active"]):
                continue
            currency = meeting.currency_id
            actual_total = currency.round(sum(figure["actual"].values()))
            if meeting.budget_settlement_state == "settled":
                difference = currency.round(actual_total - meeting.budget_settled_total)
                if currency.compare_amounts(difference, meeting.budget_difference_amount):
                    meeting.write({"budget_difference_amount": difference})
                continue
            lines_by_category = defaultdict(lambda: self.env["meeting.budget.line"])
            for line in meeting.budget_line_ids:
                lines_by_category[line.category] |= line
            unmapped = figure["unmapped"]
            for category in set(figure["actual"]) | set(figure["committed"]):
                if category not in lines_by_category:
                    unmapped += figure["actual"].get(category, 0.0)
                    unmapped += figure["committed"].get(category, 0.0)
            for category, lines in lines_by_category.items():
                first = True
                for line in lines:
                    actual = currency.round(figure["actual"].get(category, 0.0)) if first else 0.0
                    committed = (
                        currency.round(figure["committed"].get(category, 0.0)) if first else 0.0
                    )
                    first = False
                    if currency.compare_amounts(
                        actual, line.amount_actual
                    ) or currency.compare_amounts(committed, line.amount_committed):
                        line._write_actuals(actual, committed)
            vals = {}
            if not meeting.budget_from_accounting:
                vals["budget_from_accounting"] = True
            if currency.compare_amounts(unmapped, meeting.budget_unmapped_amount):
                vals["budget_unmapped_amount"] = currency.round(unmapped)
            if vals:
                meeting.write(vals)
        return True

    def _get_budget_figures(self):
        """{meeting id: {"actual": {category: amount}, "committed": {category: amount},
        "unmapped": amount, "active": bool}} in each meeting's currency.

        A cost whose product has no budget category is unmapped. ``active``: Accounting has
        something for the meeting (a posted, draft or approved cost, even a zero total)."""
        figures = {
            meeting.id: {
                "actual": defaultdict(float),
                "committed": defaultdict(float),
                "unmapped": 0.0,
                "active": False,
            }
            for meeting in self
        }
        items = self._get_budget_cost_items()
        products = self.env["product.product"].browse({item[1] for item in items if item[1]})
        categories = {product.id: product._get_meeting_budget_category() for product in products}
        for meeting_id, product_id, amount, kind in items:
            figure = figures[meeting_id]
            figure["active"] = True
            category = categories.get(product_id)
            if category:
                figure[kind][category] += amount
            else:
                figure["unmapped"] += amount
        return figures

    def _get_budget_cost_items(self):
        """[(meeting id, product id, amount in the meeting's currency, "actual"/"committed")]:
        the costs of these meetings, grouped in as few reads as possible. Bridges add theirs
        (``meeting_management_hr_expense``: approved expenses not yet posted)."""
        return self._get_posted_cost_items() + self._get_draft_bill_items()

    def _budget_converter(self):
        """A function converting an amount of a company currency into a meeting's currency at
        a date, with one rate read per (currency, date)."""
        rates = {}

        def convert(amount, from_currency, meeting, date):
            to_currency = meeting.currency_id
            if from_currency == to_currency or not amount:
                return amount
            key = (from_currency.id, to_currency.id, meeting.company_id.id, date)
            if key not in rates:
                rates[key] = from_currency._get_conversion_rate(
                    from_currency, to_currency, meeting.company_id, date or fields.Date.today()
                )
            return amount * rates[key]

        return convert

    def _get_posted_cost_items(self):
        """Posted costs: the analytic lines on the meetings' accounts in their companies.

        Analytic lines exist only for posted moves (reset to draft or cancelled moves delete
        theirs) and hold the share of a split distribution; costs are negative, credit notes
        positive. Grouped by product (and by day where the meeting's currency differs)."""
        fname = self._meeting_plan_column()
        by_account = {meeting.analytic_account_id.id: meeting for meeting in self}
        convert = self._budget_converter()
        AnalyticLine = self.env["account.analytic.line"]
        items = []
        same = self.filtered(lambda m: m.currency_id == m.company_id.currency_id)
        for meetings, groupby in (
            (same, [fname, "company_id", "product_id"]),
            (self - same, [fname, "company_id", "product_id", "date:day"]),
        ):
            if not meetings:
                continue
            domain = Domain(fname, "in", meetings.analytic_account_id.ids) & Domain(
                "company_id", "in", meetings.company_id.ids
            )
            for group in AnalyticLine._read_group(domain, groupby, ["amount:sum"]):
                account, company, product = group[:3]
                meeting = by_account[account.id]
                if company != meeting.company_id:
                    continue  # never mix companies
                date = group[3] if len(groupby) == 4 else None
                amount = convert(-group[-1], company.currency_id, meeting, date)
                items.append((meeting.id, product.id, amount, "actual"))
        return items

    @api.model
    def _distribution_share(self, distribution, account_id):
        """The share (0..1) of ``account_id`` in an analytic distribution."""
        key = str(account_id)
        return (
            sum(
                percentage
                for ids, percentage in (distribution or {}).items()
                if key in ids.split(",")
            )
            / 100.0
        )

    def _get_draft_bill_items(self):
        """Committed costs: the lines of draft vendor bills and credit notes."""
        by_account = {meeting.analytic_account_id.id: meeting for meeting in self}
        convert = self._budget_converter()
        lines = self.env["account.move.line"].search_fetch(
            [
                ("analytic_distribution", "in", list(by_account)),
                ("parent_state", "=", "draft"),
                ("move_type", "in", BILL_TYPES),
                ("display_type", "=", "product"),
                ("company_id", "in", self.company_id.ids),
            ],
            ["balance", "analytic_distribution", "product_id", "company_id", "date"],
        )
        items = []
        for line in lines:
            for account_id, meeting in by_account.items():
                share = self._distribution_share(line.analytic_distribution, account_id)
                if not share or line.company_id != meeting.company_id:
                    continue
                amount = convert(
                    line.balance * share, line.company_id.currency_id, meeting, line.date
                )
                items.append((meeting.id, line.product_id.id, amount, "committed"))
        return items

    # ------------------------------------------------------------------
    # Business methods: the settlement
    # ------------------------------------------------------------------

    def _get_budget_settlement_problems(self, total_reason=None, line_reasons=None):
        """What stands in the way of settling this meeting's budget, as sentences.

        ``line_reasons`` {budget line id: reason} and ``total_reason`` are the reasons about
        to be written (the wizard's); the lines' own reasons count otherwise."""
        self.ensure_one()
        line_reasons = line_reasons or {}
        currency = self.currency_id
        tolerance = self._kpi_target("budget_variance")
        problems = []
        if not currency.is_zero(self.budget_committed_total):
            problems.append(
                self.env._(
                    "%(amount)s is still committed (draft bills or approved expenses not "
                    "posted): post or cancel them first.",
                    amount=currency.format(self.budget_committed_total),
                )
            )
        if not currency.is_zero(self.budget_unmapped_amount):
            problems.append(
                self.env._(
                    "%(amount)s of costs is on no budget line: give their products a meeting "
                    "budget category that the budget has.",
                    amount=currency.format(self.budget_unmapped_amount),
                )
            )
        for line in self.budget_line_ids:
            reason = line_reasons.get(line.id, line.variance_reason)
            if line._variance_needs_reason(tolerance) and not (reason or "").strip():
                problems.append(
                    self.env._(
                        "%(line)s differs from its plan by %(variance)s: give the reason.",
                        line=line.name or dict(line._fields["category"].selection)[line.category],
                        variance=currency.format(line.variance),
                    )
                )
        planned = sum(self.budget_line_ids.mapped("amount_planned"))
        actual = sum(self.budget_line_ids.mapped("amount_actual"))
        reason = self.budget_total_variance_reason if total_reason is None else total_reason
        if _beyond(planned, actual, tolerance) and not (reason or "").strip():
            problems.append(
                self.env._(
                    "The total differs from the plan by more than %(tolerance)s %%: give the "
                    "reason.",
                    tolerance=tolerance,
                )
            )
        missing = self._get_bills_without_document()
        if missing:
            problems.append(
                self.env._(
                    "These bills have no invoice document attached: %(bills)s.",
                    bills=", ".join(missing.mapped("display_name")),
                )
            )
        return problems

    def _get_bills_without_document(self):
        """Posted vendor bills counted in the actuals without an attached invoice document."""
        self.ensure_one()
        bills = self.sudo()._get_meeting_bills().filtered(lambda m: m.state == "posted")
        if not bills:
            return bills
        with_document = {
            res_id
            for [res_id] in self.env["ir.attachment"]
            .sudo()
            ._read_group(
                [("res_model", "=", "account.move"), ("res_id", "in", bills.ids)], ["res_id"]
            )
        }
        return bills.filtered(lambda b: b.id not in with_document)

    def _settle_budget(self, total_reason=None, line_reasons=None):
        """Freeze the actuals: who, when, the analytic lines counted. Private: the wizard
        calls it after ``_check_can_settle_budget``."""
        self.ensure_one()
        line_reasons = line_reasons or {}
        self.lock_for_update()
        self._check_can_settle_budget()
        self._refresh_budget_actuals()
        problems = self._get_budget_settlement_problems(total_reason, line_reasons)
        if problems:
            raise UserError(
                self.env._(
                    "The budget cannot be settled yet:\n%(problems)s",
                    problems="\n".join(f"- {problem}" for problem in problems),
                )
            )
        meeting = self.sudo()  # the settlement fields are written by this action only
        for line in meeting.budget_line_ids:
            if line.id in line_reasons and line.variance_reason != line_reasons[line.id]:
                line.variance_reason = line_reasons[line.id]
        lines = (
            self.env["account.analytic.line"]
            .sudo()
            .search(
                [
                    (self._meeting_plan_column(), "=", self.analytic_account_id.id),
                    ("company_id", "=", self.company_id.id),
                ]
            )
        )
        meeting.write(
            {
                "budget_from_accounting": True,
                "budget_settlement_state": "settled",
                "budget_settled_by_id": self.env.uid,
                "budget_settled_date": fields.Datetime.now(),
                "budget_settled_total": sum(meeting.budget_line_ids.mapped("amount_actual")),
                "budget_settled_analytic_line_ids": [fields.Command.set(lines.ids)],
                "budget_difference_amount": 0.0,
                "budget_total_variance_reason": (
                    self.budget_total_variance_reason if total_reason is None else total_reason
                ),
            }
        )
        self.message_post(
            body=self.env._(
                "Budget settled: actual %(actual)s against a plan of %(planned)s.",
                actual=self.currency_id.format(meeting.budget_settled_total),
                planned=self.currency_id.format(
                    sum(meeting.budget_line_ids.mapped("amount_planned"))
                ),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return True

    @api.model
    def _cron_refresh_budget_actuals(self, batch_size=500):
        """Daily: the actuals of every open meeting (and the difference of settled ones),
        per company, in batches; the meetings not refreshed in the last 12 hours are the
        backlog, so a run cut short by its time budget resumes where it stopped."""
        now = fields.Datetime.now()
        domain = [
            ("analytic_account_id", "!=", False),
            ("state", "in", ("approved", "in_progress", "review", "closed")),
            "|",
            ("state", "!=", "closed"),
            ("budget_settlement_state", "=", "settled"),
            "|",
            ("budget_refresh_date", "=", False),
            ("budget_refresh_date", "<", now - timedelta(hours=12)),
        ]
        meetings = self.search(domain)
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        if in_cron:
            self.env["ir.cron"]._commit_progress(remaining=len(meetings))
        for company_meetings in meetings.grouped("company_id").values():
            for start in range(0, len(company_meetings), batch_size):
                batch = company_meetings[start : start + batch_size]
                batch._refresh_budget_actuals()
                if in_cron and self.env["ir.cron"]._commit_progress(len(batch)) <= 0:
                    return

    # ------------------------------------------------------------------
    # Demo data
    # ------------------------------------------------------------------
    def _demo_settle_budget(self):
        """Demo data: the current (finance) user settles the budget of those of these
        meetings still under review whose costs Accounting has, as with the button and its
        dialog. A meeting closed by an earlier installation (without analytic account) is
        left as it is."""
        for meeting in self.filtered(
            lambda m: (
                m.state == "review"
                and m.analytic_account_id
                and m.budget_settlement_state == "open"
            )
        ):
            action = meeting.action_settle_budget()
            self.env[action["res_model"]].browse(action["res_id"]).action_settle()
        return True

    # ------------------------------------------------------------------
    # First screen
    # ------------------------------------------------------------------
    @api.model
    def action_open_home(self):
        """Finance lands on the meetings to settle, unless an approval step awaits them or
        they run meetings themselves (then the base addon's landing is their work)."""
        action = super().action_open_home()
        user = self.env.user
        my_meetings = self.env.ref("meeting_management.meeting_meeting_action_my")
        if (
            action.get("id") == my_meetings.id
            and user.has_group("meeting_management_account.group_meeting_finance")
            and not user.has_group("meeting_management.group_meeting_coordinator")
        ):
            return self.env["ir.actions.act_window"]._for_xml_id(
                "meeting_management_account.meeting_meeting_action_finance"
            )
        return action


def _beyond(planned, actual, tolerance):
    """Whether ``actual`` differs from ``planned`` by more than ``tolerance`` percent."""
    if not planned:
        return bool(actual)
    return abs(actual - planned) / planned * 100.0 > tolerance
