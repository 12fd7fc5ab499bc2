import { registry } from "@web/core/registry";

/** Open the Meetings app from the apps menu, as a user does after signing in. */
function openMeetingsApp() {
    return [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Meetings app",
            trigger: ".o_app[data-menu-xmlid='meeting_management.menu_meeting_root']",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("meeting_first_screen_initiator", {
    steps: () => [
        ...openMeetingsApp(),
        {
            content: "The app opens on My meetings, as cards",
            trigger: ".o_breadcrumb:contains(My Meetings)",
        },
        {
            content: "The card shows the venue, the approval progress and the next deadline",
            trigger:
                ".o_kanban_view .o_kanban_record:contains(First Screens Summit):contains(Harbour Hall):contains(Approval):contains(0 / 2)",
        },
        {
            content: "The columns follow the workflow: the draft before the resource review",
            trigger:
                ".o_kanban_group:contains(Draft) + .o_kanban_group:contains(Resource Review)",
        },
        {
            content: "Cancelled meetings are filtered out by default",
            trigger: ".o_kanban_view:not(:has(.o_kanban_record:contains(First Screens Cancelled)))",
        },
        {
            content: "Open the meeting",
            trigger: ".o_kanban_record:contains(First Screens Summit)",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=name]:contains(First Screens Summit)",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_first_screen_reviewer", {
    steps: () => [
        ...openMeetingsApp(),
        {
            content: "A reviewer with a step to decide lands on To Approve",
            trigger: ".o_breadcrumb:contains(To Approve)",
        },
        {
            content: "Their step is listed, the pager counts the steps",
            trigger: ".o_list_view .o_data_row:contains(First Screens Summit)",
        },
        { trigger: ".o_pager_value:contains(1)" },
        {
            content: "The activities menu counts the steps to decide",
            trigger: ".o_menu_systray i[aria-label='Activities']",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityGroup[data-model_name='meeting.approval']:contains(Meeting Approval Step)",
        },
        {
            content: "My meetings marks the meeting to approve",
            trigger: ".o_main_navbar [data-menu-xmlid='meeting_management.menu_meeting_operations']",
            run: "click",
        },
        {
            trigger: "[data-menu-xmlid='meeting_management.menu_meeting_my']",
            run: "click",
        },
        {
            trigger:
                ".o_kanban_record:contains(First Screens Summit) .o_meeting_to_decide:contains(To Approve)",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_first_screen_checkin", {
    steps: () => [
        ...openMeetingsApp(),
        {
            content: "Door staff land on the kiosk",
            trigger: ".o_meeting_checkin_kiosk .o_checkin_scan_input",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_first_screen_handler", {
    steps: () => [
        ...openMeetingsApp(),
        {
            content: "Incident handlers land on their incidents",
            trigger: ".o_breadcrumb:contains(Incidents)",
        },
        {
            trigger: ".o_list_view .o_data_row:contains(Projector down)",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_task_board_one_click", {
    steps: () => [
        {
            content: "Find the tasks of the test",
            trigger: ".o_searchview_input",
            run: "edit Board Task && press Enter",
        },
        {
            trigger: ".o_kanban_record:contains(Board Task Theirs)",
        },
        {
            content: "The phases in the order of the work, the empty one too",
            trigger: ".o_kanban_group:eq(0) .o_column_title:contains(Preparation)",
        },
        { trigger: ".o_kanban_group:eq(1) .o_column_title:contains(Execution)" },
        { trigger: ".o_kanban_group:eq(2) .o_column_title:contains(Wrap-up)" },
        {
            content: "Start my task from its card",
            trigger: ".o_kanban_record:contains(Board Task Mine) .o_meeting_task_start",
            run: "click",
        },
        {
            trigger: ".o_kanban_record:contains(Board Task Mine):contains(In Progress)",
        },
        {
            content: "Finish it from its card",
            trigger: ".o_kanban_record:contains(Board Task Mine) .o_meeting_task_done",
            run: "click",
        },
        {
            content: "Done: the card leaves the open tasks (or offers to reopen it)",
            trigger:
                ".o_kanban_view:not(:has(.o_kanban_record:contains(Board Task Mine) .o_meeting_task_done))",
        },
        {
            content: "Somebody else's task offers no status button",
            trigger:
                ".o_kanban_record:contains(Board Task Theirs):not(:has(.o_meeting_task_start)):not(:has(.o_meeting_task_done))",
        },
    ],
});

registry.category("web_tour.tours").add("meeting_review_header", {
    steps: () => [
        {
            content: "In the review, the header keeps publishing and the report",
            trigger: ".o_form_view .o_statusbar_buttons button[name='action_publish_report']",
        },
        { trigger: ".o_statusbar_buttons button[name='action_export_report_pdf']" },
        {
            content: "The tracking table and the application form are not in the header",
            trigger:
                ".o_statusbar_buttons:not(:has(button[name='action_print_task_tracking'])):not(:has(button[name='action_export_task_tracking_xlsx'])):not(:has(button[name='action_print_application']))",
        },
        {
            content: "They are in the gear menu",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Task Tracking (Excel))",
        },
        {
            trigger: ".o-dropdown--menu .o-dropdown-item:contains(Meeting Plan Application), .o-dropdown--menu .dropdown-toggle:contains(Print)",
        },
    ],
});
