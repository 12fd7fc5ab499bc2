{
    "name": "Meeting Management - Expenses",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "summary": "Expenses filed for a meeting count in its budget: committed once approved, "
    "actual once posted",
    "author": "Meeting Management for Odoo",
    "website": "https://github.com/meeting-management/meeting_management",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["meeting-management"],
    "depends": ["meeting_management_account", "hr_expense"],
    "data": [
        "security/meeting_hr_expense_rules.xml",
        "data/product_data.xml",
        "views/meeting_meeting_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
