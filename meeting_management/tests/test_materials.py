"""Issue 15, materials (物资清单): the checklist from the meeting type's templates scaled by
attendance, statuses moved by actions, the sign-off sheet (签收表) with signatures and
returns, the confidential chain, closing blocked by what is not returned, access per role
(ORM and RPC)."""

import base64
from datetime import timedelta

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import MeetingCommon, MeetingRpcMixin, RpcError

# a 1x1 PNG: the signature drawn on the tablet
SIGNATURE = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4"
        "890000000d49444154789c6360f80f0000010101005d1ba7d40000000049454e44ae426082"
    )
)


class MaterialsCommon(MeetingCommon):
    """An approved meeting of a type with three material templates, expecting 100 people:
    executor Coordinator, door staff Door Staff, Employee an internal attendee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_materials = cls.env["meeting.type"].create(
            {
                "name": "Materials Test",
                "code": "MAT",
                "material_template_ids": [
                    Command.create(
                        {
                            "name": "Meeting folder",
                            "category": "documents",
                            "source": "buy",
                            "quantity": 1,
                            "per_attendee": True,
                            "spare_percent": 10,
                            "sequence": 1,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Wireless microphone",
                            "category": "equipment",
                            "source": "rent",
                            "quantity": 4,
                            "sequence": 2,
                        }
                    ),
                    Command.create(
                        {
                            "name": "Price list",
                            "category": "documents",
                            "source": "buy",
                            "quantity": 0.5,
                            "per_attendee": True,
                            "is_confidential": True,
                            "sequence": 3,
                            "department_id": cls.dep_admin.id,
                        }
                    ),
                ],
            }
        )
        cls.tpl_folder, cls.tpl_mic, cls.tpl_price = cls.type_materials.material_template_ids
        cls.meeting = cls._meeting_in_state(
            "approved",
            type_id=cls.type_materials.id,
            expected_internal_count=20,
            expected_external_count=80,
            checkin_staff_ids=[Command.link(cls.user_checkin.id)],
        )
        Attendee = cls.env["meeting.attendee"]
        cls.att_guest = Attendee.create(
            {"meeting_id": cls.meeting.id, "name": "Zhang Wei", "company_name": "Xintai"}
        )
        cls.att_employee = Attendee.create(
            {
                "meeting_id": cls.meeting.id,
                "name": cls.user_employee.name,
                "attendee_type": "internal",
                "employee_id": cls.emp_employee.id,
                "user_id": cls.user_employee.id,
            }
        )

    def _generate(self):
        self.meeting.with_user(self.user_coordinator).action_generate_materials()
        lines = self.meeting.material_line_ids
        return (
            lines.filtered(lambda ln: ln.template_id == self.tpl_folder),
            lines.filtered(lambda ln: ln.template_id == self.tpl_mic),
            lines.filtered(lambda ln: ln.template_id == self.tpl_price),
        )

    def _received(self, line, user=None):
        line.with_user(user or self.user_coordinator).action_receive()
        return line

    def _hand_out(self, line, user=None, quantity=1, signature=SIGNATURE, **recipient):
        recipient = recipient or {"attendee_id": self.att_guest.id}
        return (
            self.env["meeting.material.handout"]
            .with_user(user or self.user_checkin)
            .create({"line_id": line.id, "quantity": quantity, "signature": signature, **recipient})
        )

    def _to_review(self):
        self.meeting.with_user(self.user_coordinator).action_start()
        self.meeting.with_user(self.user_coordinator).action_finish()


@tagged("post_install", "-at_install")
class TestMaterials(MaterialsCommon):
    # ------------------------------------------------------------------
    # Templates -> materials scaled by attendance
    # ------------------------------------------------------------------
    def test_templates_scaled_by_attendance(self):
        folder, mic, price = self._generate()
        self.assertRecordValues(
            folder | mic | price,
            [
                # 100 expected attendees + 10 % spare
                {"quantity_planned": 110, "source": "buy", "is_confidential": False},
                {"quantity_planned": 4, "source": "rent", "is_confidential": False},
                {"quantity_planned": 50, "source": "buy", "is_confidential": True},
            ],
        )
        self.assertEqual(set((folder | mic | price).mapped("state")), {"to_order"})
        self.assertEqual(folder.owner_id, self.user_coordinator, "the executor by default")
        self.assertEqual(price.owner_id, self.user_admin_head, "the department's manager")
        self.assertEqual(folder.date_due, self.meeting.date_start - timedelta(days=2))

        # regenerating does not duplicate; a new attendance rescales what is not ordered yet
        folder.with_user(self.user_coordinator).action_order()
        self.meeting.with_user(self.user_director).expected_external_count = 180
        self.meeting.with_user(self.user_coordinator).action_generate_materials()
        self.assertEqual(len(self.meeting.material_line_ids), 3)
        self.assertEqual(folder.quantity_planned, 110, "ordered: kept")
        self.assertEqual(price.quantity_planned, 100, "200 attendees x 0.5")
        self.assertEqual(mic.quantity_planned, 4, "not per attendee")

        # a template added later is added to the checklist, the others stay
        self.env["meeting.material.template"].create(
            {"type_id": self.type_materials.id, "name": "Banner", "category": "promotional"}
        )
        self.meeting.with_user(self.user_coordinator).action_generate_materials()
        self.assertEqual(len(self.meeting.material_line_ids), 4)

    def test_registered_attendance_counts_when_larger(self):
        self.meeting.with_user(self.user_director).write(
            {"expected_internal_count": 0, "expected_external_count": 0}
        )
        folder, _mic, price = self._generate()
        # the two registered attendees, + 10 % rounded up
        self.assertEqual(folder.quantity_planned, 3)
        self.assertEqual(price.quantity_planned, 1)

    def test_generate_guard(self):
        for user in (self.user_employee, self.user_checkin, self.user_director):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.meeting.with_user(user).action_generate_materials()
        self.assertFalse(self.meeting.material_line_ids)
        # a coordinator staffing the meeting manages its checklist too, not another one
        coordinator2 = self.env["res.users"].create(
            {
                "name": "Second Coordinator",
                "login": "t_coordinator_two",
                "group_ids": [
                    Command.link(self.env.ref("meeting_management.group_meeting_coordinator").id)
                ],
            }
        )
        with self.assertRaises(AccessError):
            self.meeting.with_user(coordinator2).action_generate_materials()
        self.meeting.with_user(self.user_director).checkin_staff_ids = [
            Command.link(coordinator2.id)
        ]
        self.meeting.with_user(coordinator2).action_generate_materials()
        self.assertEqual(len(self.meeting.material_line_ids), 3)
        empty = self.env["meeting.type"].create({"name": "No Materials"})
        meeting = self._meeting_in_state("approved", type_id=empty.id)
        with self.assertRaisesRegex(UserError, "no material templates"):
            meeting.with_user(self.user_coordinator).action_generate_materials()

    # ------------------------------------------------------------------
    # Statuses by actions
    # ------------------------------------------------------------------
    def test_status_moves_by_actions_only(self):
        folder, _mic, price = self._generate()
        Line = self.env["meeting.material.line"].with_user(self.user_coordinator)
        with self.assertRaises(UserError):
            folder.with_user(self.user_coordinator).write({"state": "received"})
        with self.assertRaises(UserError):
            Line.create({"meeting_id": self.meeting.id, "name": "Pens", "state": "distributed"})
        with self.assertRaisesRegex(UserError, "cannot become"):
            folder.with_user(self.user_coordinator).action_distribute()
        folder.with_user(self.user_coordinator).action_order()
        folder.with_user(self.user_coordinator).action_receive()
        self.assertRecordValues(
            folder, [{"state": "received", "quantity_received": 110, "quantity_short": 0}]
        )
        folder.with_user(self.user_coordinator).action_reset()
        self.assertRecordValues(folder, [{"state": "to_order", "quantity_received": 0}])

        # the owner (Administration Head) moves their line and its received quantity only
        owner = price.with_user(self.user_admin_head)
        owner.action_order()
        owner.write({"quantity_received": 30, "notes": "20 more on Monday"})
        owner.action_receive()
        self.assertRecordValues(price, [{"state": "received", "quantity_short": 20}])
        with self.assertRaisesRegex(AccessError, "received quantity and the notes"):
            owner.write({"quantity_planned": 30})
        with self.assertRaises(AccessError):
            owner.action_reset()
        # door staff and plain employees do not move statuses
        with self.assertRaises(AccessError):
            folder.with_user(self.user_checkin).action_order()
        with self.assertRaises(AccessError):
            folder.with_user(self.user_employee).action_order()

    # ------------------------------------------------------------------
    # Sign-off and return
    # ------------------------------------------------------------------
    def test_signoff_and_return(self):
        _folder, mic, _price = self._generate()
        with self.assertRaisesRegex(UserError, "once it is received"):
            self._hand_out(mic)
        self._received(mic)
        handout = self._hand_out(mic, quantity=2)
        self.assertRecordValues(
            handout,
            [
                {
                    "recipient_name": "Zhang Wei",
                    "handed_by_id": self.user_checkin.id,
                    "state": "out",
                    "quantity_returned": 0,
                }
            ],
        )
        self.assertTrue(handout.date_handed)
        self.assertRecordValues(
            mic, [{"state": "distributed", "quantity_handed": 2, "quantity_out": 2}]
        )
        employee_handout = self._hand_out(mic, employee_id=self.emp_handler.id)
        # not more than received, one recipient, no typed-in staff or return
        with self.assertRaisesRegex(ValidationError, "Only 4"):
            self._hand_out(mic, quantity=2)
        with self.assertRaises(ValidationError):
            self._hand_out(mic, attendee_id=self.att_guest.id, employee_id=self.emp_handler.id)
        with self.assertRaises(UserError):
            self.env["meeting.material.handout"].with_user(self.user_checkin).create(
                {
                    "line_id": mic.id,
                    "attendee_id": self.att_guest.id,
                    "handed_by_id": self.user_employee.id,
                }
            )
        with self.assertRaises(UserError):
            handout.with_user(self.user_checkin).write({"quantity": 1})
        with self.assertRaises(UserError):
            handout.with_user(self.user_checkin).write({"quantity_returned": 2})
        # the rented microphones cannot go back while two are out
        with self.assertRaisesRegex(UserError, "still out"):
            mic.with_user(self.user_coordinator).action_return()
        handout.with_user(self.user_checkin).action_return()
        self.assertRecordValues(
            handout,
            [{"state": "returned", "quantity_returned": 2, "returned_by_id": self.user_checkin.id}],
        )
        self.assertEqual(mic.quantity_out, 1)
        employee_handout.with_user(self.user_checkin).action_return()
        with self.assertRaisesRegex(UserError, "already returned"):
            handout.with_user(self.user_checkin).action_return()
        mic.with_user(self.user_coordinator).action_return()
        self.assertEqual(mic.state, "returned")
        # the chain is on the line's chatter
        bodies = " ".join(mic.message_ids.mapped("body"))
        self.assertIn("handed out to Zhang Wei by Door Staff", bodies)
        self.assertIn("returned by Zhang Wei to Door Staff", bodies)

    def test_signoff_sheet_pdf(self):
        folder, mic, price = self._generate()
        (folder | mic | price).with_user(self.user_coordinator).action_receive()
        self._hand_out(folder)
        self._hand_out(price, attendee_id=self.att_employee.id)
        report = self.env["ir.actions.report"].with_user(self.user_coordinator)
        html = report._render_qweb_html(
            "meeting_management.action_report_meeting_material_signoff", self.meeting.ids
        )[0].decode()
        self.assertIn("Materials Sign-off Sheet", html)
        self.assertEqual(html.count("o_material_handout"), 2)
        self.assertIn("Price list", html)
        self.assertIn("data:image/png;base64", html)
        self.assertIn("o_material_not_returned", html)

    # ------------------------------------------------------------------
    # Confidential chain and closing
    # ------------------------------------------------------------------
    def test_confidential_chain(self):
        folder, mic, price = self._generate()
        (folder | price).with_user(self.user_coordinator).action_receive()
        with self.assertRaisesRegex(ValidationError, "signs for it"):
            self._hand_out(price, signature=False)
        handout = self._hand_out(price, attendee_id=self.att_employee.id)
        self._hand_out(folder, employee_id=self.emp_employee.id, signature=False)

        # a plain employee (attendee of the meeting) reads nothing confidential
        Line = self.env["meeting.material.line"].with_user(self.user_employee)
        self.assertEqual(Line.search([("meeting_id", "=", self.meeting.id)]), folder | mic)
        with self.assertRaises(AccessError):
            price.with_user(self.user_employee).read(["name"])
        Handout = self.env["meeting.material.handout"].with_user(self.user_employee)
        self.assertEqual(Handout.search([]).line_id, folder, "only their own, not confidential")
        onsite = self.meeting.with_user(self.user_employee).get_onsite_data()
        self.assertNotIn("Price list", str(onsite["materials"]))
        # the staff see it out on the on-site view
        onsite = self.meeting.with_user(self.user_coordinator).get_onsite_data()
        self.assertEqual([row["name"] for row in onsite["materials"]["out"]], ["Price list"])

        self._to_review()
        with self.assertRaises(UserError) as refused:
            self.meeting.with_user(self.user_director).action_publish_report()
        message = str(refused.exception)
        self.assertIn("cannot be closed while materials are not returned", message)
        self.assertIn("Price list (confidential): 1 with Employee", message)
        handout.with_user(self.user_checkin).action_return()
        self.meeting.with_user(self.user_director).action_publish_report()
        self.assertEqual(self.meeting.state, "closed")
        # the closed meeting's sheet is archived
        with self.assertRaises(UserError):
            self._hand_out(folder)

    def test_closing_blocked_by_unreturned_rental(self):
        _folder, mic, _price = self._generate()
        self._received(mic)
        self._to_review()
        with self.assertRaises(UserError) as refused:
            self.meeting.with_user(self.user_director).action_publish_report()
        self.assertIn("Wireless microphone (rented: 4)", str(refused.exception))
        self.assertEqual(self.meeting.state, "review")
        mic.with_user(self.user_coordinator).action_return()
        self.meeting.with_user(self.user_director).action_publish_report()
        self.assertEqual(self.meeting.state, "closed")

    def test_onsite_short(self):
        folder, mic, _price = self._generate()
        folder.with_user(self.user_coordinator).quantity_received = 100
        folder.with_user(self.user_coordinator).action_receive()
        self._received(mic)
        data = self.meeting.with_user(self.user_coordinator).get_onsite_data()["materials"]
        short = {row["name"]: row for row in data["short"]}
        self.assertEqual(short["Meeting folder"]["short"], "10")
        self.assertIn("Price list", short, "nothing received yet")
        self.assertEqual([row["name"] for row in data["out"]], ["Wireless microphone"])
        self.assertEqual(self.meeting.with_user(self.user_coordinator).material_short_count, 2)
        self.assertEqual(self.meeting.with_user(self.user_coordinator).material_out_count, 1)

    # ------------------------------------------------------------------
    # Access per role
    # ------------------------------------------------------------------
    def test_access_per_role(self):
        folder, _mic, price = self._generate()
        (folder | price).with_user(self.user_coordinator).action_receive()
        # door staff read the whole checklist and hand out; they do not edit it
        staff_lines = self.env["meeting.material.line"].with_user(self.user_checkin)
        self.assertEqual(len(staff_lines.search([("meeting_id", "=", self.meeting.id)])), 3)
        with self.assertRaises(AccessError):
            folder.with_user(self.user_checkin).write({"quantity_planned": 1})
        with self.assertRaises(AccessError):
            staff_lines.create({"meeting_id": self.meeting.id, "name": "Pens"})
        handout = self._hand_out(price)
        # a plain employee neither hands out nor records returns
        with self.assertRaises(AccessError):
            self._hand_out(folder, user=self.user_employee)
        with self.assertRaises(AccessError):
            handout.with_user(self.user_employee).action_return()
        with self.assertRaises(AccessError):
            folder.with_user(self.user_employee).write({"notes": "x"})
        # the owner of a line hands it out; only the checklist's managers delete
        self._hand_out(price, user=self.user_admin_head)
        with self.assertRaises(AccessError):
            handout.with_user(self.user_checkin).unlink()
        with self.assertRaisesRegex(UserError, "hand-outs on its sign-off sheet"):
            price.with_user(self.user_coordinator).unlink()
        # other door staff (not of this meeting) see nothing
        other = self.env["res.users"].create(
            {
                "name": "Other Door",
                "login": "t_other_door",
                "group_ids": [
                    Command.link(self.env.ref("meeting_management.group_meeting_checkin").id)
                ],
            }
        )
        self.assertFalse(
            self.env["meeting.material.line"]
            .with_user(other)
            .search([("meeting_id", "=", self.meeting.id)])
        )
        with self.assertRaises(AccessError):
            self._hand_out(folder, user=other)

    def test_form_as_coordinator(self):
        Line = self.env["meeting.material.line"].with_user(self.user_coordinator)
        with Form(Line.with_context(default_meeting_id=self.meeting.id)) as form:
            form.name = "Roll-up stand"
            form.category = "promotional"
            form.source = "rent"
            form.quantity_planned = 2
        line = form.record
        self.assertRecordValues(
            line,
            [
                {
                    "owner_id": self.user_coordinator.id,
                    "is_returnable": True,
                    "state": "to_order",
                    "can_manage": True,
                }
            ],
        )
        line.action_receive()
        action = line.action_new_handout()
        Handout = self.env["meeting.material.handout"].with_user(self.user_coordinator)
        with Form(Handout.with_context(**action["context"])) as form:
            form.attendee_id = self.att_guest
            form.quantity = 2
            form.signature = SIGNATURE.decode()
        self.assertRecordValues(
            form.record, [{"state": "out", "handed_by_id": self.user_coordinator.id}]
        )


@tagged("post_install", "-at_install")
class TestMaterialsRpc(HttpCase, MeetingRpcMixin, MaterialsCommon):
    def _refused(self, login, model, method, args, kwargs=None):
        with self.assertRaises(RpcError) as refused:
            self.rpc(login, model, method, args, kwargs)
        return refused.exception

    def test_rpc_guards(self):
        error = self._refused(
            "t_checkin", "meeting.meeting", "action_generate_materials", [[self.meeting.id]]
        )
        self.assertEqual(error.name, "odoo.exceptions.AccessError")
        self.rpc(
            "t_coordinator", "meeting.meeting", "action_generate_materials", [[self.meeting.id]]
        )
        self.meeting.invalidate_recordset()
        folder = self.meeting.material_line_ids.filtered(
            lambda ln: ln.template_id == self.tpl_folder
        )
        price = self.meeting.material_line_ids.filtered(lambda ln: ln.template_id == self.tpl_price)
        # a status is not typed, not even with a context key
        error = self._refused(
            "t_coordinator",
            "meeting.material.line",
            "write",
            [folder.ids, {"state": "returned"}],
            {"context": {"meeting_material_force": True}},
        )
        self.assertEqual(error.name, "odoo.exceptions.UserError")
        self.rpc("t_coordinator", "meeting.material.line", "action_receive", [(folder | price).ids])
        # the owner updates their line's status, not its plan
        error = self._refused(
            "t_admin_head", "meeting.material.line", "write", [price.ids, {"quantity_planned": 1}]
        )
        self.assertEqual(error.name, "odoo.exceptions.AccessError")
        self.rpc(
            "t_admin_head", "meeting.material.line", "write", [price.ids, {"quantity_received": 40}]
        )
        price.invalidate_recordset()
        self.assertEqual(price.quantity_received, 40)
        # a plain employee reads nothing confidential and hands nothing out
        error = self._refused("t_employee", "meeting.material.line", "read", [price.ids, ["name"]])
        self.assertEqual(error.name, "odoo.exceptions.AccessError")
        names = self.rpc(
            "t_employee",
            "meeting.material.line",
            "search_read",
            [[("meeting_id", "=", self.meeting.id)], ["name"]],
        )
        self.assertEqual(
            sorted(row["name"] for row in names), ["Meeting folder", "Wireless microphone"]
        )
        vals = {
            "line_id": price.id,
            "attendee_id": self.att_guest.id,
            "signature": SIGNATURE.decode(),
        }
        error = self._refused("t_employee", "meeting.material.handout", "create", [vals])
        self.assertEqual(error.name, "odoo.exceptions.AccessError")
        # malformed values get a clear error
        for bad in (
            {**vals, "quantity": "two"},
            {**vals, "line_id": "x"},
            {**vals, "quantity": True},
        ):
            error = self._refused("t_checkin", "meeting.material.handout", "create", [bad])
            self.assertEqual(error.name, "odoo.exceptions.UserError")
        # the door staff hand it out; a typed-in return is refused, the button records it
        handout_id = self.rpc("t_checkin", "meeting.material.handout", "create", [vals])
        error = self._refused(
            "t_checkin",
            "meeting.material.handout",
            "write",
            [[handout_id], {"quantity_returned": 1}],
        )
        self.assertEqual(error.name, "odoo.exceptions.UserError")
        # closing waits for the confidential price list
        self.meeting.with_user(self.user_coordinator).action_start()
        self.meeting.with_user(self.user_coordinator).action_finish()
        error = self._refused(
            "t_director", "meeting.meeting", "action_publish_report", [[self.meeting.id]]
        )
        self.assertEqual(error.name, "odoo.exceptions.UserError")
        self.assertIn("Price list (confidential): 1 with Zhang Wei", error.message)
        self.rpc("t_checkin", "meeting.material.handout", "action_return", [[handout_id]])
        self.rpc("t_director", "meeting.meeting", "action_publish_report", [[self.meeting.id]])
        self.meeting.invalidate_recordset()
        self.assertEqual(self.meeting.state, "closed")
