import os
import re

from lxml import etree

from odoo.modules.module import get_manifest, get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

MODULE = "meeting_management"


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """For the base addon and each installed bridge of the repository, the shipped template is
    current and zh_CN.po translates every term of it."""

    @classmethod
    def _read_po(cls, filename, module=MODULE):
        path = os.path.join(get_module_path(module), "i18n", filename)
        with open(path, "rb") as po_file:
            return {entry["src"]: entry["value"] for entry in PoFileReader(po_file)}

    @classmethod
    def _addons(cls, env):
        """The addons of this repository installed here: the base one and its bridges."""
        return (
            env["ir.module.module"]
            .search([("name", "=like", f"{MODULE}%"), ("state", "=", "installed")])
            .mapped("name")
        )

    @classmethod
    def _demo_xmlids(cls, module):
        """Records of the demo files: their content is sample data, not terms to ship."""
        xmlids = set()
        module_path = get_module_path(module)
        for filename in get_manifest(module).get("demo", []):
            if not filename.endswith(".xml"):
                continue
            tree = etree.parse(os.path.join(module_path, filename))
            for node in tree.iter("record"):
                xmlid = node.get("id")
                xmlids.add(xmlid if "." in xmlid else f"{module}.{xmlid}")
        return xmlids

    def test_pot_is_current(self):
        """Every translatable term of the code and data is in the shipped .pot."""
        for addon in self._addons(self.env):
            with self.subTest(addon=addon):
                template = self._read_po(f"{addon}.pot", addon)
                demo = self._demo_xmlids(addon)
                missing = sorted(
                    {
                        source
                        for module, _type, _name, res_id, source, _value, _comments in (
                            TranslationModuleReader(self.env.cr, [addon])
                        )
                        if module == addon
                        and source
                        and source not in template
                        # demo records, and the records Odoo makes for them (the template
                        # of a demo product: <xmlid>_product_template)
                        and not any(str(res_id).startswith(xmlid) for xmlid in demo)
                    }
                )
                self.assertFalse(
                    missing,
                    f"Terms missing from {addon}/i18n/{addon}.pot (run `make i18n`): "
                    f"{missing[:20]}",
                )

    def test_zh_cn_complete(self):
        """Every term of the .pot has a Chinese translation."""
        for addon in self._addons(self.env):
            with self.subTest(addon=addon):
                template = self._read_po(f"{addon}.pot", addon)
                chinese = self._read_po("zh_CN.po", addon)
                untranslated = sorted(src for src in template if not chinese.get(src, "").strip())
                self.assertFalse(
                    untranslated,
                    f"{addon}: {len(untranslated)} terms without a zh_CN translation, "
                    f"e.g. {untranslated[:20]}",
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

    def test_task_tracking_statuses_in_chinese(self):
        """The status column shows the task states in the report's language, not the
        selection's English source."""
        meeting = self.env["meeting.meeting"].create(
            {
                "name": "客户答谢会",
                "type_id": self.env.ref("meeting_management.meeting_type_client").id,
                "date_start": "2030-05-10 01:00:00",
                "date_end": "2030-05-10 09:00:00",
            }
        )
        self.env["meeting.task"].create(
            [
                {
                    "meeting_id": meeting.id,
                    "name": "嘉宾邀请函发送",
                    "user_id": self.env.user.id,
                    "date_deadline": "2030-05-01 10:00:00",
                    "date_done": "2030-05-01 09:00:00",
                    "state": "done",
                },
                {
                    "meeting_id": meeting.id,
                    "name": "场地布置方案确认",
                    "user_id": self.env.user.id,
                    "date_deadline": "2030-05-05 10:00:00",
                    "state": "in_progress",
                },
            ]
        )
        html, _type = (
            self.env_zh["ir.actions.report"]
            .with_context(lang="zh_CN")
            ._render_qweb_html("meeting_management.report_meeting_task_tracking", meeting.ids)
        )
        rows = etree.fromstring(html.decode(), etree.HTMLParser()).xpath("//table//tbody/tr")
        statuses = {
            "".join(row.xpath("td[1]//text()")).strip(): "".join(row.xpath("td[5]//text()")).strip()
            for row in rows
        }
        self.assertEqual(
            statuses,
            {
                "嘉宾邀请函发送": self.chinese["Done"],
                "场地布置方案确认": self.chinese["In Progress"],
            },
        )
        self.assertEqual(self.chinese["Done"], "已完成")
        for status in statuses.values():
            self.assertNotIn("Done", status)
            self.assertNotIn("In Progress", status)

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


# The seeds' vocabulary: a term in context is right or a defect. Each rule: a pattern on the
# English source, the Chinese a translation of it must use, the mistranslations it must avoid.
GLOSSARY = (
    (r"\bkiosk\b", "签到处", ("签到机", "自助")),
    (r"\bresource review", "资源初审", ("预审",)),
    (r"\bmanager approval\b", "直属上级审批", ()),
    (r"\battendees?\b", "参会", ("参会者", "与会者", "出席者")),
    (r"\bexecutor\b", "执行专员", ()),
    (r"\binitiator\b", "发起人", ()),
    (r"\bapproval steps?\b|^Step$|\bStep Type\b", "环节", ("步长", "步骤")),
    (r"\bround\b", "轮", ("圆", "回合")),
    (r"^Title$|\bInitiator Title\b|\bDepartment / Title\b", "职务", ("标题",)),
    (r"^Unit$|\bOffset Unit\b", "单位", ("单元",)),
    (r"\bsessions?\b", "环节", ("会话", "会期")),
    (r"\bowner\b", "", ("所有者", "所有人", "拥有者")),
    (r"^Review$|^Reviewed$|^Under Review$", "复盘", ("审查",)),
    (r"\breview", "", ("审查",)),
    (r"^Open$", "", ("打开",)),
    (r"^Planned$", "计划", ("已安排",)),
    (r"^Missing$", "未到场", ("缺席",)),
    (r"\bincidents?\b", "异常", ()),
    (r"\blanes?\b", "通道", ()),
    (r"\bwalk-ins?\b", "临时参会", ()),
    (r"\bmilestones?\b", "关键节点", ("里程碑",)),
    (r"\bgreen channel\b", "绿色通道", ()),
    (r"\bsatisfaction\b", "满意度", ()),
    (r"\bcheck-in staff\b", "签到人员", ()),
    (r"\bcommitted\b", "占用", ("承诺",)),
    (r"\bsettle", "结算", ()),
    (r"\bvariance\b", "偏差", ("差异",)),
)
# Sources a Chinese translation may leave in Latin letters.
LATIN_ALLOWED = {
    "PDF",
    "Excel",
    "VIP",
    "VVIP",
    "ID",
    "KPI",
    "KPIs",
    "IT",
    "SLA",
    "PPT",
    "QR",
    "Odoo",
    "Wi",
    "Fi",
    "xlsx",
    "pdf",
    "zip",
    "jpg",
    "MIME",
    "Unix",
    "Fernet",
    "Font",
    "Awesome",
    "websocket",
    "UTC",
    "CSV",
}


@tagged("post_install", "-at_install")
class TestChineseVocabulary(TransactionCase):
    """zh_CN.po speaks the seeds' vocabulary and leaves no English behind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chinese = {}
        for addon in TestTranslations._addons(cls.env):
            cls.chinese.update(TestTranslations._read_po("zh_CN.po", addon))

    def test_glossary(self):
        defects = []
        for pattern, required, forbidden in GLOSSARY:
            regex = re.compile(pattern, re.IGNORECASE)
            for source, value in self.chinese.items():
                if not value or not regex.search(re.sub(r"%\(\w+\)[-+ #0-9.]*[a-z]", "", source)):
                    continue
                if required and required not in value:
                    defects.append(f"{source!r} -> {value!r}: should say {required}")
                defects += [
                    f"{source!r} -> {value!r}: {word} is a mistranslation"
                    for word in forbidden
                    if word in value
                ]
        self.assertFalse(defects, "\n".join(defects[:30]))

    def test_no_english_left(self):
        """A translation of words keeps no English word (markup, placeholders and the usual
        abbreviations apart)."""
        left = []
        for source, value in self.chinese.items():
            if not source:
                continue  # the file's header
            text = re.sub(
                r"<[^>]*>|%\([a-z_]+\)[-+ #0-9.]*[a-z%]|\{\{.*?\}\}|t-\w+=\"[^\"]*\"", " ", value
            )
            text = re.sub(r"&\w+;|fa-[\w-]+|https?://\S+|\w*[_0-9]\w*|\b[A-Z]+(?=-\d)", " ", text)
            words = {w for w in re.findall(r"[A-Za-z]{2,}", text)} - LATIN_ALLOWED
            # python expressions of report names and template code stay as they are
            if words and not re.search(r"object\.|ctx\.|\bt-", value):
                left.append(f"{source!r} -> {value!r}: {sorted(words)}")
        self.assertFalse(left, "\n".join(left[:30]))
