"""The restaurant as pure anyio code: no Textual here."""
