"""19.0.1.2.0: a KPI without data is empty (NULL), not 0.

The stored KPI values of the meetings were 0 where there was no data (no survey answer, no
incident, no objective reported …), so the KPI analysis averaged those meetings in as 0.
Recompute them: the figures without data become NULL, which averages leave out. Budget
actuals stay as they are: a 0 entered before cannot be told from one never entered.
"""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

KPI_FIELDS = (
    "kpi_agenda_completion",
    "kpi_agenda_deviation",
    "kpi_satisfaction",
    "kpi_satisfaction_agenda",
    "kpi_satisfaction_venue",
    "kpi_satisfaction_catering",
    "kpi_satisfaction_service",
    "kpi_incident_timeliness",
    "kpi_objective_attainment",
    "kpi_preparation_ontime",
    "kpi_budget_actual",
    "kpi_budget_variance",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    meetings = env["meeting.meeting"].with_context(active_test=False).search([])
    for fname in KPI_FIELDS:
        env.add_to_compute(meetings._fields[fname], meetings)
    meetings._recompute_recordset(list(KPI_FIELDS))
    meetings._recompute_kpi_status()
    meetings.flush_recordset()
    _logger.info("KPIs without data emptied on %s meetings", len(meetings))
