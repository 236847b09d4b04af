"""Reports after visits: assembly from findings, adoption, transmission, the State's responses and their
deadlines, publication at the State's request, public statements, follow-up of every recommendation,
rendering to HTML, PDF and DOCX, and each State's record of cooperation."""
