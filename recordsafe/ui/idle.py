"""Auto-lock: notice when nobody has touched the keyboard or mouse for a while.

One application-wide event filter restarts a single-shot timer on every key or mouse
event in any RecordSafe window; when the timer runs out, `timed_out` fires and the app
controller locks the vault.
"""

from __future__ import annotations

from recordsafe.ui.qt import QObject, QtCore, QTimer, QtWidgets, Signal

# Input that means "someone is at the keyboard". Paint, focus and timer events do not.
ACTIVITY_EVENTS = frozenset(
    {
        QtCore.QEvent.Type.KeyPress,
        QtCore.QEvent.Type.MouseButtonPress,
        QtCore.QEvent.Type.MouseMove,
        QtCore.QEvent.Type.HoverMove,
        QtCore.QEvent.Type.Wheel,
        QtCore.QEvent.Type.TouchBegin,
        QtCore.QEvent.Type.TabletPress,
    }
)


class IdleTracker(QObject):
    timed_out = Signal()

    def __init__(self, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.timed_out)
        self.set_minutes(minutes)
        self._watching = False

    def set_minutes(self, minutes: int) -> None:
        self.set_interval_ms(max(1, minutes) * 60_000)

    def set_interval_ms(self, milliseconds: int) -> None:
        self._timer.setInterval(milliseconds)
        if self._timer.isActive():
            self._timer.start()

    def interval_ms(self) -> int:
        return self._timer.interval()

    @property
    def running(self) -> bool:
        return self._watching

    def start(self) -> None:
        app = QtWidgets.QApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QtWidgets.QApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
        self._watching = False

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._timer.start()  # restarts the countdown
        return False
