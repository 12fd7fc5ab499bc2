"""Render a mail template's QWeb body for many records with one compilation.

Odoo compiles a mail template's body once per record it renders (``mail.render.mixin.
_render_template_qweb``: ~8 ms each); the crons that tell hundreds of people per batch
compile it once, inside a loop, and cut the output at markers.
"""

import uuid

from lxml import html
from markupsafe import Markup


def render_body_once(template, records, loop_values=None):
    """{record id: rendered body} of ``template.body_html`` for ``records``, in the language
    and time zone of the template's context, equal to Odoo's rendering record by record.

    ``loop_values``: {variable: {record id: value}} set for each record before its body
    (e.g. ``ctx`` when the template reads its records from the context).

    The caller renders as superuser (``template.sudo()``): like Odoo's unrestricted
    rendering, this evaluates the template's expressions, which only template editors write.
    """
    env = template.env
    if not env.su:
        raise ValueError("render_body_once renders system texts: pass template.sudo()")
    source = template.body_html
    if not records or not source:
        return dict.fromkeys(records.ids, Markup(""))
    loop_values = loop_values or {}
    marker = f"render-batch-{uuid.uuid4().hex}-"
    sets = "".join(
        f'<t t-set="{name}" t-value="render_batch_values[{name!r}][object.id]"/>'
        for name in loop_values
    )
    loop = (
        f'<t t-foreach="render_batch_records" t-as="object">{sets}{marker}'
        f'<t t-out="object.id"/>:{source}</t>'
    )
    variables = template._render_eval_context()
    variables.update(render_batch_records=records.with_env(env), render_batch_values=loop_values)
    output = env["ir.qweb"]._render(html.fragment_fromstring(loop, create_parent="div"), variables)
    bodies = {}
    for part in str(output)[5:-6].split(marker)[1:]:
        record_id, _sep, body = part.partition(":")
        bodies[int(record_id)] = Markup(body)
    return bodies
