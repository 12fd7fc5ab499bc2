from odoo.tests import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class MeetingCommon(TransactionCase):
    """A small organisation with a user per role, holding what a company would give them.

    general manager (gm) <- director (initiator) <- coordinator, employee
    gm <- Administration head, IT head <- IT support (incident handler)

    The initiator, the managers and the resource reviewers are plain employees: their
    rights come from the HR links (``parent_id``, department managers) and the approval
    steps, not from a meeting group. The coordinator, the incident handler and the
    check-in staff hold only their own group. ``user_meeting_admin`` is the one meeting
    administrator, for tests about administration only.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                mail_create_nolog=True,
                no_reset_password=True,
            )
        )
        cls.company = cls.env.company

        def user(login, groups="base.group_user", name=None):
            return mail_new_test_user(
                cls.env,
                login=login,
                name=name or login,
                groups=groups,
                email=f"{login}@example.com",
                tz="Asia/Shanghai",
            )

        cls.user_meeting_admin = user(
            "t_meeting_admin",
            "base.group_user,meeting_management.group_meeting_manager",
            "Meeting Administrator",
        )
        cls.user_gm = user("t_gm", name="General Manager")
        cls.user_director = user("t_director", name="Director")
        cls.user_admin_head = user("t_admin_head", name="Administration Head")
        cls.user_it_head = user("t_it_head", name="IT Head")
        cls.user_coordinator = user(
            "t_coordinator",
            "base.group_user,meeting_management.group_meeting_coordinator",
            "Coordinator",
        )
        cls.user_handler = user(
            "t_handler",
            "base.group_user,meeting_management.group_meeting_incident_handler",
            "IT Support",
        )
        cls.user_checkin = user(
            "t_checkin", "base.group_user,meeting_management.group_meeting_checkin", "Door Staff"
        )
        cls.user_employee = user("t_employee", name="Employee")

        Employee = cls.env["hr.employee"]
        Department = cls.env["hr.department"]
        cls.emp_gm = Employee.create({"name": "General Manager", "user_id": cls.user_gm.id})
        cls.dep_gm = Department.create({"name": "GM Office", "manager_id": cls.emp_gm.id})
        cls.emp_gm.department_id = cls.dep_gm

        def employee(usr, department_name, parent):
            emp = Employee.create(
                {
                    "name": usr.name,
                    "user_id": usr.id,
                    "parent_id": parent.id,
                    "job_title": "Director",
                }
            )
            dep = Department.create(
                {"name": department_name, "manager_id": emp.id, "parent_id": cls.dep_gm.id}
            )
            emp.department_id = dep
            return emp, dep

        cls.emp_director, cls.dep_product = employee(cls.user_director, "Product", cls.emp_gm)
        cls.emp_admin_head, cls.dep_admin = employee(
            cls.user_admin_head, "Administration", cls.emp_gm
        )
        cls.emp_it_head, cls.dep_it = employee(cls.user_it_head, "IT", cls.emp_gm)
        cls.emp_coordinator = Employee.create(
            {
                "name": cls.user_coordinator.name,
                "user_id": cls.user_coordinator.id,
                "parent_id": cls.emp_director.id,
                "department_id": cls.dep_product.id,
            }
        )
        cls.emp_handler = Employee.create(
            {
                "name": cls.user_handler.name,
                "user_id": cls.user_handler.id,
                "parent_id": cls.emp_it_head.id,
                "department_id": cls.dep_it.id,
            }
        )
        cls.emp_employee = Employee.create(
            {
                "name": cls.user_employee.name,
                "user_id": cls.user_employee.id,
                "parent_id": cls.emp_director.id,
                "department_id": cls.dep_product.id,
            }
        )
        cls.type_client = cls.env.ref("meeting_management.meeting_type_client")


class RpcError(Exception):
    """A JSON-RPC error answer: the exception class name and its user-facing message."""

    def __init__(self, name, message, debug=""):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.debug = debug


class MeetingRpcMixin:
    """Calls model methods over JSON-RPC as a user, as the web client does (HttpCase)."""

    def rpc(self, login, model, method, args, kwargs=None):
        if login is not None:
            self.authenticate(login, login)
        response = self.opener.post(
            f"{self.base_url()}/web/dataset/call_kw/{model}/{method}",
            json={
                "id": 0,
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
            timeout=30,
        )
        response.raise_for_status()
        payload = response.json()
        if "error" in payload:
            data = payload["error"].get("data", {})
            raise RpcError(data.get("name", ""), data.get("message", ""), data.get("debug", ""))
        return payload.get("result")
