import os

from odoo.modules.module import get_module_path
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

    def test_pot_is_current(self):
        """Every translatable term of the code and data is in the shipped .pot."""
        template = self._read_po(f"{MODULE}.pot")
        missing = sorted(
            {
                source
                for module, _type, _name, _res_id, source, _value, _comments in (
                    TranslationModuleReader(self.env.cr, [MODULE])
                )
                if module == MODULE and source and source not in template
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
