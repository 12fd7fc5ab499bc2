"""19.0.1.4.0, before the module's files load: the stored views stop naming ``vip_level``.

The attendees' ``vip_level`` selection became ``vip_level_id``. The module's views are reloaded
from their files in the manifest's order, and each one is checked together with the views that
inherit from it *as they are stored*: the meeting form is reloaded before the attendees' view
that extends it, which still names the removed field, and the upgrade stops on "Field
vip_level does not exist". The stored views of the module are pointed at the new field first;
their files replace them a moment later.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        r"""
        UPDATE ir_ui_view v
           SET arch_db = regexp_replace(v.arch_db::text, '\mvip_level\M(?!_id)', 'vip_level_id',
                                        'g')::jsonb
          FROM ir_model_data d
         WHERE d.model = 'ir.ui.view' AND d.res_id = v.id AND d.module = 'meeting_management'
           AND v.arch_db::text ~ '\mvip_level\M'
        """
    )
