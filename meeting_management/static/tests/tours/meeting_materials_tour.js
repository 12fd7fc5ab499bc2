import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";

// 1x1 PNG: the signature another device (the tablet at the door) drew
const SIGNATURE =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg+A8AAAEBAQBdG6fUAAAAAElFTkSuQmCC";

async function call(model, method, args) {
    return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs: {} });
}

async function handOutReceiver() {
    // the door staff's tablet records a hand-out of the rented receivers
    const [line] = await call("meeting.material.line", "search_read", [
        [["name", "=", "Tour Receiver"]],
        ["id"],
    ]);
    const [guest] = await call("meeting.attendee", "search_read", [
        [["name", "=", "Guest A"]],
        ["id"],
    ]);
    await call("meeting.material.handout", "create", [
        { line_id: line.id, attendee_id: guest.id, quantity: 2, signature: SIGNATURE },
    ]);
}

async function returnReceivers() {
    const handouts = await call("meeting.material.handout", "search_read", [
        [["line_id.name", "=", "Tour Receiver"]],
        ["id"],
    ]);
    await call(
        "meeting.material.handout",
        "action_return",
        [handouts.map((h) => h.id)]
    );
}

registry.category("web_tour.tours").add("meeting_onsite_materials_tour", {
    steps: () => [
        {
            content: "The on-site view shows the materials panel with what is short",
            trigger: ".o_onsite_materials .o_onsite_material_short:contains('Tour Folder')",
        },
        {
            content: "The rented receivers are held by the meeting, none handed out",
            trigger:
                ".o_onsite_material_out:contains('Tour Receiver'):not(:contains('Not returned:'))",
            run: () => handOutReceiver(),
        },
        {
            content: "The hand-out at the door shows at once: two receivers are out",
            trigger: ".o_onsite_material_out:contains('Tour Receiver'):contains('Not returned: 2')",
            run: () => returnReceivers(),
        },
        {
            content: "Returned: back to held by the meeting until given back to the supplier",
            trigger:
                ".o_onsite_material_out:contains('Tour Receiver'):not(:contains('Not returned:'))",
        },
        {
            content: "The panel still counts one line not returned (the rental)",
            trigger: ".o_onsite_materials_out_count:contains('1')",
        },
    ],
});
