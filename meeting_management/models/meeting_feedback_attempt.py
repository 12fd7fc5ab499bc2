import hashlib
import time

from odoo import api, fields, models


class MeetingFeedbackAttempt(models.Model):
    """Counters for the public survey rate limit, one row per (key, time window).

    Stored in the database so that every worker sees the same counts; incremented with a
    single ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (atomic, no lost updates).
    Keys are hashed: no IP address is stored in clear.
    """

    _name = "meeting.feedback.attempt"
    _description = "Survey Rate Limit Counter"
    _log_access = False

    key_hash = fields.Char(required=True, readonly=True)
    window_start = fields.Integer(required=True, readonly=True, help="Unix time of the window.")
    count = fields.Integer(required=True, readonly=True, default=0)

    _key_window_unique = models.Constraint(
        "unique(key_hash, window_start)", "One counter per key and window."
    )
    _window_index = models.Index("(window_start)")

    @api.model
    def _hash_key(self, key):
        # sudo: the secret salts the hashes and never leaves this method
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{key}".encode()).hexdigest()

    @api.model
    def _hit(self, key, limit, window=900):
        """Count one attempt for ``key``; return True while within ``limit`` per ``window`` s."""
        window_start = int(time.time()) // window * window
        self.env.cr.execute(
            """
            INSERT INTO meeting_feedback_attempt (key_hash, window_start, count)
                 VALUES (%s, %s, 1)
            ON CONFLICT (key_hash, window_start)
              DO UPDATE SET count = meeting_feedback_attempt.count + 1
              RETURNING count
            """,
            (self._hash_key(key), window_start),
        )
        return self.env.cr.fetchone()[0] <= limit

    @api.model
    def _is_blocked(self, key, limit, window=900):
        window_start = int(time.time()) // window * window
        self.env.cr.execute(
            "SELECT count FROM meeting_feedback_attempt WHERE key_hash = %s AND window_start = %s",
            (self._hash_key(key), window_start),
        )
        row = self.env.cr.fetchone()
        return bool(row and row[0] >= limit)

    @api.autovacuum
    def _gc_old_attempts(self):
        self.env.cr.execute(
            "DELETE FROM meeting_feedback_attempt WHERE window_start < %s",
            (int(time.time()) - 2 * 86400,),
        )
