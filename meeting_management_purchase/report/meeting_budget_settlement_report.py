from collections import defaultdict

from odoo import models

from odoo.addons.meeting_management.report.meeting_report_tools import write_header


class ReportMeetingBudgetSettlement(models.AbstractModel):
    """The budget settlement with the suppliers' part (供应商结算): each confirmed order
    against its receipts and bills, per line in quantities and amounts, and the deposits
    still to pay or to be refunded, per vendor (the check of
    ``meeting._get_purchase_settlement_check``)."""

    _inherit = "report.meeting_management_account.report_budget_settlement"

    def _get_report_data(self, meeting):
        data = super()._get_report_data(meeting)  # checks that the user is finance
        check = meeting._get_purchase_settlement_check()
        orders = []
        for row in check["orders"]:
            order = row["order"]
            orders.append(
                {
                    "order": order.name,
                    "vendor": row["vendor"].name,
                    "currency": row["currency"],
                    "ordered": row["ordered"],
                    "received": row["received"],
                    "billed": row["billed"],
                    "open": row["currency"].compare_amounts(row["billed"], row["received"]) > 0,
                    "lines": [
                        {
                            "product": line["line"].product_id.display_name or line["line"].name,
                            "description": line["line"].name or "",
                            "uom": line["line"].product_uom_id.name or "",
                            "ordered_qty": line["ordered_qty"],
                            "received_qty": line["received_qty"],
                            "billed_qty": line["billed_qty"],
                            "ordered": line["ordered"],
                            "received": line["received"],
                            "billed": line["billed"],
                        }
                        for line in row["lines"]
                    ],
                }
            )
        states = dict(
            self.env["meeting.vendor.contract"]
            ._fields["deposit_state"]
            ._description_selection(self.env)
        )
        by_vendor = defaultdict(list)
        for contract in check["deposits"]:
            by_vendor[contract.partner_id.commercial_partner_id.name].append(
                {
                    "contract": contract.name,
                    "amount": contract.deposit_amount,
                    "state": states[contract.deposit_state],
                }
            )
        data["purchase_orders"] = orders
        data["deposits"] = [
            {"vendor": vendor, "contracts": contracts}
            for vendor, contracts in sorted(by_vendor.items())
        ]
        return data

    def _fill_workbook(self, workbook, fmt, data):
        res = super()._fill_workbook(workbook, fmt, data)
        sheet = workbook.add_worksheet(self.env._("Orders and Bills")[:31])
        write_header(
            sheet,
            0,
            [
                self.env._("Vendor"),
                self.env._("Purchase Order"),
                self.env._("Product"),
                self.env._("Unit"),
                self.env._("Ordered Qty"),
                self.env._("Received Qty"),
                self.env._("Billed Qty"),
                self.env._("Ordered"),
                self.env._("Received"),
                self.env._("Billed"),
            ],
            [30, 16, 30, 10, 12, 12, 12, 14, 14, 14],
            fmt["head"],
        )
        row = 1
        for order in data["purchase_orders"]:
            for line in order["lines"]:
                sheet.write(row, 0, order["vendor"], fmt["cell"])
                sheet.write(row, 1, order["order"], fmt["cell"])
                sheet.write(row, 2, line["product"], fmt["cell"])
                sheet.write(row, 3, line["uom"], fmt["cell"])
                sheet.write_number(row, 4, line["ordered_qty"], fmt["dec"])
                sheet.write_number(row, 5, line["received_qty"], fmt["dec"])
                sheet.write_number(row, 6, line["billed_qty"], fmt["dec"])
                sheet.write_number(row, 7, line["ordered"], fmt["money"])
                sheet.write_number(row, 8, line["received"], fmt["money"])
                sheet.write_number(row, 9, line["billed"], fmt["money"])
                row += 1
        deposits = workbook.add_worksheet(self.env._("Open Deposits")[:31])
        write_header(
            deposits,
            0,
            [
                self.env._("Vendor"),
                self.env._("Contract"),
                self.env._("Deposit"),
                self.env._("Deposit Status"),
            ],
            [30, 16, 14, 16],
            fmt["head"],
        )
        row = 1
        for vendor in data["deposits"]:
            for contract in vendor["contracts"]:
                deposits.write(row, 0, vendor["vendor"], fmt["cell"])
                deposits.write(row, 1, contract["contract"], fmt["cell"])
                deposits.write_number(row, 2, contract["amount"], fmt["money"])
                deposits.write(row, 3, contract["state"], fmt["cell"])
                row += 1
        return res
