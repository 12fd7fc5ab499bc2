import { advanceTime, describe, expect, test } from "@odoo/hoot";
import { ConnectionLostError, RPCError } from "@web/core/network/rpc";
import { makeMockEnv } from "@web/../tests/web_test_helpers";
import {
    hmacSha256Hex,
    makeLaneHasher,
    sha256,
    bytesToHex,
} from "@meeting_management/checkin/kiosk/lane_hash";
import { MemoryLaneStore } from "@meeting_management/checkin/kiosk/lane_store";
import {
    isNetworkError,
    OfflineLane,
    signinCsv,
    SYNC_BATCH,
    withTimeout,
} from "@meeting_management/checkin/kiosk/offline_lane";

describe.current.tags("desktop");

const MEETING_ID = 7;
const KEY = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

/** The real SubtleCrypto (Hoot replaces `window.crypto` with a mock that cannot sign). */
function realSubtle() {
    const frame = document.createElement("iframe");
    document.body.append(frame);
    const subtle = frame.contentWindow.crypto.subtle;
    return { subtle, frame };
}

async function makePayload(attendees) {
    const hash = makeLaneHasher(KEY, { subtle: false });
    const rows = [];
    for (const attendee of attendees) {
        rows.push({
            h: await hash(attendee.code),
            id: attendee.id,
            name: attendee.name,
            company: attendee.company || "",
            title: "",
            vip: attendee.vip || "",
            key_decision_maker: false,
            dietary: attendee.dietary || "",
            expected_channel: attendee.expected_channel || "",
            declined: Boolean(attendee.declined),
            checked_in: Boolean(attendee.checked_in),
            checkin_time: attendee.checked_in ? "08:30" : "",
            checkin_lane: attendee.checked_in ? "B" : "",
        });
    }
    return {
        lane_uid: "lane-uid-000000000000000001",
        key: KEY,
        meeting: { id: MEETING_ID, name: "Tour Summit" },
        channel_id: false,
        expires_at: "2099-01-01 00:00:00",
        server_time: "2026-12-01 08:00:00",
        attendees: rows,
    };
}

const PEOPLE = [
    { id: 11, code: "CODE-zhang-wei-0001", name: "张伟", company: "鑫泰贸易", vip: "Key Client", dietary: "Vegetarian" },
    { id: 12, code: "CODE-li-na-00000002", name: "Li Na", company: "Hengtong" },
    { id: 13, code: "CODE-wang-fang-0003", name: "Wang Fang", declined: true },
    { id: 14, code: "CODE-chen-jie-00004", name: "Chen Jie", checked_in: true },
    { id: 15, code: "CODE-zhao-lei-00005", name: "Zhao Lei", expected_channel: "VIP" },
];

/** An ORM double: `handlers[method](args)` answers, every call is a step. */
function fakeOrm(handlers) {
    const call = async (model, method, args) => {
        expect.step(method);
        return handlers[method](args);
    };
    return { call, silent: { call } };
}

async function makeLane(handlers = {}, people = PEOPLE) {
    await makeMockEnv(); // the translations of the lane's messages
    const store = new MemoryLaneStore();
    const lane = new OfflineLane({
        orm: fakeOrm({
            checkin_lane_prepare: async () => makePayload(people),
            ...handlers,
        }),
        store,
        meetingId: MEETING_ID,
        state: {},
        laneName: "A",
    });
    await lane.load();
    await lane.prepare();
    expect.verifySteps(["checkin_lane_prepare"]);
    return { lane, store };
}

