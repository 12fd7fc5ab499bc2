"""19.0.1.5.0: a scan's statement writes fewer index entries and foreign keys.

* Indexes that other indexes cover are dropped (Odoo keeps an index whose field lost
  ``index=True``): the attendee's token (its unique constraint is an index), the attendee's
  check-in flag (indexed with the meeting), the log's meeting (indexed with the scan date).
* The check-in log has no create/write columns any more (``_log_access = False``): the time
  an offline scan was synced, shown from ``create_date`` so far, moves to ``synced_at``. The
  old columns are left in place, unused.
"""


def migrate(cr, version):
    cr.execute(
        """
        DROP INDEX IF EXISTS meeting_attendee__access_token_index,
                             meeting_attendee__is_checked_in_index,
                             meeting_checkin_log__meeting_id_index
        """
    )
    cr.execute(
        """
        SELECT 1 FROM information_schema.columns
         WHERE table_name = 'meeting_checkin_log' AND column_name = 'create_date'
        """
    )
    if cr.fetchone():
        cr.execute(
            """
            UPDATE meeting_checkin_log SET synced_at = create_date
             WHERE is_offline AND synced_at IS NULL
            """
        )
