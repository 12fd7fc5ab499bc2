from .common import NOW, MeetingCommon

__all__ = ["NOW", "MeetingApprovalCommon"]


class MeetingApprovalCommon(MeetingCommon):
    """Resource review by the test Administration and IT departments.

    Meetings are built with ``MeetingCommon._create_meeting`` (as the director).
    """

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

    def _step(self, meeting, reviewer):
        return meeting.approval_ids.filtered(
            lambda a: a.reviewer_id == reviewer and a.state == "pending"
        )

    def _approve_all_resource(self, meeting):
        self._step(meeting, self.user_admin_head).with_user(self.user_admin_head).action_approve()
        self._step(meeting, self.user_it_head).with_user(self.user_it_head).action_approve()
