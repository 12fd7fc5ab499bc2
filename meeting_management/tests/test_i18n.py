import os

from lxml import etree

from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

MODULE = "meeting_management"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """The shipped template is current and zh_CN.po translates every term of it."""

    @classmethod
    def _read_po(cls, filename):
        path = os.path.join(get_module_path(MODULE), "i18n", filename)
        with open(path, "rb") as po_file:
            return {entry["src"]: entry["value"] for entry in PoFileReader(po_file)}

    @classmethod
    def _demo_xmlids(cls):
        """Records of the demo files: their content is sample data, not terms to ship."""
        xmlids = set()
        module_path = get_module_path(MODULE)
        for filename in get_manifest(MODULE).get("demo", []):
            tree = etree.parse(os.path.join(module_path, filename))
            for node in tree.iter("record"):
                xmlid = node.get("id")
                xmlids.add(xmlid if "." in xmlid else f"{MODULE}.{xmlid}")
        return xmlids

    def test_pot_is_current(self):
        """Every translatable term of the code and data is in the shipped .pot."""
        template = self._read_po(f"{MODULE}.pot")
        demo = self._demo_xmlids()
        missing = sorted(
            {
                source
                for module, _type, _name, res_id, source, _value, _comments in (
                    TranslationModuleReader(self.env.cr, [MODULE])
                )
                if module == MODULE and source and source not in template and res_id not in demo
            }
        )
        self.assertFalse(
            missing,
            f"Terms missing from i18n/meeting_management.pot (run `make i18n`): {missing[:20]}",
        )

    def test_zh_cn_complete(self):
        """Every term of the .pot has a Chinese translation."""
        template = self._read_po(f"{MODULE}.pot")
        chinese = self._read_po("zh_CN.po")
        untranslated = sorted(src for src in template if not chinese.get(src, "").strip())
        self.assertFalse(
            untranslated,
            f"{len(untranslated)} terms without a zh_CN translation, e.g. {untranslated[:20]}",
        )


@tagged("post_install", "-at_install")
class TestChineseInterface(TransactionCase):
    """With 简体中文 active, screens, menus and reports come out in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms([MODULE], ["zh_CN"], overwrite=True)
        cls.chinese = TestTranslations._read_po("zh_CN.po")
        cls.env_zh = cls.env(context=dict(cls.env.context, lang="zh_CN"))

    def assertTranslated(self, text, *sources):
        for source in sources:
            with self.subTest(source=source):
                translation = self.chinese[source]
                self.assertIn(translation, text)
                self.assertNotIn(f">{source}<", text)

    def test_meeting_form_in_chinese(self):
        arch = self.env_zh["meeting.meeting"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertTranslated(arch, "Submit", "Approve", "Reject", "Request Change")
        fields = self.env_zh["meeting.meeting"].fields_get(["name", "venue", "state"])
        self.assertEqual(fields["name"]["string"], self.chinese["Meeting Name"])
        self.assertEqual(
            dict(fields["state"]["selection"])["manager_approval"], self.chinese["Manager Approval"]
        )

    def test_menus_in_chinese(self):
        menus = self.env_zh["ir.ui.menu"].load_menus(debug=False)
        names = {menu["name"] for key, menu in menus.items() if key != "root"}
        for source in ("All Meetings", "Configuration", "Meeting Types"):
            with self.subTest(menu=source):
                self.assertIn(self.chinese[source], names)

    def test_monitoring_report_in_chinese(self):
        meeting = self.env.ref("meeting_management.demo_meeting_summit")
        html, _type = (
            self.env_zh["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_qweb_html("meeting_management.report_meeting_monitoring", meeting.ids)
        )
        html = html.decode()
        self.assertTranslated(
            html, "1. Basic Information", "3. Incident Summary", "5. Improvement Suggestions"
        )
        self.assertIn("2024年产品全国经销商峰会", html)

    def test_generated_plan_in_executor_language(self):
        executor = self.env["res.users"].create(
            {"name": "执行专员", "login": "t_zh_executor", "lang": "zh_CN"}
        )
        meeting = self.env["meeting.meeting"].create(
            {
                "name": "客户答谢会",
                "type_id": self.env.ref("meeting_management.meeting_type_client").id,
                "date_start": "2030-05-10 01:00:00",
                "date_end": "2030-05-10 09:00:00",
                "executor_id": executor.id,
            }
        )
        meeting._on_approved()
        invite = meeting.task_ids.filtered(
            lambda t: (
                t.template_id == self.env.ref("meeting_management.task_template_client_invite")
            )
        )
        self.assertEqual(invite.name, self.chinese["Send guest invitations"])
