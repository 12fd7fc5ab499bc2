import hashlib
import time

from odoo import api, fields, models

BUCKET_SECONDS = 900  # one counter row per key and 15 minutes
RETENTION_SECONDS = 2 * 86400  # longer than any period a caller counts over


class MeetingFeedbackAttempt(models.Model):
    """Failure counters of the public survey, one row per (key, 15-minute bucket).

    Stored in the database so that every worker and server sees the same counts. A caller
    counts over a sliding period (the sum of the buckets it covers). Keys are hashed with the
    database secret: no token or IP address is stored in clear. Rows older than two days are
    removed by the autovacuum, so the table stays bounded.
    """

    _name = "meeting.feedback.attempt"
    _description = "Survey Rate Limit Counter"
    _log_access = False

    key_hash = fields.Char(required=True, readonly=True)
    window_start = fields.Integer(
        required=True, readonly=True, help="Unix time of the 15-minute bucket."
    )
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
    def _bucket(self):
        return int(time.time()) // BUCKET_SECONDS * BUCKET_SECONDS

    @api.model
    def _add(self, key, period):
        """Count one attempt for ``key``; return the attempts of the last ``period`` seconds.

        One statement: the upsert locks the bucket row until the transaction ends, so
        concurrent attempts on the same key are serialised (the loser is retried by the
        server after a serialization failure) and none of them goes uncounted.
        """
        bucket = self._bucket()
        key_hash = self._hash_key(key)
        self.env.cr.execute(
            """
            WITH hit AS (
                INSERT INTO meeting_feedback_attempt (key_hash, window_start, count)
                     VALUES (%(key)s, %(bucket)s, 1)
                ON CONFLICT (key_hash, window_start)
                  DO UPDATE SET count = meeting_feedback_attempt.count + 1
                  RETURNING count
            )
            SELECT (SELECT count FROM hit) + COALESCE(
                (SELECT SUM(count) FROM meeting_feedback_attempt
                  WHERE key_hash = %(key)s
                    AND window_start > %(since)s AND window_start < %(bucket)s), 0)
            """,
            {"key": key_hash, "bucket": bucket, "since": bucket - period},
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _forgive(self, key):
        """Take back the attempt just counted for ``key`` (it turned out to be right)."""
        self.env.cr.execute(
            """
            UPDATE meeting_feedback_attempt
               SET count = count - 1
             WHERE key_hash = %s AND window_start = %s AND count > 0
            """,
            (self._hash_key(key), self._bucket()),
        )

    @api.model
    def _count(self, key, period):
        """Attempts counted for ``key`` over the last ``period`` seconds."""
        bucket = self._bucket()
        self.env.cr.execute(
            """
            SELECT COALESCE(SUM(count), 0) FROM meeting_feedback_attempt
             WHERE key_hash = %s AND window_start > %s
            """,
            (self._hash_key(key), bucket - period),
        )
        return self.env.cr.fetchone()[0]

    @api.autovacuum
    def _gc_old_attempts(self):
        self.env.cr.execute(
            "DELETE FROM meeting_feedback_attempt WHERE window_start < %s",
            (int(time.time()) - RETENTION_SECONDS,),
        )
