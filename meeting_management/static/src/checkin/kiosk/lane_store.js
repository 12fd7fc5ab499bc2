import { IndexedDB } from "@web/core/utils/indexed_db";

const DB_NAME = "meeting_checkin_lanes";
const DB_VERSION = "1";
const LANE = "lane"; // meeting id -> the prepared lane (hashes, names, flags, key, expiry)
const QUEUE = "queue"; // meeting id -> the scans waiting for the server, oldest first
const MARKS = "marks"; // meeting id -> {attendee id: {time, lane}} seen checked in meanwhile
const INDEX = "index"; // "meetings" -> [{id, name}] of the stored lanes

/**
 * What a check-in lane keeps in the browser (IndexedDB, through Odoo's `IndexedDB` helper),
 * per meeting. The prepared data holds no token, phone, e-mail or ID number, and is deleted
 * after the meeting's check-in window (`expires_at`); the queue is kept until the server
 * answered for each scan.
 */
export class LaneStore {
    constructor(name = DB_NAME) {
        this.db = new IndexedDB(name, DB_VERSION);
    }

    async getLane(meetingId) {
        return (await this.db.read(LANE, String(meetingId))) || null;
    }

    async setLane(meetingId, lane) {
        await this.db.write(LANE, String(meetingId), lane);
        const meetings = (await this.getMeetings()).filter((m) => m.id !== meetingId);
        meetings.push({ id: meetingId, name: lane.meeting?.name || "" });
        await this.db.write(INDEX, "meetings", meetings);
    }

    async deleteLane(meetingId) {
        await this.db.write(LANE, String(meetingId), null);
        await this.db.write(MARKS, String(meetingId), {});
        const meetings = (await this.getMeetings()).filter((m) => m.id !== meetingId);
        await this.db.write(INDEX, "meetings", meetings);
    }

    /** The meetings this browser holds a lane for (to start the kiosk without network). */
    async getMeetings() {
        return (await this.db.read(INDEX, "meetings")) || [];
    }

    async getQueue(meetingId) {
        return (await this.db.read(QUEUE, String(meetingId))) || [];
    }

    async setQueue(meetingId, queue) {
        await this.db.write(QUEUE, String(meetingId), [...queue]);
    }

    async getMarks(meetingId) {
        return (await this.db.read(MARKS, String(meetingId))) || {};
    }

    async setMarks(meetingId, marks) {
        await this.db.write(MARKS, String(meetingId), { ...marks });
    }
}

/** The same interface in memory (a browser without IndexedDB, the unit tests). */
export class MemoryLaneStore {
    constructor() {
        this.lanes = new Map();
        this.queues = new Map();
        this.marks = new Map();
    }

    async getLane(meetingId) {
        return this.lanes.get(meetingId) || null;
    }

    async setLane(meetingId, lane) {
        this.lanes.set(meetingId, lane);
    }

    async deleteLane(meetingId) {
        this.lanes.delete(meetingId);
        this.marks.delete(meetingId);
    }

    async getMeetings() {
        return [...this.lanes.entries()].map(([id, lane]) => ({ id, name: lane.meeting?.name }));
    }

    async getQueue(meetingId) {
        return [...(this.queues.get(meetingId) || [])];
    }

    async setQueue(meetingId, queue) {
        this.queues.set(meetingId, [...queue]);
    }

    async getMarks(meetingId) {
        return { ...(this.marks.get(meetingId) || {}) };
    }

    async setMarks(meetingId, marks) {
        this.marks.set(meetingId, { ...marks });
    }
}

export function makeLaneStore() {
    return globalThis.indexedDB ? new LaneStore() : new MemoryLaneStore();
}
