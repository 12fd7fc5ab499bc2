"""19.0.1.3.0: a KPI without data is never "met".

A meeting without any incident had its incident response timeliness stored as met, and a
meeting whose tasks were overdue but none finished had a preparation on-time rate of 0 %.
Recompute the preparation on-time rate (empty until a task is finished) and the stored
met / not met flags, which now say "no data" for both.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    meetings = env["meeting.meeting"].with_context(active_test=False).search([])
    field = meetings._fields["kpi_preparation_ontime"]
    env.add_to_compute(field, meetings)
    meetings._recompute_recordset(["kpi_preparation_ontime"])
    meetings._recompute_kpi_status()
    meetings.flush_recordset()
    _logger.info("Recomputed the KPI statuses of %s meeting(s)", len(meetings))
