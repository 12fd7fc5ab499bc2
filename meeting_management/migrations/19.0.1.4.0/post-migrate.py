"""19.0.1.4.0: VIP levels are configurable records.

1. The attendees' ``vip_level`` selection (``vip`` / ``vvip``) became the Many2one
``vip_level_id`` to ``meeting.vip.level``. The old column is still in the table when this
script runs (Odoo drops the columns of removed fields after the post-migration scripts).
Each old value is kept as a level of the same name ("VIP", "VVIP"), created when some
attendee used it, so that no attendee loses their flag nor the distinction between the two;
the coordinator can then move them to the shipped levels (Dignitary, Senior Executive, Key
Client) and archive the old ones.

2. The attendees' free-text ``reception_notes`` and ``itinerary`` (coordinator-only) are
replaced by the VIP reception plan. Their text is kept in the notes of the guest's plan
(created for every attendee who had some, with their level if any; no tasks are created for
these plans: the coordinator builds the itinerary legs from the notes).
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
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
         RETURNING id
            """,
            [level.id, value],
        )
        attendees = env["meeting.attendee"].browse([row[0] for row in cr.fetchall()])
        # raw SQL: tell the ORM (cache and dependent fields)
        attendees.invalidate_recordset(["vip_level_id"])
        attendees.modified(["vip_level_id"])
        _logger.info("VIP level %r: %s attendee(s) moved to level %s", value, count, level.id)
    env.flush_all()


def migrate_reception_notes(env):
    cr = env.cr
    columns = [
        name
        for name in ("reception_notes", "itinerary")
        if column_exists(cr, "meeting_attendee", name)
    ]
    if not columns:
        return
    cr.execute(
        SQL(
            "SELECT id, %s FROM meeting_attendee WHERE %s ORDER BY id",
            SQL(", ").join(SQL.identifier(name) for name in columns),
            SQL(" OR ").join(
                SQL("coalesce(trim(%s), '') != ''", SQL.identifier(name)) for name in columns
            ),
        )
    )
    rows = cr.dictfetchall()
    Plan = env["meeting.vip.plan"].with_context(meeting_vip_no_tasks=True, tracking_disable=True)
    for row in rows:
        attendee = env["meeting.attendee"].browse(row["id"])
        parts = []
        if (row.get("reception_notes") or "").strip():
            parts.append(row["reception_notes"].strip())
        if (row.get("itinerary") or "").strip():
            parts.append(f"{env._('Itinerary')}:\n{row['itinerary'].strip()}")
        text = "\n\n".join(parts)
        plan = Plan.search([("attendee_id", "=", attendee.id)], limit=1)
        if plan:
            plan.notes = "\n\n".join(filter(None, [plan.notes, text]))
        else:
            Plan.create(
                {
                    "attendee_id": attendee.id,
                    "vip_level_id": attendee.vip_level_id.id,
                    "notes": text,
                }
            )
    _logger.info("Reception notes and itineraries of %s attendee(s) kept in their plans", len(rows))


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    migrate_vip_levels(env)
    migrate_reception_notes(env)
