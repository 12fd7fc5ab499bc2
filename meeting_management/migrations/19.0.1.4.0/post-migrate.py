"""19.0.1.4.0: VIP levels are configurable records.

The attendees' ``vip_level`` selection (``vip`` / ``vvip``) became the Many2one
``vip_level_id`` to ``meeting.vip.level``. The old column is still in the table when this
script runs (Odoo drops the columns of removed fields after the post-migration scripts).
Each old value is kept as a level of the same name ("VIP", "VVIP"), created when some
attendee used it, so that no attendee loses their flag nor the distinction between the two;
the coordinator can then move them to the shipped levels (Dignitary, Senior Executive, Key
Client) and archive the old ones.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)

# old selection value -> (name of its level, sequence after the shipped levels)
LEGACY_LEVELS = {"vip": ("VIP", 90), "vvip": ("VVIP", 80)}


def migrate_vip_levels(env):
    cr = env.cr
    if not column_exists(cr, "meeting_attendee", "vip_level"):
        return
    cr.execute(
        """
        SELECT vip_level, count(*) FROM meeting_attendee
         WHERE vip_level IS NOT NULL AND vip_level_id IS NULL
         GROUP BY vip_level
        """
    )
    Level = env["meeting.vip.level"].with_context(active_test=False)
    for value, count in cr.fetchall():
        name, sequence = LEGACY_LEVELS.get(value, (value, 100))
        level = Level.search([("name", "=", name)], limit=1) or Level.create(
            {"name": name, "sequence": sequence}
        )
        cr.execute(
            """
            UPDATE meeting_attendee SET vip_level_id = %s
             WHERE vip_level = %s AND vip_level_id IS NULL
            """,
            [level.id, value],
        )
        _logger.info("VIP level %r: %s attendee(s) moved to level %s", value, count, level.id)
    env["meeting.attendee"].invalidate_model(["vip_level_id"])


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_vip_levels(env)
