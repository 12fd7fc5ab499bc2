import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("meeting_report_export_tour", {
    steps: () => [
        {
            content: "Finish the meeting",
            trigger: ".o_form_view button[name='action_finish']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The meeting is under review",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Review)",
        },
        {
            content: "The review page shows the KPIs",
            trigger: ".o_notebook .nav-link:contains(Review)",
            run: "click",
        },
        {
            content: "Drafted suggestions",
            trigger: ".o_field_widget[name='report_suggestions']:contains(equipment test)",
        },
        {
            content: "One-click Excel export",
            trigger: ".o_form_view button[name='action_export_report_xlsx']",
            run: "click",
        },
        {
            content: "One-click PDF export",
            trigger: ".o_form_view button[name='action_export_report_pdf']",
            run: "click",
        },
        {
            content: "Back on the meeting, no error",
            trigger: ".o_form_view .o_statusbar_status:not(:has(.o_error_dialog))",
        },
    ],
});
