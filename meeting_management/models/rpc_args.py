"""Type checks for the arguments of methods called over RPC (the on-site view's ``orm.call``).

A malformed call (a bool or a string for an id, a list for a name, bad base64 …) gets a clear,
translated ``UserError`` instead of a server traceback.
"""

import base64
import binascii

from odoo.exceptions import MissingError, UserError

# Ids are PostgreSQL integers: anything larger is not an id (and would fail in SQL).
MAX_ID = 2**31 - 1


def is_id(value):
    """A database id: a positive int that fits PostgreSQL's integer, not a bool (``True`` is
    an int in Python)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def is_count(value, maximum=MAX_ID):
    """A whole number from 0 to ``maximum``, not a bool."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= maximum


def check_record_ids(records, singleton=True):
    """The ids a method was called on are real ids of existing records (one if ``singleton``)."""
    env = records.env
    if not all(is_id(record_id) for record_id in records._ids):
        raise UserError(env._("Invalid record reference: expected record ids."))
    if singleton and len(records) != 1:
        raise UserError(env._("This action works on exactly one record."))
    missing = records - records.exists()
    if missing:
        raise MissingError(
            env._("The record you asked for does not exist anymore (it may have been deleted).")
        )
    return records


def get_optional_text(env, vals, key, label):
    """A text argument: a string, or empty (missing, None or False)."""
    value = vals.get(key)
    if value in (None, False):
        return ""
    if not isinstance(value, str):
        raise UserError(env._("%(field)s must be a text.", field=label))
    return value


def get_id(env, vals, key, label):
    """A record id argument: an int (a bool or a string is refused)."""
    value = vals.get(key)
    if not is_id(value):
        raise UserError(env._("%(field)s must be given as a record id.", field=label))
    return value


def get_base64(env, value, label):
    """Base64 file content, checked by decoding it; returns the (ASCII) base64 string."""
    if not isinstance(value, str) or not value:
        raise UserError(env._("%(field)s must be a base64-encoded file.", field=label))
    try:
        base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError) as error:
        raise UserError(
            env._("%(field)s is not a valid base64-encoded file.", field=label)
        ) from error
    return value
