from datetime import datetime, timedelta

from odoo import Command

from .common import MeetingCommon

NOW = datetime(2030, 5, 6, 1, 0, 0)


class MeetingApprovalCommon(MeetingCommon):
    """Resource review by the test Administration and IT departments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ReviewDepartment = cls.env["meeting.review.department"]
        ReviewDepartment.search([]).action_archive()
        # demo steps are outside these tests (and overdue at the frozen test time)
        cls.env["meeting.approval"].search([("state", "=", "pending")]).write(
            {"state": "cancelled"}
        )
        cls.review_admin = ReviewDepartment.create(
            {"department_id": cls.dep_admin.id, "sequence": 1, "scope": "Venue"}
        )
        cls.review_it = ReviewDepartment.create(
            {"department_id": cls.dep_it.id, "sequence": 2, "scope": "Equipment"}
        )
        cls.admins = cls.env.ref("meeting_management.group_meeting_manager").all_user_ids

    @classmethod
    def _meeting_vals(cls, **kw):
        vals = {
            "name": "Dealer Summit",
            "type_id": cls.type_client.id,
            "date_start": NOW + timedelta(days=10),
            "date_end": NOW + timedelta(days=10, hours=8),
            "venue": "Conference Center",
            "initiator_id": cls.user_director.id,
            "executor_id": cls.user_coordinator.id,
            "budget_total": 1000.0,
            "objective_ids": [
                Command.create({"name": "New dealers", "target_value": 50, "unit": "dealers"})
            ],
            "budget_line_ids": [
                Command.create({"category": "venue", "name": "Hall", "amount_planned": 600}),
                Command.create({"category": "catering", "name": "Lunch", "amount_planned": 400}),
            ],
        }
        vals.update(kw)
        return vals

    @classmethod
    def _create_meeting(cls, **kw):
        return (
            cls.env["meeting.meeting"].with_user(cls.user_director).create(cls._meeting_vals(**kw))
        )

    def _step(self, meeting, reviewer):
        return meeting.approval_ids.filtered(
            lambda a: a.reviewer_id == reviewer and a.state == "pending"
        )

    def _approve_all_resource(self, meeting):
        self._step(meeting, self.user_admin_head).with_user(self.user_admin_head).action_approve()
        self._step(meeting, self.user_it_head).with_user(self.user_it_head).action_approve()
