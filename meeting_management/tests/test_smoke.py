from odoo.tests import tagged

from .common import MeetingCommon


@tagged("post_install", "-at_install")
class TestSmoke(MeetingCommon):
    """The addon is installed and everything it declares loads."""

    def test_module_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "meeting_management")])
        self.assertEqual(module.state, "installed")
        self.assertTrue(module.latest_version.startswith("19.0."))

    def _module_records(self, model):
        data = self.env["ir.model.data"].search(
            [("module", "=", "meeting_management"), ("model", "=", model)]
        )
        return self.env[model].browse(data.mapped("res_id")).exists()

    def test_window_actions_load(self):
        actions = self._module_records("ir.actions.act_window")
        self.assertTrue(actions)
        for action in actions:
            with self.subTest(action=action.xml_id):
                model = self.env[action.res_model]
                views = [[view.id, view.view_mode] for view in action.view_ids] or [
                    [False, mode] for mode in action.view_mode.split(",")
                ]
                if action.search_view_id:
                    views.append([action.search_view_id.id, "search"])
                else:
                    views.append([False, "search"])
                result = model.get_views(views, {"load_filters": True})
                self.assertIn("views", result)
                fields_spec = {name: {} for name in ("display_name",)}
                model.web_search_read([], fields_spec, limit=5)

    def test_menus_load(self):
        menus = self._module_records("ir.ui.menu")
        self.assertTrue(menus)
        loaded = self.env["ir.ui.menu"].load_menus(debug=False)
        for menu in menus:
            with self.subTest(menu=menu.complete_name):
                self.assertTrue(menu.id in loaded, f"menu {menu.complete_name} not loaded")
                if menu.action:
                    self.assertTrue(menu.action.exists())

    def test_demo_reference_sequence(self):
        meeting = self.env["meeting.meeting"].create(
            {
                "name": "Smoke",
                "type_id": self.type_client.id,
                "date_start": "2030-01-01 01:00:00",
                "date_end": "2030-01-01 10:00:00",
            }
        )
        self.assertTrue(meeting.reference.startswith("MTG/"))
        self.assertEqual(meeting.initiator_id, self.env.user)
