from odoo import models

from ..models.meeting_incident_response import COMPLAINT_ASPECTS, COMPLAINT_GRADES


class ReportMeetingMonitoring(models.AbstractModel):
    """The review (复盘) part of the monitoring report: the risks planned against those that
    materialised, and the complaints counted by what they were about and by grade."""

    _inherit = "report.meeting_management.report_meeting_monitoring"

    def _get_report_data(self, meeting):
        data = super()._get_report_data(meeting)
        data.update(self._get_risk_review(meeting))
        return data

    def _get_risk_review(self, meeting):
        meeting.ensure_one()
        Risk = self.env["meeting.risk"]
        Incident = self.env["meeting.incident"]
        levels = dict(Risk._fields["level"]._description_selection(self.env))
        states = dict(Risk._fields["state"]._description_selection(self.env))
        contingencies = dict(Risk._fields["contingency_type"]._description_selection(self.env))
        # sudo: the report shows the whole register and every incident to whoever may read the
        # meeting, as its incident section does
        risks = meeting.sudo().risk_ids.sorted(lambda r: (-r.score, r.sequence, r.id))
        incidents = meeting._get_review_incidents()
        by_risk = incidents.grouped("risk_id")
        risk_rows = [
            {
                "name": risk.name,
                "score": risk.score,
                "level": levels.get(risk.level, ""),
                "level_key": risk.level,
                "state": states.get(risk.state, ""),
                "owner": risk.owner_id.name or "",
                "mitigation": risk.mitigation or "",
                "contingency": contingencies.get(risk.contingency_type, ""),
                "incidents": ", ".join(by_risk.get(risk, incidents.browse()).mapped("name")),
                "materialised": risk in by_risk or risk.state == "occurred",
            }
            for risk in risks
        ]
        unplanned = incidents.filtered(lambda i: not i.risk_id and not i.is_complaint)
        complaints = incidents.filtered("is_complaint").sorted("date_reported")
        grades = dict(COMPLAINT_GRADES)
        grade_labels = dict(Incident._fields["complaint_grade"]._description_selection(self.env))
        aspect_labels = dict(Incident._fields["complaint_aspect"]._description_selection(self.env))
        remedy_labels = dict(Incident._fields["remedy"]._description_selection(self.env))
        answer_labels = dict(Incident._fields["remedy_acceptance"]._description_selection(self.env))
        complaint_rows = [
            {
                "name": complaint.name,
                "grade": grade_labels.get(complaint.complaint_grade, ""),
                "aspect": aspect_labels.get(complaint.complaint_aspect or "other", ""),
                "remedy": remedy_labels.get(complaint.remedy, ""),
                "answer": answer_labels.get(complaint.remedy_acceptance, ""),
                "response_minutes": complaint.response_minutes
                if complaint.date_responded
                else None,
                "timely": complaint.responded_in_sla,
            }
            for complaint in complaints
        ]
        by_aspect = [
            {"label": aspect_labels[key], "count": count}
            for key, _label in COMPLAINT_ASPECTS
            if (
                count := len(
                    complaints.filtered(lambda c, k=key: (c.complaint_aspect or "other") == k)
                )
            )
        ]
        by_grade = [
            {"label": grade_labels[key], "count": count}
            for key in grades
            if (count := len(complaints.filtered(lambda c, k=key: c.complaint_grade == k)))
        ]
        return {
            "risks": risk_rows,
            "risk_review": {
                "planned": len(risk_rows),
                "materialised": sum(1 for row in risk_rows if row["materialised"]),
                "unplanned": len(unplanned),
                "unplanned_names": ", ".join(unplanned.mapped("name")),
            },
            "complaints": complaint_rows,
            "complaints_by_aspect": by_aspect,
            "complaints_by_grade": by_grade,
        }

    def _get_summary_sentences(self, meeting):
        sentences = super()._get_summary_sentences(meeting)
        review = self._get_risk_review(meeting)
        extra = []
        if review["risks"]:
            extra.append(
                self.env._(
                    "Risks: %(planned)s in the register, %(materialised)s materialised; "
                    "%(unplanned)s incident(s) outside the register.",
                    **{
                        k: review["risk_review"][k]
                        for k in ("planned", "materialised", "unplanned")
                    },
                )
            )
        if review["complaints"]:
            extra.append(
                self.env._(
                    "Complaints: %(count)s (%(grades)s).",
                    count=len(review["complaints"]),
                    grades=", ".join(
                        f"{row['label']} {row['count']}" for row in review["complaints_by_grade"]
                    ),
                )
            )
        # before the closing KPI count
        return sentences[:-1] + extra + sentences[-1:]

    def _fill_workbook(self, workbook, fmt, data):
        res = super()._fill_workbook(workbook, fmt, data)
        self._sheet_risks(workbook, fmt, data)
        return res

    def _sheet_risks(self, workbook, fmt, data):
        sheet = self._add_sheet(
            workbook,
            fmt,
            self.env._("Risks and Complaints"),
            [
                self.env._("Risk"),
                self.env._("Score"),
                self.env._("Level"),
                self.env._("Status"),
                self.env._("Owner"),
                self.env._("Mitigation"),
                self.env._("Contingency"),
                self.env._("Incidents"),
            ],
            [34, 8, 12, 14, 16, 36, 16, 30],
        )
        row = 1
        for risk in data["risks"]:
            sheet.write_string(row, 0, risk["name"], fmt["text"])
            sheet.write_number(row, 1, risk["score"], fmt["int"])
            for col, key in enumerate(
                ("level", "state", "owner", "mitigation", "contingency", "incidents"), start=2
            ):
                sheet.write_string(row, col, risk[key], fmt["text"])
            row += 1
        row += 1
        titles = [
            self.env._("Complaint"),
            self.env._("Grade"),
            self.env._("About"),
            self.env._("Remedy"),
            self.env._("Answer"),
            self.env._("Response (min)"),
            self.env._("On time"),
        ]
        for col, title in enumerate(titles):
            sheet.write(row, col, title, fmt["head"])
        for complaint in data["complaints"]:
            row += 1
            for col, key in enumerate(("name", "grade", "aspect", "remedy", "answer")):
                sheet.write_string(row, col, complaint[key], fmt["text"])
            if complaint["response_minutes"] is not None:
                sheet.write_number(row, 5, complaint["response_minutes"], fmt["int"])
            sheet.write_boolean(row, 6, complaint["timely"])
