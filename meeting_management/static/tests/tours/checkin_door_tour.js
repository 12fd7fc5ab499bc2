import { registry } from "@web/core/registry";

function search(term) {
    return [
        {
            content: `Search ${term}`,
            trigger: ".o_meeting_checkin_kiosk .o_checkin_search_input",
            run: `edit ${term}`,
        },
        { trigger: `.o_checkin_search_result:contains(${term})` },
    ];
}

/** 签到异常处理 at the kiosk, as the check-in staff: a lost badge, details that do not
 * match, a delegate at the wrong channel, somebody not on the list. */
registry.category("web_tour.tours").add("meeting_checkin_door_tour", {
    steps: () => [
        {
            content: "Choose the meeting",
            trigger: ".o_meeting_checkin_kiosk select.o_checkin_meeting",
            run: "selectByLabel Dealer Summit",
        },
        {
            content: "The meeting's counters are loaded",
            trigger: ".o_meeting_checkin_kiosk .o_counter_expected:contains(2)",
        },
        {
            content: "Choose the general channel",
            trigger: ".o_checkin_channels .o_checkin_channel:contains(General)",
            run: "click",
        },
        { trigger: ".o_checkin_channels .o_checkin_channel.btn-primary:contains(General)" },
        ...search("Li Na"),
        {
            content: "Lost badge",
            trigger: ".o_checkin_search_result:contains(Li Na) .o_checkin_lost_badge",
            run: "click",
        },
        {
            content: "Confirm the reissue",
            trigger: ".modal .modal-footer .btn-primary:contains(Reissue)",
            run: "click",
        },
        {
            content: "A new QR code: the temporary badge is ready to print",
            trigger: ".o_checkin_ok .o_checkin_message:contains(New QR code for Li Na)",
        },
        { trigger: ".o_checkin_ok .o_checkin_print_badge" },
        ...search("Li Na"),
        {
            content: "The details do not match: correct them",
            trigger: ".o_checkin_search_result:contains(Li Na) .o_checkin_correct",
            run: "click",
        },
        { trigger: ".o_checkin_correction .o_correct_company", run: "edit Hengtong Group" },
        { trigger: ".o_checkin_correction .o_correct_submit", run: "click" },
        {
            content: "Corrected, the old company in the message",
            trigger: ".o_checkin_ok .o_checkin_message:contains(Guangzhou Hengtong → Hengtong Group)",
        },
        ...search("Li Na"),
        {
            content: "Check the delegate in at the general channel",
            trigger: ".o_checkin_search_result:contains(Li Na) .o_checkin_manual",
            run: "click",
        },
        {
            content: "Checked in, but the staff are told the delegate belongs to the group channel",
            trigger: ".o_checkin_warning .o_checkin_other_channel:contains(Group)",
        },
        { trigger: ".o_counter_checked_in:contains(1)" },
        {
            content: "Not on the list: the walk-in form",
            trigger: ".o_checkin_walk_in_button",
            run: "click",
        },
        { trigger: ".o_checkin_walk_in .o_walk_in_name", run: "edit Tour Walk In" },
        { trigger: ".o_checkin_walk_in .o_walk_in_company", run: "edit Delta Ltd" },
        { trigger: ".o_checkin_walk_in .o_walk_in_submit", run: "click" },
        {
            content: "Registered, flagged for the executor",
            trigger: ".o_checkin_ok .o_checkin_message:contains(executor will confirm)",
        },
        { trigger: ".o_counter_checked_in:contains(2)" },
    ],
});
