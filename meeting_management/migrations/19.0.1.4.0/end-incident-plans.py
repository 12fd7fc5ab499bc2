"""19.0.1.4.0: the emergency plans of the shipped incident types on an existing database.

``data/meeting_incident_plan_data.xml`` is ``noupdate``: on an upgrade its new records (plan
steps, escalation steps) are created, but the shipped incident types, which exist already,
keep their old values. This fills what the plans add to those types — the severity texts and,
for the Complaint type, the complaint flag with its response times — where the database has
nothing yet; what an administrator configured is kept.
"""

import logging
from pathlib import Path

from lxml import etree

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)

DATA_FILE = Path(__file__).parents[2] / "data" / "meeting_incident_plan_data.xml"
SEVERITY_FIELDS = ("severity_high", "severity_medium", "severity_low")
COMPLAINT_FIELDS = ("response_minutes_low", "response_minutes_medium", "response_minutes_high")


def shipped_type_values():
    """{xmlid: {field: value}} of the incident types in the plans' data file."""
    values = {}
    for record in etree.parse(str(DATA_FILE)).iter("record"):
        if record.get("model") != "meeting.incident.type":
            continue
        fields = {}
        for field in record.iter("field"):
            name = field.get("name")
            if field.get("eval") is not None:
                fields[name] = field.get("eval") == "True"
            elif name in COMPLAINT_FIELDS:
                fields[name] = int(field.text)
            else:
                fields[name] = field.text
        values[f"meeting_management.{record.get('id')}"] = fields
    return values


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US"})
    for xmlid, shipped in shipped_type_values().items():
        incident_type = env.ref(xmlid, raise_if_not_found=False)
        if not incident_type:
            continue
        vals = {f: shipped[f] for f in SEVERITY_FIELDS if f in shipped and not incident_type[f]}
        if shipped.get("is_complaint") and not incident_type.is_complaint:
            vals["is_complaint"] = True
            vals.update({f: shipped[f] for f in COMPLAINT_FIELDS if f in shipped})
        if vals:
            incident_type.write(vals)
            _logger.info("Emergency plan of %s completed: %s", xmlid, sorted(vals))