test("HMAC-SHA256 matches RFC 4231, in pure JS and with crypto.subtle", async () => {
    const vectors = [
        // test case 1
        ["0b".repeat(20), "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"],
        // test case 2
        ["4a656665", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"],
        // test case 6: a key longer than a block is hashed first
        ["aa".repeat(131), "Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"],
    ];
    const { subtle, frame } = realSubtle();
    try {
        for (const [key, text, mac] of vectors) {
            expect(await hmacSha256Hex(key, text, { subtle: false })).toBe(mac);
            expect(await hmacSha256Hex(key, text, { subtle })).toBe(mac);
        }
        // UTF-8 (a Chinese name in a code) and a message over one block agree too
        const text = "签到-张伟-" + "x".repeat(150);
        expect(await hmacSha256Hex(KEY, text, { subtle: false })).toBe(
            await hmacSha256Hex(KEY, text, { subtle })
        );
    } finally {
        frame.remove();
    }
    expect(bytesToHex(sha256(new TextEncoder().encode("abc")))).toBe(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
});

test("the lane decides alone: welcome, already, unknown, declined; the queue", async () => {
    const { lane, store } = await makeLane();
    expect(lane.state.prepared).toBe(true);

    const welcome = await lane.decide(" CODE-zhang-wei-0001 ");
    expect(welcome).toMatchObject({ status: "ok", ok: true, offline: true, queued: true });
    expect(welcome.message).toBe("Welcome, 张伟!");
    expect(welcome.attendee).toMatchObject({ id: 11, vip: "Key Client", dietary: "Vegetarian" });

    const again = await lane.decide("CODE-zhang-wei-0001");
    expect(again.status).toBe("already");
    expect(again.message).toMatch(/张伟 is already checked in \(\d\d:\d\d, lane A\)/);
    expect(again.queued).toBe(undefined);

    const earlier = await lane.decide("CODE-chen-jie-00004");
    expect(earlier.status).toBe("already");
    expect(earlier.message).toBe("Chen Jie is already checked in (08:30, lane B).");

    const unknown = await lane.decide("NOT-A-CODE-OF-THIS-MEETING");
    expect(unknown).toMatchObject({ status: "unknown", ok: false, queued: true });

    const declined = await lane.decide("CODE-wang-fang-0003");
    expect(declined.status).toBe("declined");
    expect(declined.message).toBe("Wang Fang declined the invitation.");

    const otherChannel = await lane.decide("CODE-zhao-lei-00005");
    expect(otherChannel).toMatchObject({ status: "ok", channel_mismatch: true, expected_channel: "VIP" });

    expect((await lane.decide("  ")).status).toBe("empty");

    // queued: the welcome, the unknown code, the declined and the other channel's guest
    const walkIn = lane.queueWalkIn({ name: " Walk In ", phone: "139", company: "Delta" });
    expect(walkIn).toMatchObject({ status: "ok", ok: true, queued: true });
    expect(lane.state.pending).toBe(5);
    await lane.saving;
    const queue = await store.getQueue(MEETING_ID);
    expect(queue.map((e) => e.scan.kind)).toEqual(["scan", "scan", "scan", "scan", "walk_in"]);
    const [first, second, third, , fifth] = queue.map((e) => e.scan);
    // a known attendee goes up as id + hash, never as the raw code
    expect(first).toEqual({
        uid: first.uid,
        scanned_at: first.scanned_at,
        kind: "scan",
        attendee_id: 11,
        h: await hmacSha256Hex(KEY, "CODE-zhang-wei-0001", { subtle: false }),
    });
    expect(JSON.stringify(queue)).not.toInclude("CODE-zhang-wei-0001");
    expect(first.uid).toMatch(/^[0-9a-f]{32}$/);
    expect(first.scanned_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(second).toEqual({ uid: second.uid, scanned_at: second.scanned_at, kind: "scan", code: "NOT-A-CODE-OF-THIS-MEETING" });
    expect(third.attendee_id).toBe(13);
    expect(fifth.walk_in).toEqual({ name: "Walk In", phone: "139", company: "Delta", title: "" });
    expect(new Set(queue.map((e) => e.scan.uid)).size).toBe(5);

    // a reload (another lane object on the same store) knows the queue and who came
    const reloaded = new OfflineLane({ orm: lane.orm, store, meetingId: MEETING_ID, state: {} });
    await reloaded.load();
    expect(reloaded.state.pending).toBe(5);
    expect((await reloaded.decide("CODE-zhang-wei-0001")).status).toBe("already");
    expect((await reloaded.decide("CODE-li-na-00000002")).status).toBe("ok");

    // the backup: UTF-8 with a BOM, the queued check-ins marked
    const csv = signinCsv(reloaded.signinRows());
    expect(csv.startsWith("\ufeff")).toBe(true);
    expect(csv).toInclude('"张伟","鑫泰贸易"');
    expect(csv).toInclude('"Chen Jie","","08:30","B","Synced"');
    expect(csv).toInclude('"Walk In","Delta"');
    expect(csv).toMatch(/"Li Na","Hengtong","\d\d:\d\d","","Queued"/);
});

test("check-ins seen online (here, or at another lane on the bus) are known offline", async () => {
    const { lane, store } = await makeLane();
    lane.noteOnlineResult({ status: "ok", attendee: { id: 11, checkin_time: "09:00", checkin_lane: "A" } });
    lane.noteCheckin(12, "09:01", "B");
    expect((await lane.decide("CODE-zhang-wei-0001")).message).toBe(
        "张伟 is already checked in (09:00, lane A)."
    );
    expect((await lane.decide("CODE-li-na-00000002")).message).toBe(
        "Li Na is already checked in (09:01, lane B)."
    );
    expect(lane.state.pending).toBe(0);
    await lane.saving;
    expect(await store.getMarks(MEETING_ID)).toEqual({
        11: { time: "09:00", lane: "A" },
        12: { time: "09:01", lane: "B" },
    });
});

test("a lane past its check-in window forgets its data, not its queue", async () => {
    const { lane, store } = await makeLane();
    await lane.decide("CODE-li-na-00000002");
    await lane.saving;
    const stored = await store.getLane(MEETING_ID);
    await store.setLane(MEETING_ID, { ...stored, expires_at: "2000-01-01 00:00:00" });
    const reloaded = new OfflineLane({ orm: lane.orm, store, meetingId: MEETING_ID, state: {} });
    await reloaded.load();
    expect(await store.getLane(MEETING_ID)).toBe(null);
    expect(reloaded.state.prepared).toBe(false);
    expect(reloaded.state.pending).toBe(1);
    expect((await reloaded.decide("CODE-li-na-00000002")).status).toBe("not_prepared");
});

test("sync: batches of 500, only answered scans leave the queue, differences are reported", async () => {
    let answerFor = Infinity;
    const batches = [];
    const reported = [];
    const { lane, store } = await makeLane({
        checkin_lane_sync: ([meetingId, laneUid, scans]) => {
            expect(meetingId).toBe(MEETING_ID);
            expect(laneUid).toBe("lane-uid-000000000000000001");
            batches.push(scans.length);
            const answered = scans.slice(0, answerFor);
            return {
                results: answered.map((scan) => ({
                    uid: scan.uid,
                    status: scan.code ? "unknown" : scan.attendee_id === 12 ? "declined" : "ok",
                    attendee_id: scan.attendee_id || false,
                    message: scan.attendee_id === 12 ? "Li Na declined the invitation." : "ok",
                })),
                counters: { expected: 5, checked_in: 2, missing: 3 },
            };
        },
    });
    lane.onSyncResults = (results) => reported.push(...results);
    const counters = [];
    lane.onCounters = (c) => counters.push(c);
    await lane.decide("CODE-li-na-00000002"); // declined meanwhile on the server
    for (let i = 0; i < 1100; i++) {
        await lane.decide(`UNKNOWN-${i}`);
    }
    expect(lane.state.pending).toBe(1101);

    // the network is still down: nothing leaves the queue
    const down = lane.orm.silent.call;
    lane.orm.silent.call = async (model, method) => {
        expect.step(method);
        throw new ConnectionLostError("/web/dataset/call_kw");
    };
    lane.state.online = true;
    await lane.sync();
    expect.verifySteps(["checkin_lane_sync"]);
    expect(lane.state.online).toBe(false);
    expect(lane.state.pending).toBe(1101);

    // a refused batch (UserError) keeps every scan and says why
    lane.orm.silent.call = async (model, method) => {
        expect.step(method);
        const error = new RPCError("refused");
        error.data = { name: "odoo.exceptions.UserError", message: "This lane is not yours." };
        throw error;
    };
    await lane.sync();
    expect.verifySteps(["checkin_lane_sync"]);
    expect(lane.state.syncError).toBe("This lane is not yours.");
    expect(lane.state.pending).toBe(1101);

    // back: the server answers 400 of each batch only (an answer cut short)
    lane.orm.silent.call = down;
    answerFor = 400;
    await lane.sync();
    expect(batches).toEqual([500, 500, 301]);
    expect(lane.state.pending).toBe(0);
    expect(lane.state.online).toBe(true);
    expect(lane.state.syncError).toBe("");
    expect(await store.getQueue(MEETING_ID)).toEqual([]);
    // the lane is prepared again after the queue drained
    expect.verifySteps([
        "checkin_lane_sync",
        "checkin_lane_sync",
        "checkin_lane_sync",
        "checkin_lane_prepare",
    ]);
    // only the one the server decided otherwise is reported
    expect(reported.map((r) => [r.status, r.message])).toEqual([
        ["declined", "Li Na declined the invitation."],
    ]);
    expect(counters).toEqual([{ expected: 5, checked_in: 2, missing: 3 }]);
    expect(SYNC_BATCH).toBe(500);
});

test("a call without answer in time is a network error", async () => {
    let late;
    const never = new Promise((resolve, reject) => (late = reject));
    const racing = withTimeout(never, 2500).catch((e) => e);
    await advanceTime(2500);
    const error = await racing;
    expect(isNetworkError(error)).toBe(true);
    late(new Error("late")); // a late failure is swallowed
    expect(isNetworkError(new RPCError("refused"))).toBe(false);
});

test("the local decision takes < 5 ms per scan over 2,000 attendees", async () => {
    const people = [];
    for (let i = 0; i < 2000; i++) {
        people.push({
            id: 1000 + i,
            code: `PERF-${String(i).padStart(6, "0")}-abcdefghijklmnop`,
            name: `Guest ${i}`,
            company: `Company ${i % 50}`,
            declined: i % 97 === 0,
            checked_in: i % 10 === 0,
        });
    }
    const { lane } = await makeLane({}, people);
    // every attendee once, 200 repeats and 200 unknown codes: 2,400 scans
    const codes = people.map((p) => p.code);
    for (let i = 0; i < 200; i++) {
        codes.push(people[i * 7].code, `PERF-UNKNOWN-${i}`);
    }
    const counts = {};
    const start = performance.now();
    for (const code of codes) {
        const { status } = await lane.decide(code);
        counts[status] = (counts[status] || 0) + 1;
    }
    const perScan = (performance.now() - start) / codes.length;
    console.log(
        `[lane-perf] local decision (pure-JS HMAC + lookup + queue): ${perScan.toFixed(3)} ms per scan over ${codes.length} scans, 2,000 attendees`
    );
    expect(perScan).toBeLessThan(5);

    // the same scans again with the browser's crypto.subtle (a secure context)
    const { subtle, frame } = realSubtle();
    try {
        lane.hasher = makeLaneHasher(KEY, { subtle });
        const again = performance.now();
        for (const code of codes) {
            await lane.decide(code);
        }
        const perScanSubtle = (performance.now() - again) / codes.length;
        console.log(
            `[lane-perf] local decision (crypto.subtle HMAC + lookup): ${perScanSubtle.toFixed(3)} ms per scan over ${codes.length} scans`
        );
        expect(perScanSubtle).toBeLessThan(5);
    } finally {
        frame.remove();
    }
    expect(counts.unknown).toBe(200);
    expect(counts.ok).toBe(people.filter((p) => !p.declined && !p.checked_in).length);
    expect(counts.ok + counts.already + counts.declined + counts.unknown).toBe(2400);
});
