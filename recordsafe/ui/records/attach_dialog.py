"""Attach a scanned form (PDF, PNG or JPEG) to a client's record, stored inside the vault.

The type is checked from the file's first bytes by the domain, as is the 20 MB limit;
the original file on disk is left alone.
"""

from __future__ import annotations

from pathlib import Path

from recordsafe.records import documents
from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.forms import error_label, hint, ok_cancel, show_error
from recordsafe.ui.widgets.names import titled
from recordsafe.vault import VaultSession
from recordsafe.vault.errors import VaultError


class AttachDialog(QtWidgets.QDialog):
    def __init__(
        self,
        session: VaultSession,
        client_id: int,
        parent: QtWidgets.QWidget | None = None,
        *,
        client_label: str = "",
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._client_id = client_id
        self.document_id: int | None = None
        self.setObjectName("attachDialog")
        self.setWindowTitle(titled("Attach a document", client_label))
        self.setMinimumWidth(520)
        self.path_edit = QtWidgets.QLineEdit()
        self.path_edit.setObjectName("attachPath")
        self.path_edit.setPlaceholderText("The file to attach")
        browse = QtWidgets.QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.name_edit = QtWidgets.QLineEdit()
        self.name_edit.setObjectName("attachName")
        self.name_edit.setPlaceholderText("Name shown in the record (default: the file's name)")
        form = QtWidgets.QFormLayout()
        form.addRow("File:", row)
        form.addRow("Name:", self.name_edit)
        self.error_label = error_label("attachError")
        self.buttons = ok_cancel("Attach")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            hint(
                "PDF files and PNG or JPEG images up to "
                f"{documents.MAX_DOCUMENT_BYTES // (1024 * 1024)} MB. The document is kept "
                "encrypted in the vault; you may delete the scan from your computer afterwards."
            )
        )
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self, "Attach a document", "", "Scans (*.pdf *.png *.jpg *.jpeg)"
        )
        if path:
            self.path_edit.setText(path)

    def save(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            show_error(self.error_label, "Choose the file to attach.")
            return
        try:
            self.document_id = documents.add_document(
                self._session,
                self._client_id,
                Path(text).expanduser(),
                name=self.name_edit.text().strip() or None,
            )
        except VaultError as exc:
            show_error(self.error_label, exc.message)
            return
        self.accept()
