"""A passphrase strength bar with words, bound to `passphrase_policy.estimate`.

Colour alone never carries the meaning: the label says the strength and, when the
passphrase cannot be used, why.
"""

from __future__ import annotations

from recordsafe.ui.qt import QtWidgets
from recordsafe.ui.widgets.meaning_colours import Meaning
from recordsafe.ui.widgets.meaning_colours import colour as meaning_colour
from recordsafe.vault.passphrase_policy import Strength, estimate

# One colour per score 0-4, from "very weak" red to "very strong" green.
_MEANINGS: tuple[Meaning, ...] = ("error", "warning", "caution", "ok", "ok")


MISMATCH = "The two passphrases do not match."
CONFIRM = "Type the passphrase again in the second field."


def new_passphrase_problem(passphrase: str, confirmation: str) -> str | None:
    """Why a new passphrase and its confirmation cannot be used yet; None when they can."""
    problem = estimate(passphrase).problem
    if problem:
        return problem
    if passphrase != confirmation:
        return CONFIRM if not confirmation else MISMATCH
    return None


class StrengthMeter(QtWidgets.QWidget):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = QtWidgets.QProgressBar(self)
        self.bar.setRange(0, 5)  # score 0-4, shifted by one so empty shows nothing
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.bar.setAccessibleName("Passphrase strength")
        self.label = QtWidgets.QLabel(self)
        self.label.setWordWrap(True)
        self.label.setObjectName("strengthLabel")
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.bar)
        layout.addWidget(self.label)
        self.strength: Strength = estimate("")
        self.set_passphrase("")

    def attach(self, source: QtWidgets.QLineEdit | QtWidgets.QWidget) -> None:
        """Follow a QLineEdit or PassphraseField: anything with textChanged(str)."""
        source.textChanged.connect(self.set_passphrase)  # type: ignore[union-attr]

    def set_passphrase(self, passphrase: str) -> None:
        self.strength = estimate(passphrase)
        score = self.strength.score
        # An empty field shows an empty bar, not a red sliver.
        self.bar.setValue(score + 1 if passphrase else 0)
        colour = meaning_colour(_MEANINGS[score])
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background-color: {colour}; }}")
        if not passphrase:
            self.label.setText("Strength: not entered yet")
        else:
            self.label.setText(f"Strength: {self.strength.label}")
        self.bar.setAccessibleDescription(self.label.text())

    @property
    def acceptable(self) -> bool:
        return self.strength.problem is None
