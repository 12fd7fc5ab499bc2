"""19.0.1.1.0: incidents are routed by their own type.

The shipped incident types used to send every incident to the whole Incident Handler role
group, so a projector failure could land with the catering handler. The data file no longer
sets that group, but it is ``noupdate``: clear it on the shipped types that still carry it
and name no handler of their own (they then go to the meeting's executor until an
administrator names a handler, as on a fresh install).
"""

import logging

_logger = logging.getLogger(__name__)

SHIPPED_TYPES = ("device", "catering", "personnel", "complaint", "safety", "other")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE meeting_incident_type t
           SET handler_group_id = NULL
          FROM ir_model_data d, ir_model_data g
         WHERE d.module = 'meeting_management' AND d.model = 'meeting.incident.type'
           AND d.name IN %s AND t.id = d.res_id
           AND g.module = 'meeting_management' AND g.name = 'group_meeting_incident_handler'
           AND t.handler_group_id = g.res_id AND t.handler_user_id IS NULL
        """,
        [tuple(f"incident_type_{name}" for name in SHIPPED_TYPES)],
    )
    _logger.info(
        "Incident types routed by their own handler: %s shipped types updated", cr.rowcount
    )
