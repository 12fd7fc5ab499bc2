from collections import defaultdict

from odoo import fields, models

from odoo.addons.meeting_management.report.meeting_report_tools import write_header


class ReportMeetingBudgetSettlement(models.AbstractModel):
    """The budget settlement (结算): planned / committed / actual / variance per category, the
    bills and expenses behind each, the variance reasons and who settled. PDF and workbook
    from the one data method."""

    _name = "report.meeting_management_account.report_budget_settlement"
    _inherit = ["meeting.report.mixin"]
    _description = "Budget Settlement"

    _has_workbook = True

    def _get_report_data(self, meeting):
        meeting.ensure_one()
        meeting._check_finance()
        currency = meeting.currency_id
        categories = dict(
            self.env["meeting.budget.line"]._fields["category"]._description_selection(self.env)
        )
        documents = self._get_documents(meeting)
        lines = [
            {
                "category": categories[line.category],
                "name": line.name or "",
                "planned": line.amount_planned,
                "committed": line.amount_committed,
                "actual": line.amount_actual,
                "variance": line.variance,
                "variance_percent": line.variance_percent,
                "reason": line.variance_reason or "",
                "documents": documents.get(line.category, []),
            }
            for line in meeting.budget_line_ids
        ]
        planned = sum(line["planned"] for line in lines)
        actual = sum(line["actual"] for line in lines)
        tz_meeting = meeting.with_context(tz=self.env.user.tz or "UTC")
        settled_on = (
            fields.Datetime.context_timestamp(tz_meeting, meeting.budget_settled_date).strftime(
                "%Y-%m-%d %H:%M"
            )
            if meeting.budget_settled_date
            else ""
        )
        return {
            "title": self.env._("Budget Settlement: %(name)s", name=meeting.name),
            "currency": currency,
            "lines": lines,
            "planned": planned,
            "committed": meeting.budget_committed_total,
            "actual": actual,
            "variance": actual - planned,
            "variance_percent": (actual - planned) / planned * 100.0 if planned else 0.0,
            "unmapped": meeting.budget_unmapped_amount,
            "unmapped_documents": documents.get(False, []),
            "total_reason": meeting.budget_total_variance_reason or "",
            "settled": meeting.budget_settlement_state == "settled",
            "settled_by": meeting.budget_settled_by_id.name or "",
            "settled_on": settled_on,
            "difference": meeting.budget_difference_amount,
        }

    def _get_documents(self, meeting):
        """{budget category (False: unmapped): [{document, partner, date, amount}]}: the
        posted bills and expenses behind the actuals, one row per document and category."""
        if not meeting.analytic_account_id:
            return {}
        lines = (
            self.env["account.analytic.line"]
            .sudo()  # finance only (checked by the caller); lines of this meeting only
            .search_fetch(
                [
                    (meeting._meeting_plan_column(), "=", meeting.analytic_account_id.id),
                    ("company_id", "=", meeting.company_id.id),
                ],
                ["move_line_id", "product_id", "amount", "date", "partner_id"],
            )
        )
        convert = meeting._budget_converter()
        rows = defaultdict(float)
        info = {}
        for line in lines:
            product = line.product_id
            category = product._get_meeting_budget_category() if product else False
            move = line.move_line_id.move_id
            key = (category, move.id or line.id)
            rows[key] += convert(-line.amount, meeting.company_id.currency_id, meeting, line.date)
            info[key] = {
                "document": move.name or line.name or "",
                "partner": (move.partner_id or line.partner_id).name or "",
                "date": fields.Date.to_string(move.invoice_date or move.date or line.date),
            }
        documents = defaultdict(list)
        for (category, _id), amount in rows.items():
            documents[category].append(dict(info[category, _id], amount=amount))
        return documents

    def _get_workbook_filename(self, meeting):
        return self.env._("Budget Settlement - %(name)s.xlsx", name=meeting.name)

    def _fill_workbook(self, workbook, fmt, data):
        sheet = workbook.add_worksheet(self.env._("Budget Settlement")[:31])
        sheet.write(0, 0, data["title"], fmt["title"])
        if data["settled"]:
            sheet.write(
                1,
                0,
                self.env._(
                    "Settled by %(user)s on %(date)s",
                    user=data["settled_by"],
                    date=data["settled_on"],
                ),
            )
        else:
            sheet.write(1, 0, self.env._("Not settled yet"))
        write_header(
            sheet,
            3,
            [
                self.env._("Category"),
                self.env._("Description"),
                self.env._("Planned"),
                self.env._("Committed"),
                self.env._("Actual"),
                self.env._("Variance"),
                self.env._("Variance (%)"),
                self.env._("Variance Reason"),
            ],
            [14, 24, 14, 14, 14, 14, 12, 40],
            fmt["head"],
        )
        row = 4
        for line in data["lines"]:
            sheet.write(row, 0, line["category"], fmt["cell"])
            sheet.write(row, 1, line["name"], fmt["cell"])
            sheet.write_number(row, 2, line["planned"], fmt["money"])
            sheet.write_number(row, 3, line["committed"], fmt["money"])
            sheet.write_number(row, 4, line["actual"], fmt["money"])
            sheet.write_number(row, 5, line["variance"], fmt["money"])
            sheet.write_number(row, 6, line["variance_percent"] / 100.0, fmt["pct"])
            sheet.write(row, 7, line["reason"], fmt["text"])
            row += 1
        sheet.write(row, 0, self.env._("Total"), fmt["label"])
        sheet.write_number(row, 2, data["planned"], fmt["money"])
        sheet.write_number(row, 3, data["committed"], fmt["money"])
        sheet.write_number(row, 4, data["actual"], fmt["money"])
        sheet.write_number(row, 5, data["variance"], fmt["money"])
        sheet.write_number(row, 6, data["variance_percent"] / 100.0, fmt["pct"])
        sheet.write(row, 7, data["total_reason"], fmt["text"])
        row += 1
        sheet.write(row, 0, self.env._("Not on a budget line"), fmt["label"])
        sheet.write_number(row, 4, data["unmapped"], fmt["money"])

        docs = workbook.add_worksheet(self.env._("Documents")[:31])
        write_header(
            docs,
            0,
            [
                self.env._("Category"),
                self.env._("Document"),
                self.env._("Partner"),
                self.env._("Date"),
                self.env._("Amount"),
            ],
            [14, 24, 30, 12, 14],
            fmt["head"],
        )
        row = 1
        groups = [(line["category"], line["documents"]) for line in data["lines"]]
        groups.append((self.env._("Not on a budget line"), data["unmapped_documents"]))
        for category, documents in groups:
            for document in documents:
                docs.write(row, 0, category, fmt["cell"])
                docs.write(row, 1, document["document"], fmt["cell"])
                docs.write(row, 2, document["partner"], fmt["cell"])
                docs.write(row, 3, document["date"], fmt["cell"])
                docs.write_number(row, 4, document["amount"], fmt["money"])
                row += 1
