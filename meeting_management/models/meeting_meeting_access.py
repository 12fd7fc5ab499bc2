"""Who is involved in a meeting, as one indexed lookup per link (the record rules' test).

A plain employee reads the meetings they are involved in: initiator, executor, approval
reviewer, attendee, task owner or lead owner (the *participants*, who also read the plan's
tasks), and further check-in staff, follower and incident handler (directly or through the
incident's handler group). Written as a domain, that is an OR over six related tables, which
PostgreSQL can only evaluate by testing every meeting of the company against six sub-plans:
2.5 s at 20,000 meetings per company (``bench/scale.py``, ``bench/RESULTS.md``). Written as
``id IN (<one indexed SELECT per link> UNION ...)`` the few meetings of the user are found
first and the test costs the same whatever the number of meetings.

The search methods read ``self.env.uid``: the record rules are converted to SQL in a
``sudo()`` environment, which keeps the user (only the superuser flag changes).
"""

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

# How a meeting is linked to a user: one indexed SELECT of meeting ids each. The user's partner
# and groups (with the implied ones) are read in the statement itself, so converting a record
# rule that uses them costs no query of its own.
MEETING_LINKS = {
    "initiator": "SELECT id FROM meeting_meeting WHERE initiator_id = %(uid)s",
    "executor": "SELECT id FROM meeting_meeting WHERE executor_id = %(uid)s",
    "reviewer": "SELECT meeting_id FROM meeting_approval WHERE reviewer_id = %(uid)s",
    "reviewer_in_force": (
        "SELECT meeting_id FROM meeting_approval"
        " WHERE reviewer_id = %(uid)s AND state != 'cancelled'"
    ),
    "attendee": "SELECT meeting_id FROM meeting_attendee WHERE user_id = %(uid)s",
    "task_owner": "SELECT meeting_id FROM meeting_task WHERE user_id = %(uid)s",
    "task_lead": "SELECT meeting_id FROM meeting_task WHERE lead_user_id = %(uid)s",
    "checkin_staff": (
        "SELECT meeting_id FROM meeting_meeting_checkin_staff_rel WHERE user_id = %(uid)s"
    ),
    "follower": (
        "SELECT f.res_id FROM mail_followers f JOIN res_users u ON u.partner_id = f.partner_id"
        " WHERE f.res_model = 'meeting.meeting' AND u.id = %(uid)s"
    ),
    "incident_handler": "SELECT meeting_id FROM meeting_incident WHERE handler_id = %(uid)s",
    "incident_group": (
        "SELECT meeting_id FROM meeting_incident WHERE handler_group_id IN ("
        " WITH RECURSIVE user_group(id) AS ("
        " SELECT gid FROM res_groups_users_rel WHERE uid = %(uid)s"
        " UNION SELECT implied.hid FROM res_groups_implied_rel implied"
        " JOIN user_group ON implied.gid = user_group.id)"
        " SELECT id FROM user_group)"
    ),
}
# initiator, executor, approval reviewer, attendee, task owner or lead owner
PARTICIPANT_LINKS = ("initiator", "executor", "reviewer", "attendee", "task_owner", "task_lead")
# ... or check-in staff, follower, incident handler (directly or through the handler group)
INVOLVED_LINKS = (
    *PARTICIPANT_LINKS,
    "checkin_staff",
    "follower",
    "incident_handler",
    "incident_group",
)
# My Meetings: initiator, executor, attendee, reviewer of a step still in force
MY_MEETING_LINKS = ("initiator", "executor", "attendee", "reviewer_in_force")


class MeetingMeeting(models.Model):
    _inherit = "meeting.meeting"

    is_participant = fields.Boolean(
        string="Participant",
        compute="_compute_is_involved",
        search="_search_is_participant",
        help="I initiate, execute, review, attend this meeting or own one of its tasks.",
    )
    is_involved = fields.Boolean(
        string="Involved",
        compute="_compute_is_involved",
        search="_search_is_involved",
        help="I take part in this meeting, staff its door, follow it or handle one of its "
        "incidents.",
    )

    @api.depends_context("uid")
    def _compute_is_involved(self):
        # sudo: the same test the record rules make, on these meetings only
        meetings = self.sudo()
        participant = set(
            meetings.search([("id", "in", self.ids), ("is_participant", "=", True)]).ids
        )
        involved = set(meetings.search([("id", "in", self.ids), ("is_involved", "=", True)]).ids)
        for meeting in self:
            meeting.is_participant = meeting.id in participant
            meeting.is_involved = meeting.id in involved

    def _search_is_participant(self, operator, value):
        return self._involvement_domain(operator, value, self._meeting_ids_sql(PARTICIPANT_LINKS))

    def _search_is_involved(self, operator, value):
        return self._involvement_domain(operator, value, self._meeting_ids_sql(INVOLVED_LINKS))

    def _involvement_domain(self, operator, value, query):
        if operator not in ("in", "not in"):
            return NotImplemented
        positive = (operator == "in") == (True in value)
        return Domain("id", "in" if positive else "not in", query)

    def _meeting_ids_sql(self, links):
        """The ids of the meetings linked to the current user by one of ``links`` (keys of
        ``MEETING_LINKS``): one indexed SELECT per link, their UNION."""
        return SQL(" UNION ".join(MEETING_LINKS[link] for link in links), uid=self.env.uid)
