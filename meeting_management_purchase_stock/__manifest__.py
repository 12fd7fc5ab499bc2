{
    "name": "Meeting Management - Purchase Receipts",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "summary": "Vendors' delivery on time measured from the receipts of a meeting's orders; "
    "the settlement checks the receipts",
    "author": "Meeting Management for Odoo",
    "website": "https://github.com/meeting-management/meeting_management",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["meeting-management"],
    "depends": ["meeting_management_purchase", "purchase_stock"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
