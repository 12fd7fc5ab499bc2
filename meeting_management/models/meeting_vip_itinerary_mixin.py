"""Reading a VIP itinerary writes the access log: the RPC read entry points of the plans and
their legs run on a read/write cursor."""

from odoo import api, models


def read_write(method):
    """An RPC read that writes the access log: run on a read/write cursor (the ORM's own read
    methods are marked read-only; the web client's call_kw looks for the first mark)."""
    method._readonly = False
    return method


class MeetingVipItineraryMixin(models.AbstractModel):
    _name = "meeting.vip.itinerary.mixin"
    _description = "VIP Itinerary Reads (logged)"

    @read_write
    def read(self, fields=None, load="_classic_read"):
        return super().read(fields, load)

    @read_write
    def web_read(self, specification):
        return super().web_read(specification)

    @api.model
    @read_write
    def search_read(self, domain=None, fields=None, offset=0, limit=None, order=None, **kw):
        return super().search_read(domain, fields, offset, limit, order, **kw)

    @api.model
    @read_write
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None,
                        count_limit=None):  # fmt: skip
        return super().web_search_read(domain, specification, offset, limit, order, count_limit)
