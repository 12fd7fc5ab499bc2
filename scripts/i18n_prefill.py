"""Fill empty entries of meeting_management/i18n/zh_CN.po from Odoo's own zh_CN translations.

Terms the addon shares with Odoo (mail.thread fields, "Company", "Status", ...) get the wording
the user already sees everywhere else in Odoo. Only empty entries are filled; the rest of the
translations are written by hand.

Usage: .venv/bin/python scripts/i18n_prefill.py [ODOO_SRC]
"""

import collections
import glob
import os
import sys

import polib

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def odoo_memory(odoo_src):
    votes = collections.defaultdict(collections.Counter)
    pattern_sets = [
        os.path.join(odoo_src, "addons", "*", "i18n", "zh_CN.po"),
        os.path.join(odoo_src, "odoo", "addons", "*", "i18n", "zh_CN.po"),
    ]
    for pattern in pattern_sets:
        for path in glob.glob(pattern):
            for entry in polib.pofile(path):
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                    votes[entry.msgid][entry.msgstr] += 1
    return {msgid: counter.most_common(1)[0][0] for msgid, counter in votes.items()}


def main():
    odoo_src = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ODOO_SRC", "/opt/odoo")
    po_path = os.path.join(REPO_ROOT, "meeting_management", "i18n", "zh_CN.po")
    po = polib.pofile(po_path, wrapwidth=0)
    memory = odoo_memory(odoo_src)
    filled = 0
    for entry in po:
        if not entry.msgstr and entry.msgid in memory:
            entry.msgstr = memory[entry.msgid]
            filled += 1
    po.metadata["Language"] = "zh_CN"
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.save(po_path)
    left = sum(1 for entry in po if not entry.msgstr)
    print(f"filled {filled} entries from Odoo's translations, {left} left to translate")


if __name__ == "__main__":
    main()
