from .common import MeetingCommon


class MeetingTaskCommon(MeetingCommon):
    """A meeting type with a small execution plan template and an approved meeting of it.

    invite (executor, -10 d, milestone) -> confirm (executor, -48 h) -> seating (initiator, -1 d)
    venue (Administration manager, -5 d, deliverable required)       -> seating
    badges (department without manager -> executor, +2 h)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dep_events = cls.env["hr.department"].create({"name": "Events"})
        cls.meeting_type = cls.env["meeting.type"].create({"name": "Test Summit", "code": "TST"})
        Template = cls.env["meeting.task.template"]

        def template(name, **vals):
            return Template.create({"type_id": cls.meeting_type.id, "name": name, **vals})

        cls.tmpl_invite = template(
            "Send invitations",
            sequence=1,
            phase="before",
            owner_role="executor",
            offset_value=-10,
            offset_unit="days",
            is_milestone=True,
            priority="2",
        )
        cls.tmpl_venue = template(
            "Venue layout",
            sequence=2,
            phase="before",
            owner_role="department",
            department_id=cls.dep_admin.id,
            offset_value=-5,
            offset_unit="days",
            requires_deliverable=True,
            deliverable="Floor plan",
        )
        cls.tmpl_confirm = template(
            "Confirm guests",
            sequence=3,
            phase="during",
            offset_value=-48,
            offset_unit="hours",
            depend_on_ids=[cls.tmpl_invite.id],
        )
        cls.tmpl_seating = template(
            "Seating",
            sequence=4,
            phase="during",
            owner_role="initiator",
            offset_value=-1,
            offset_unit="days",
            depend_on_ids=[cls.tmpl_confirm.id, cls.tmpl_venue.id],
        )
        cls.tmpl_badges = template(
            "Collect badges",
            sequence=5,
            phase="after",
            owner_role="department",
            department_id=cls.dep_events.id,
            offset_value=2,
            offset_unit="hours",
        )
        cls.meeting = cls._task_meeting()

    @classmethod
    def _task_meeting(cls, name="Dealer Summit", state="approved"):
        """A meeting of the test type whose plan is not generated yet.

        Raw SQL for the state (see ``MeetingCommon._force_meeting_state``): each test
        generates the plan itself (``_plan``) under its own frozen clock, which an approval
        through the flow would do at set-up.
        """
        meeting = cls._create_meeting(
            name=name,
            type_id=cls.meeting_type.id,
            date_start="2030-03-20 01:00:00",
            date_end="2030-03-20 10:00:00",
            venue=False,
        ).with_env(cls.env)
        return cls._force_meeting_state(meeting, state)

    def _plan(self, meeting=None):
        """Generate the plan and return its tasks by template name."""
        meeting = meeting or self.meeting
        meeting._on_approved()
        return {task.template_id.name: task for task in meeting.task_ids}
