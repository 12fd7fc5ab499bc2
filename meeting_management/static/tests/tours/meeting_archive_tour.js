import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("meeting_archive_tour", {
    steps: () => [
        {
            content: "Open the archive tab of the closed meeting",
            trigger: ".o_notebook .nav-link:contains(Archive)",
            run: "click",
        },
        {
            content: "The checklist shows what is archived and what is not in the archive yet",
            trigger: "div[name=archive_checklist_html] li:contains(Speeches):contains(not in the archive yet)",
        },
        {
            content: "Open the archive to classify and caption",
            trigger: ".o_notebook button[name=action_view_archive]",
            run: "click",
        },
        {
            content: "Open the photos",
            trigger: ".o_group_header:contains(Photos)",
            run: "click",
        },
        {
            trigger: ".o_data_row td:contains(hall.png)",
            run: "click",
        },
        {
            content: "Caption the photo",
            trigger: "div[name=caption] input",
            run: "edit Hall A before the opening",
        },
        {
            content: "Save and go back to the archive",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved, .o_form_status_indicator:not(:has(.o_form_button_save))",
        },
        {
            trigger: ".o_breadcrumb a:contains(Archive of)",
            run: "click",
        },
        {
            content: "The caption is in the archive list",
            trigger: ".o_data_row td:contains(Hall A before the opening)",
        },
    ],
});
