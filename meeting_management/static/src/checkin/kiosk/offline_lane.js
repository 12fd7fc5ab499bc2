import { _t } from "@web/core/l10n/translation";
import { browser } from "@web/core/browser/browser";
import { ConnectionAbortedError, ConnectionLostError } from "@web/core/network/rpc";
import { makeLaneHasher } from "./lane_hash";

/** A scan waits this long for the server before the lane decides alone. */
export const ONLINE_TIMEOUT_MS = 2500;
/** Preparing a lane (a few thousand hashes) and applying a 500-scan batch may take longer. */
export const LONG_TIMEOUT_MS = 30000;
export const PING_EVERY_MS = 10000;
/** Offline: how often the network is probed (the ping), in the background. */
export const PROBE_EVERY_MS = 3000;
/** Online with an empty queue: the prepared data is downloaded again this often. */
export const REFRESH_EVERY_MS = 5 * 60 * 1000;
/** The most scans `checkin_lane_sync` accepts at once. */
export const SYNC_BATCH = 500;

const UID_KEY = "meeting_checkin_lane_uid_";
// what the server should answer to a scan the lane decided alone, when nothing changed
const EXPECTED_SERVER_STATUS = {
    ok: ["ok"],
    unknown: ["unknown"],
    declined: ["declined"],
    walk_in: ["walk_in", "ok"],
};

export class LaneTimeoutError extends Error {}

/** The network failed (no answer, cut, too slow); a refusal of the server is not one. */
export function isNetworkError(error) {
    return (
        error instanceof ConnectionLostError ||
        error instanceof ConnectionAbortedError ||
        error instanceof LaneTimeoutError
    );
}

/**
 * Odoo's `rpc` has no timeout: race the call against a timer; past it the request is aborted
 * and the caller gets a `LaneTimeoutError` (a network error for `isNetworkError`).
 */
export function withTimeout(promise, ms) {
    let timer;
    const timeout = new Promise((resolve, reject) => {
        timer = browser.setTimeout(() => {
            promise.abort?.(false);
            reject(new LaneTimeoutError(`No answer within ${ms} ms`));
        }, ms);
    });
    // a failure after the timeout must not surface as an uncaught error
    promise.catch(() => {});
    return Promise.race([promise, timeout]).finally(() => browser.clearTimeout(timer));
}

/**
 * The server's answer, `call(timeout)`; at a kiosk with an offline lane, the call is given
 * `ONLINE_TIMEOUT_MS` and a network failure (no answer in time, connection lost) turns the lane
 * offline and `decideLocally()` answers instead. Without a lane, `call()` has no timeout and a
 * failure is raised as usual; a refusal of the server is never a network failure.
 */
