"""Documents built from a record: Jinja2 templates rendered to PDF with ReportLab."""
