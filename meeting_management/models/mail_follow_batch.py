"""Subscribe the assignees of a cron batch to their records in a few statements.

``mail.activity.create`` (and ``write`` of a new ``user_id``) subscribes each assignee to
their records with one ``message_subscribe`` per distinct user: ~3 SELECTs and an INSERT per
person, so a batch alerting 400 people costs over a thousand statements. ``followers_in_bulk``
adds the missing followers of the whole batch at once, with the subtypes Odoo's
``_insert_followers`` gives them (the model's default subtypes; the external ones for a
portal or contact partner), and remembers the (model, record, partner) pairs it covered so
that the models' ``message_subscribe`` skips them while the batch creates its activities.

The remembered pairs live in ``env.cr.cache`` (per cursor, never filled from a request or
the context) and are dropped when the batch ends, errors included.
"""

from contextlib import contextmanager

from odoo.fields import Command

_CACHE_KEY = "meeting_management.followed_in_bulk"


def _subscribe(env, model_name, pairs):
    """Add the followers missing among ``pairs`` ({(res_id, partner_id)}); return the pairs
    now followed (the inactive partners are left out, as ``message_subscribe`` does)."""
    if not pairs:
        return set()
    res_ids = sorted({res_id for res_id, _pid in pairs})
    partner_ids = sorted({pid for _res_id, pid in pairs})
    # sudo: the partners of the assignees, read for their active and share flags only
    # (``message_subscribe`` reads them the same way)
    partners = (
        env["res.partner"]
        .sudo()
        .with_context(active_test=True)
        .search_fetch([("id", "in", partner_ids)], ["partner_share"])
    )
    share = {partner.id: partner.partner_share for partner in partners}
    covered = {(res_id, pid) for res_id, pid in pairs if pid in share}
    if not covered:
        return covered
    existing = {
        (res_id, pid)
        for _fid, res_id, pid, _sids in env["mail.followers"]._get_subscription_data(
            [(model_name, res_ids)], list(share)
        )
    }
    default, _internal, external = env["mail.message.subtype"].default_subtypes(model_name)
    current = env.user.partner_id.id
    vals_list = [
        {
            "res_model": model_name,
            "res_id": res_id,
            "partner_id": pid,
            "subtype_ids": [
                Command.set(external.ids if share[pid] and pid != current else default.ids)
            ],
        }
        for res_id, pid in sorted(covered - existing)
    ]
    if vals_list:
        # sudo: as ``_insert_followers``; the caller checked its access to the records
        env["mail.followers"].sudo().with_context(default_partner_id=False).create(vals_list)
    return covered


@contextmanager
def followers_in_bulk(records, pairs):
    """Subscribe ``pairs`` ({(res_id, partner_id)}) to ``records._name`` at once, and let
    the ``message_subscribe`` of these pairs cost nothing inside the ``with`` block."""
    pairs = {(res_id, pid) for res_id, pid in pairs if res_id and pid}
    if not pairs:
        yield
        return
    env = records.env
    if not env.su:
        # the right ``message_subscribe`` asks for to add other people
        records.browse(sorted({res_id for res_id, _pid in pairs})).check_access("write")
    covered = {
        (records._name, res_id, pid) for res_id, pid in _subscribe(env, records._name, pairs)
    }
    remembered = env.cr.cache.setdefault(_CACHE_KEY, set())
    added = covered - remembered
    remembered |= added
    try:
        yield
    finally:
        remembered -= added


def drop_followed_in_bulk(records, partner_ids):
    """``records`` minus those that every partner of ``partner_ids`` was just made to follow
    by ``followers_in_bulk``."""
    remembered = records.env.cr.cache.get(_CACHE_KEY)
    if not remembered or not partner_ids:
        return records
    return records.filtered(
        lambda record: any((records._name, record.id, pid) not in remembered for pid in partner_ids)
    )
