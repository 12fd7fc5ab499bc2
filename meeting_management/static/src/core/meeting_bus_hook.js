import { useEffect } from "@odoo/owl";
import { useService } from "@web/core/utils/hooks";

/**
 * The bus channels of a meeting, as the server names them (models/ir_websocket.py turns the
 * channel names into the meeting's channels; the notification types are the ones sent by
 * `meeting.attendee._checkin_notify` and `meeting.meeting._notify_onsite_update`).
 */
export const MEETING_BUS_KINDS = {
    checkin: {
        channel: (meetingId) => `meeting_management.checkin:${meetingId}`,
        type: "meeting_management/checkin",
    },
    onsite: {
        channel: (meetingId) => `meeting_management.onsite_${meetingId}`,
        type: "meeting_management.onsite/update",
    },
};

/**
 * Listen to the bus channels of the meeting `getMeetingId()` returns.
 *
 * The channels follow the meeting: when another meeting is chosen (the component renders
 * again), the old channels are left and the new ones joined. `callback(payload, kind)` is
 * only called for notifications about the current meeting.
 *
 * @param {() => number|false} getMeetingId
 * @param {string|string[]} kinds keys of MEETING_BUS_KINDS ("checkin", "onsite")
 * @param {(payload: Object, kind: string) => void} callback
 */
export function useMeetingBus(getMeetingId, kinds, callback) {
    const busService = useService("bus_service");
    kinds = typeof kinds === "string" ? [kinds] : kinds;
    useEffect(
        (meetingId) => {
            if (!meetingId) {
                return;
            }
            const listeners = kinds.map((kind) => {
                const { channel, type } = MEETING_BUS_KINDS[kind];
                const listener = (payload) => {
                    if (payload && payload.meeting_id === getMeetingId()) {
                        callback(payload, kind);
                    }
                };
                busService.addChannel(channel(meetingId));
                busService.subscribe(type, listener);
                return { channel: channel(meetingId), type, listener };
            });
            return () => {
                for (const { channel, type, listener } of listeners) {
                    busService.unsubscribe(type, listener);
                    busService.deleteChannel(channel);
                }
            };
        },
        () => [getMeetingId()]
    );
}
