"""The check-in log of the offline lanes: each synced scan is one line, written once.

The kiosk gives each scan an id (``client_uid``); the unique index on it makes a sync
idempotent: a scan sent again (the answer was lost, a second sync started before the first
ended) finds its line and gets its first result back, it is never applied twice.
"""

from odoo import fields, models


class MeetingCheckinLog(models.Model):
    _inherit = "meeting.checkin.log"

    result = fields.Selection(
        selection_add=[
            ("duplicate", "Duplicate (checked in on another lane)"),
        ],
        ondelete={"duplicate": "cascade"},
    )
    lane_id = fields.Many2one(
        "meeting.checkin.lane",
        string="Offline Lane",
        ondelete="set null",
        readonly=True,
        index="btree_not_null",
        help="The offline lane this scan was queued on and synced from.",
    )
    client_uid = fields.Char(
        string="Scan Id",
        readonly=True,
        copy=False,
        help="The id the offline lane gave the scan: a scan sent twice is applied once.",
    )
    is_offline = fields.Boolean(
        string="Offline Scan",
        readonly=True,
        help="Scanned while the lane was offline and applied at its sync, with its own time.",
    )
    synced_at = fields.Datetime(
        string="Synced At",
        readonly=True,
        help="When the lane's sync brought this offline scan to the server.",
    )

    _client_uid_unique = models.Constraint(
        "unique(client_uid)", "Each offline scan is applied once."
    )
