"""The one look of every dialog (help, export, a failed actor, the lessons): a box in the middle of its
screen, the dashboard dimmed behind it.

Each dialog's screen begins its ``DEFAULT_CSS`` with :data:`DIALOG_CSS`, so that Textual parses these rules
as that dialog first opens. In the dashboard's stylesheet they were parsed before its first frame, which
shows no dialog (~1 % of the instructions to that frame).
"""

DIALOG_CSS = """
.dialog {
    height: auto;
    max-width: 100%;
    max-height: 100%;
    border: thick $primary;
    background: $surface;
    padding: 1 2;
}
.dialog.-error {
    border: thick $error;
}
"""
