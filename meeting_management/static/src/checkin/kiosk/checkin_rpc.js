import { RPCError } from "@web/core/network/rpc";
import { onlineOrLane, withTimeout } from "./offline_lane";

const SHOWN_ERRORS = ["odoo.exceptions.UserError", "odoo.exceptions.AccessError"];

/**
 * Call a check-in method of `meeting.attendee`; a refusal (UserError, AccessError: not
 * check-in staff, a walk-in without a name, ...) comes back as a red result card like the
 * status keys the methods return, instead of an error dialog at the door. With `timeout`
 * (ms), a call without answer in time fails as a network error (`isNetworkError`): the
 * kiosk's lane then decides alone.
 */
export async function callCheckin(orm, method, args, { timeout } = {}) {
    try {
        const call = orm.call("meeting.attendee", method, args);
        return await (timeout ? withTimeout(call, timeout) : call);
    } catch (error) {
        if (error instanceof RPCError && SHOWN_ERRORS.includes(error.data?.name)) {
            return { status: "error", ok: false, message: error.data.message };
        }
        throw error;
    }
}

/**
 * `callCheckin` at a kiosk that may have an offline lane (`onlineOrLane`): the server's answer,
 * noted by the lane (who is checked in), or the lane's `decideLocally()` when the network fails.
 */
export function callCheckinOrLane(orm, lane, method, args, decideLocally) {
    return onlineOrLane(
        lane,
        async (timeout) => {
            const result = await callCheckin(orm, method, args, { timeout });
            lane?.noteOnlineResult(result);
            return result;
        },
        decideLocally
    );
}
