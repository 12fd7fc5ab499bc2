"""19.0.1.5.0, before the update: the offline lanes' list of the check-in log showed the log's
``create_date``, which the log no longer has (``_log_access = False``). Its old arch would make
the validation of the log's list view fail while the base view is updated (the inheriting view
is only reloaded later in the same update): it is deleted here and created again, with
``synced_at``, from ``views/meeting_checkin_lane_views.xml``.
"""

XMLID = "meeting_checkin_log_view_list_lane"


def migrate(cr, version):
    cr.execute(
        """
        DELETE FROM ir_ui_view
         WHERE id IN (SELECT res_id FROM ir_model_data
                       WHERE module = 'meeting_management' AND name = %s
                         AND model = 'ir.ui.view')
        """,
        [XMLID],
    )
    cr.execute(
        "DELETE FROM ir_model_data WHERE module = 'meeting_management' AND name = %s", [XMLID]
    )
