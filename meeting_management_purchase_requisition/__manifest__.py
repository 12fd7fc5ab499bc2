{
    "name": "Meeting Management - Calls for Tenders",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "summary": "Calls for tenders (Purchase Agreements) for a meeting: created from the "
    "meeting, their lines and orders carrying its analytic account and budget category",
    "author": "Meeting Management for Odoo",
    "website": "https://github.com/meeting-management/meeting_management",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["meeting-management"],
    "depends": ["meeting_management_purchase", "purchase_requisition"],
    "data": [
        "views/purchase_requisition_views.xml",
        "views/meeting_meeting_views.xml",
    ],
    "auto_install": True,
    "installable": True,
}
