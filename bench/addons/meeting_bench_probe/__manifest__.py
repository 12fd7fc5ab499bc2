{
    "name": "Meeting Management: benchmark probe (never install)",
    "version": "19.0.1.0.0",
    "summary": "The least a check-in writes, as a method: the ceiling bench/checkin.py measures",
    "license": "LGPL-3",
    "author": "Meeting Management for Odoo",
    "depends": ["meeting_management"],
    "installable": True,
}
