{
    "name": "Meeting Management - Purchase",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "summary": "Suppliers of a meeting on Odoo Purchase: orders counted as committed in its "
    "budget, vendor qualifications, contracts whose milestones are plan tasks, evaluation "
    "after the meeting, the quarterly supplier ranking",
    "author": "Meeting Management for Odoo",
    "website": "https://github.com/meeting-management/meeting_management",
    "license": "LGPL-3",
    "development_status": "Beta",
    "maintainers": ["meeting-management"],
    "depends": ["meeting_management_account", "purchase"],
    "data": [
        "security/ir.model.access.csv",
        "security/meeting_purchase_rules.xml",
        "views/meeting_meeting_views.xml",
        "views/purchase_order_views.xml",
        "views/meeting_vendor_qualification_views.xml",
        "views/meeting_vendor_contract_views.xml",
        "views/meeting_vendor_evaluation_views.xml",
        "views/meeting_vendor_ranking_views.xml",
        "views/meeting_material_line_views.xml",
        "data/ir_cron_data.xml",
        "report/meeting_vendor_ranking_reports.xml",
        "report/meeting_vendor_ranking_templates.xml",
        "report/meeting_budget_settlement_templates.xml",
    ],
    "demo": [
        "demo/meeting_purchase_demo.xml",
    ],
    "auto_install": True,
    "installable": True,
}