export async function onlineOrLane(lane, call, decideLocally) {
    try {
        return await call(lane ? ONLINE_TIMEOUT_MS : undefined);
    } catch (error) {
        if (!lane || !isNetworkError(error)) {
            throw error;
        }
        lane.setOffline();
        return decideLocally();
    }
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, as the server's `fields.Datetime.to_string`. */
export function utcString(date = new Date()) {
    return date.toISOString().slice(0, 19).replace("T", " ");
}

export function localTime(date = new Date()) {
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A client id for a scan: 32 hex characters from the browser's random generator. */
export function newScanUid() {
    const bytes = new Uint8Array(16);
    globalThis.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function attendeeCard(attendee) {
    return {
        id: attendee.id,
        name: attendee.name,
        company: attendee.company || "",
        title: attendee.title || "",
        vip: attendee.vip || "",
        key_decision_maker: Boolean(attendee.key_decision_maker),
        dietary: attendee.dietary || "",
        dietary_label: attendee.dietary || "",
        dietary_notes: "",
        checkin_time: attendee.checkin_time || "",
        checkin_lane: attendee.checkin_lane || "",
    };
}

/**
 * One kiosk's offline lane for one meeting: the prepared data (`checkin_lane_prepare`), the
 * local decision when the network is gone, the queue of scans and its sync
 * (`checkin_lane_sync`, batches of at most 500, idempotent on the server), and the heartbeat
 * (`checkin_lane_ping`) that also probes the network while offline.
 *
 * `state` is the kiosk's reactive object: `online`, `pending`, `prepared`, `syncing`,
 * `lastSync`, `syncError`. Callbacks: `onCounters(counters)` when the server sent counters,
 * `onSyncResults(results)` with the synced scans whose result differs from the local decision.
 */
export class OfflineLane {
    constructor({ orm, store, meetingId, state, laneName, channelId, onCounters, onSyncResults }) {
        this.orm = orm;
        this.store = store;
        this.meetingId = meetingId;
        this.state = state;
        this.laneName = laneName || "";
        this.channelId = channelId || false;
        this.onCounters = onCounters || (() => {});
        this.onSyncResults = onSyncResults || (() => {});
        this.lane = null;
        this.queue = [];
        this.marks = {};
        this.byHash = new Map();
        this.byId = new Map();
        this.hasher = null;
        this.saving = Promise.resolve();
        this.timer = null;
        this.running = false; // the heartbeat runs (start/stop)
        this.stopped = false; // the kiosk left this lane: no more work
        Object.assign(this.state, {
            online: true,
            pending: 0,
            prepared: false,
            syncing: false,
            lastSync: "",
            syncError: "",
        });
    }

    // ------------------------------------------------------------------
    // Stored data
    // ------------------------------------------------------------------

    get laneUid() {
        return this.lane?.lane_uid || browser.localStorage.getItem(UID_KEY + this.meetingId) || "";
    }

    /** The lane and queue kept in the browser (after a reload, or without network). */
    async load() {
        let lane = await this.store.getLane(this.meetingId);
        if (lane && this.isExpired(lane)) {
            await this.store.deleteLane(this.meetingId);
            lane = null;
        }
        this.queue = await this.store.getQueue(this.meetingId);
        this.marks = await this.store.getMarks(this.meetingId);
        this.setLane(lane);
    }

    isExpired(lane = this.lane) {
        return Boolean(lane?.expires_at) && lane.expires_at < utcString();
    }

    setLane(lane) {
        this.lane = lane;
        this.hasher = lane ? makeLaneHasher(lane.key) : null;
        this.reindex();
    }

    /** Who is checked in, as far as this lane knows: the server's data, then what it saw. */
    reindex() {
        this.byHash = new Map();
        this.byId = new Map();
        for (const attendee of this.lane?.attendees || []) {
            const local = { ...attendee, queued: false };
            this.byHash.set(attendee.h, local);
            this.byId.set(attendee.id, local);
        }
        for (const [id, mark] of Object.entries(this.marks)) {
            this.applyMark(this.byId.get(Number(id)), mark.time, mark.lane);
        }
        for (const entry of this.queue) {
            if (entry.local.status === "ok" && entry.scan.attendee_id) {
                const attendee = this.byId.get(entry.scan.attendee_id);
                this.applyMark(attendee, entry.local.time, entry.local.lane);
                if (attendee) {
                    attendee.queued = true;
                }
            }
        }
        this.state.prepared = Boolean(this.lane);
        this.state.pending = this.queue.length;
    }

    applyMark(attendee, time, lane) {
        if (attendee && !attendee.checked_in) {
            attendee.checked_in = true;
            attendee.checkin_time = time || "";
            attendee.checkin_lane = lane || "";
        }
    }

    /** Keep the writes in order; the sync waits for them. */
    save(...what) {
        const queue = [...this.queue];
        const marks = { ...this.marks };
        this.saving = this.saving.then(async () => {
            if (what.includes("queue")) {
                await this.store.setQueue(this.meetingId, queue);
            }
            if (what.includes("marks")) {
                await this.store.setMarks(this.meetingId, marks);
            }
        });
        return this.saving;
    }

    // ------------------------------------------------------------------
    // Online
    // ------------------------------------------------------------------

    /**
     * Download the lane's data (hashes, names, flags) with a new key; only with an empty
     * queue. `fresh`: register a new lane instead of refreshing this one.
     */
    async prepare({ fresh = false } = {}) {
        if (this.queue.length) {
            return false; // the queued hashes were made with the current key: sync first
        }
        const laneUid = fresh ? false : this.laneUid || false;
        let payload;
        try {
            payload = await this.call("checkin_lane_prepare", [
                this.meetingId,
                this.laneName,
                this.channelId || false,
                laneUid,
            ]);
        } catch (error) {
            if (isNetworkError(error)) {
                this.setOffline();
            } else if (laneUid) {
                // the server does not know this lane any more: register a new one
                browser.localStorage.removeItem(UID_KEY + this.meetingId);
                return this.prepare({ fresh: true });
            }
            throw error;
        }
        if (this.stopped) {
            return false;
        }
        this.setOnline();
        browser.localStorage.setItem(UID_KEY + this.meetingId, payload.lane_uid);
        const lane = { ...payload, prepared_at: Date.now() };
        // the server's data includes all that this lane saw until now
        this.marks = {};
        this.setLane(lane);
        await this.store.setLane(this.meetingId, lane);
        await this.save("marks");
        return true;
    }

    call(method, args, timeout = LONG_TIMEOUT_MS) {
        return withTimeout(this.orm.silent.call("meeting.attendee", method, args), timeout);
    }

    /** An online scan's answer: remember who is checked in for a later offline decision. */
    noteOnlineResult(result) {
        const attendee = result?.attendee;
        if (!attendee?.id || !["ok", "already"].includes(result.status)) {
            return;
        }
        this.noteCheckin(attendee.id, attendee.checkin_time, attendee.checkin_lane);
    }

    /** Somebody was checked in (here online, or at another lane: the bus says so). */
    noteCheckin(attendeeId, time, lane) {
        const local = this.byId.get(attendeeId);
        if (local && !local.checked_in) {
            this.applyMark(local, time, lane);
            this.marks[attendeeId] = { time: time || "", lane: lane || "" };
            this.save("marks");
        }
    }

    setOnline() {
        if (!this.state.online) {
            this.state.online = true;
            this.schedule();
        }
    }

    setOffline() {
        if (this.state.online) {
            this.state.online = false;
            this.schedule();
        }
    }

    // ------------------------------------------------------------------
    // Offline decision and queue
    // ------------------------------------------------------------------

    /** Decide a scan from the local data at once, and queue it for the server. */
    async decide(code) {
        const text = typeof code === "string" ? code.trim() : "";
        if (!text) {
            return {
                status: "empty",
                ok: false,
                message: _t("Nothing was scanned. Scan the QR code again."),
            };
        }
        if (!this.lane) {
            return {
                status: "not_prepared",
                ok: false,
                offline: true,
                message: _t(
                    "No network, and this lane was not prepared for offline check-in: check the code again when the network is back."
                ),
            };
        }
        return this.decideHash(await this.hasher(text), text);
    }

    /** The decision itself (synchronous): a map lookup, then the queue in memory. */
    decideHash(h, code) {
        const attendee = this.byHash.get(h);
        const now = new Date();
        const time = localTime(now);
        if (!attendee) {
            // only a code this lane does not know is kept as typed: the server checks it
            this.enqueue({ kind: "scan", code }, { status: "unknown", time, name: "" }, now);
            return {
                status: "unknown",
                ok: false,
                offline: true,
                queued: true,
                message: _t(
                    "Unknown code on this lane: kept, the server checks it when the network is back."
                ),
            };
        }
        const card = attendeeCard(attendee);
        if (attendee.checked_in) {
            return {
                status: "already",
                ok: false,
                offline: true,
                attendee: card,
                message: _t("%(name)s is already checked in (%(time)s, lane %(lane)s).", {
                    name: attendee.name,
                    time: attendee.checkin_time || "",
                    lane: attendee.checkin_lane || "-",
                }),
            };
        }
        if (attendee.declined) {
            this.enqueue(
                { kind: "scan", attendee_id: attendee.id, h },
                { status: "declined", time, name: attendee.name },
                now
            );
            return {
                status: "declined",
                ok: false,
                offline: true,
                queued: true,
                attendee: card,
                message: _t("%(name)s declined the invitation.", { name: attendee.name }),
            };
        }
        this.applyMark(attendee, time, this.laneName);
        attendee.queued = true;
        card.checkin_time = time;
        card.checkin_lane = this.laneName;
        this.enqueue(
            { kind: "scan", attendee_id: attendee.id, h },
            { status: "ok", time, name: attendee.name },
            now
        );
        const result = {
            status: "ok",
            ok: true,
            offline: true,
            queued: true,
            attendee: card,
            message: _t("Welcome, %(name)s!", { name: attendee.name }),
        };
        if (attendee.expected_channel) {
            result.channel_mismatch = true;
            result.expected_channel = attendee.expected_channel;
            result.message = _t(
                "Welcome, %(name)s! Checked in, but expected at the %(channel)s channel.",
                { name: attendee.name, channel: attendee.expected_channel }
            );
        }
        return result;
    }

    /** Check an attendee found by the offline search in, as a scan of their code. */
    decideById(attendeeId) {
        const attendee = this.byId.get(attendeeId);
        if (!attendee) {
            return { status: "unknown", ok: false, offline: true, message: _t("Unknown attendee.") };
        }
        return this.decideHash(attendee.h, "");
    }

    /**
     * The attendee search without network: name or company, from the lane's data (it holds
     * no phone numbers), in the shape of `checkin_search`.
     */
    search(term, limit = 20) {
        const needle = term.trim().toLowerCase();
        const found = [];
        for (const attendee of this.byId.values()) {
            if (
                attendee.name.toLowerCase().includes(needle) ||
                (attendee.company || "").toLowerCase().includes(needle)
            ) {
                found.push({
                    id: attendee.id,
                    name: attendee.name,
                    company: attendee.company || "",
                    title: attendee.title || "",
                    is_checked_in: Boolean(attendee.checked_in),
                    checkin_time: attendee.checkin_time || "",
                    checkin_lane: attendee.checkin_lane || "",
                    declined: Boolean(attendee.declined),
                    offline: true,
                });
                if (found.length >= limit) {
                    break;
                }
            }
        }
        return found;
    }

    /** A walk-in registered without network: queued with what the form holds. */
    queueWalkIn(values) {
        const walkIn = {
            name: (values.name || "").trim(),
            phone: (values.phone || "").trim(),
            company: (values.company || "").trim(),
            title: (values.title || "").trim(),
        };
        const now = new Date();
        this.enqueue(
            { kind: "walk_in", walk_in: walkIn },
            { status: "walk_in", time: localTime(now), name: walkIn.name, company: walkIn.company },
            now
        );
        return {
            status: "ok",
            ok: true,
            offline: true,
            queued: true,
            attendee: attendeeCard({ ...walkIn, checkin_time: localTime(now) }),
            message: _t("Welcome, %(name)s!", { name: walkIn.name }),
        };
    }

    enqueue(scan, local, now) {
        if (this.afterTimeout) {
            // the online attempt may have reached the server: its "already" is no surprise
            local = { ...local, after_timeout: true };
            this.afterTimeout = false;
        }
        const entry = {
            scan: { uid: newScanUid(), scanned_at: utcString(now), ...scan },
            local: { lane: this.laneName, ...local },
        };
        this.queue.push(entry);
        this.state.pending = this.queue.length;
        this.save("queue");
        return entry;
    }

    // ------------------------------------------------------------------
    // Sync and heartbeat
    // ------------------------------------------------------------------

    /**
     * Send the queue, oldest first, in batches of at most 500. Only the scans the server
     * answered for leave the queue; a lost answer means the batch is sent again (the server
     * applies a scan once per uid).
     */
    async sync() {
        if (this.syncing || !this.queue.length || !this.laneUid) {
            return this.syncing;
        }
        this.syncing = this._sync();
        this.state.syncing = true;
        try {
            return await this.syncing;
        } finally {
            this.syncing = null;
            this.state.syncing = false;
        }
    }

    async _sync() {
        await this.saving;
        let counters = null;
        while (this.queue.length && !this.stopped) {
            const batch = this.queue.slice(0, SYNC_BATCH);
            let answer;
            try {
                answer = await this.call("checkin_lane_sync", [
                    this.meetingId,
                    this.laneUid,
                    batch.map((entry) => entry.scan),
                ]);
            } catch (error) {
                if (isNetworkError(error)) {
                    this.setOffline();
                    return false;
                }
                // refused as a whole (nothing applied): keep the scans, say why
                this.state.syncError = error.data?.message || error.message;
                return false;
            }
            this.state.syncError = "";
            this.setOnline();
            const byUid = new Map(answer.results.map((result) => [result.uid, result]));
            const differing = [];
            for (const entry of batch) {
                const result = byUid.get(entry.scan.uid);
                const expected = EXPECTED_SERVER_STATUS[entry.local.status] || [];
                const landed = entry.local.after_timeout && result?.status === "already";
                if (result && !expected.includes(result.status) && !landed) {
                    differing.push({ ...result, local: entry.local });
                }
            }
            this.queue = this.queue.filter((entry) => !byUid.has(entry.scan.uid));
            this.state.pending = this.queue.length;
            await this.save("queue");
            counters = answer.counters;
            this.state.lastSync = localTime();
            if (differing.length) {
                this.onSyncResults(differing);
            }
            if (batch.every((entry) => !byUid.has(entry.scan.uid))) {
                break; // the server answered for none of them: do not loop
            }
        }
        if (counters && !this.queue.length) {
            this.onCounters(counters);
        }
        if (!this.queue.length) {
            // the server now holds the truth for this lane: download it again
            await this.prepare().catch(() => {});
        }
        return true;
    }

    /** The heartbeat: online every 10 s, the network probe every 3 s while offline. */
    async ping() {
        if (this.lane && this.isExpired()) {
            await this.store.deleteLane(this.meetingId);
            this.setLane(null);
        }
        if (!this.laneUid || (!this.lane && !this.queue.length)) {
            // nothing prepared yet: preparing is the probe
            return this.prepare().catch(() => false);
        }
        let answer;
        try {
            answer = await this.call(
                "checkin_lane_ping",
                [this.meetingId, this.laneUid, this.queue.length],
                ONLINE_TIMEOUT_MS
            );
        } catch (error) {
            if (isNetworkError(error)) {
                this.setOffline();
                return false;
            }
            // the server does not know this lane any more (expired, another user): prepare anew
            this.setOnline();
            if (!this.queue.length) {
                return this.prepare({ fresh: true }).catch(() => false);
            }
            this.state.syncError = error.data?.message || error.message;
            return false;
        }
        this.setOnline();
        if (this.queue.length) {
            await this.sync();
        } else {
            if (answer.counters) {
                this.onCounters(answer.counters);
            }
            if (Date.now() - (this.lane?.prepared_at || 0) > REFRESH_EVERY_MS) {
                await this.prepare().catch(() => {});
            }
        }
        return true;
    }

    start() {
        this.running = true;
        this.schedule();
    }

    stop() {
        this.running = false;
        this.stopped = true;
        browser.clearTimeout(this.timer);
    }

    schedule() {
        browser.clearTimeout(this.timer);
        if (!this.running) {
            return;
        }
        const delay = this.state.online ? PING_EVERY_MS : PROBE_EVERY_MS;
        this.timer = browser.setTimeout(async () => {
            try {
                await this.ping();
            } finally {
                this.schedule();
            }
        }, delay);
    }

    // ------------------------------------------------------------------
    // Backup
    // ------------------------------------------------------------------

    /** The sign-in sheet from the local data: one row per attendee, then offline walk-ins. */
    signinRows() {
        const rows = [];
        for (const attendee of this.byId.values()) {
            let state = "";
            if (attendee.checked_in) {
                state = attendee.queued ? _t("Queued") : _t("Synced");
            }
            rows.push({
                name: attendee.name,
                company: attendee.company || "",
                time: attendee.checked_in ? attendee.checkin_time || "" : "",
                lane: attendee.checked_in ? attendee.checkin_lane || "" : "",
                state,
            });
        }
        for (const entry of this.queue) {
            if (entry.scan.kind === "walk_in") {
                rows.push({
                    name: entry.scan.walk_in.name,
                    company: entry.scan.walk_in.company,
                    time: entry.local.time,
                    lane: entry.local.lane,
                    state: _t("Queued (walk-in)"),
                });
            }
        }
        return rows;
    }
}

/** CSV text (with a BOM, so that Excel reads UTF-8 Chinese names right). */
export function signinCsv(rows) {
    const quote = (value) => `"${String(value ?? "").replaceAll('"', '""')}"`;
    const header = [_t("Full Name"), _t("Company"), _t("Checked in"), _t("Lane"), _t("Sync")];
    const lines = [header, ...rows.map((r) => [r.name, r.company, r.time, r.lane, r.state])];
    return "\ufeff" + lines.map((line) => line.map(quote).join(",")).join("\r\n") + "\r\n";
}
