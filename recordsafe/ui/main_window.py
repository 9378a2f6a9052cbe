"""The main window of an unlocked vault: menus, toolbar, status bar, lock and auto-lock.

The app controller owns the session's life: this window asks for a lock
(`lock_requested`) or a close (`close_vault_requested`) and, before asking, drops every
reference it holds to the session and closes every dialog that shows vault data. Key
rotation replaces the session; the window then announces `session_replaced(new)`.

Auto-lock: any key, click, wheel or mouse move anywhere in the app counts as activity.
Idle time is measured on both the wall clock and the monotonic clock and the larger one
wins, so time spent asleep (which a monotonic clock may not count) still locks the vault.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime

from recordsafe import APP_NAME
from recordsafe.app_config import AppConfig
from recordsafe.breach import deadlines
from recordsafe.demo import is_demo_vault
from recordsafe.ui.about_dialog import AboutDialog
from recordsafe.ui.audit.audit_log_dialog import AuditLogDialog
from recordsafe.ui.audit.chain_check import BackgroundChainCheck, IntegrityBanner
from recordsafe.ui.backup.backup_now_dialog import BackupNowDialog
from recordsafe.ui.backup.backup_reminder import BackupReminderBanner
from recordsafe.ui.backup.backup_settings_dialog import BackupSettingsDialog
from recordsafe.ui.backup.restore_dialog import RestoreDialog
from recordsafe.ui.backup.verify_backup_dialog import VerifyBackupDialog
from recordsafe.ui.breach.due_banner import BreachDueBanner
from recordsafe.ui.breach.register_dialog import BreachRegisterDialog
from recordsafe.ui.closure.custodian_banner import CustodianBanner
from recordsafe.ui.disclosure.expiring_window import ExpiringBanner, ExpiringWindow
from recordsafe.ui.disclosure.followups_window import FollowupsWindow
from recordsafe.ui.disclosure.requests_window import RequestsWindow
from recordsafe.ui.disclosure.window import DisclosureWindow
from recordsafe.ui.home_page import HomePage
from recordsafe.ui.operations import show_message
from recordsafe.ui.practice_details_dialog import PracticeDetailsDialog
from recordsafe.ui.qt import QObject, Qt, QtCore, QtGui, QTimer, QtWidgets, Signal
from recordsafe.ui.records.practice_fields_dialog import PracticeFieldsDialog
from recordsafe.ui.records.records_page import RecordsPage
from recordsafe.ui.settings_dialog import SettingsDialog
from recordsafe.ui.vault.change_passphrase_dialog import CHANGED, ChangePassphraseDialog
from recordsafe.ui.vault.new_recovery_code_dialog import NewRecoveryCodeDialog
from recordsafe.ui.vault.rotate_key_dialog import RotateKeyDialog
from recordsafe.ui.vault.security_dialog import CUSTODIAN_REFUSAL, SecurityDialog, slot_summary
from recordsafe.ui.vault.verify_dialog import VerifyDialog
from recordsafe.vault import VaultSession, VerifyReport

PRACTITIONER = "Practitioner"
CUSTODIAN = "Records custodian"
IDLE_CHECK_MS = 5_000

ACTIVITY_EVENTS = frozenset(
    {
        QtCore.QEvent.Type.KeyPress,
        QtCore.QEvent.Type.MouseButtonPress,
        QtCore.QEvent.Type.MouseMove,
        QtCore.QEvent.Type.Wheel,
        QtCore.QEvent.Type.TouchBegin,
    }
)

Clock = Callable[[], tuple[float, float]]


def system_clock() -> tuple[float, float]:
    return time.time(), time.monotonic()


def lock_hint(minutes: int) -> str:
    return f"Locks after {minutes} min idle"


def _separator() -> QtWidgets.QFrame:
    line = QtWidgets.QFrame()
    line.setFrameShape(QtWidgets.QFrame.Shape.VLine)
    line.setFrameShadow(QtWidgets.QFrame.Shadow.Sunken)
    return line


class MainWindow(QtWidgets.QMainWindow):
    lock_requested = Signal()
    close_vault_requested = Signal()
    settings_changed = Signal()
    session_replaced = Signal(object)

    def __init__(
        self,
        session: VaultSession,
        config: AppConfig,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._session: VaultSession | None = session
        self._config = config
        self._lock_pending = False
        self.setObjectName("mainWindow")
        self.setWindowTitle(f"{APP_NAME} — {session.name}")
        self.resize(980, 680)

        # The client workspace comes first: it is where the day is spent.
        self.records_page = RecordsPage(session)
        self.records_page.dialog_opened.connect(self._guard_dialog)
        self.records_page.privacy_mode_changed.connect(self._privacy_changed)

        self._build_actions(session)
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar(session)

        self.home_page = HomePage(
            vault_name=session.name,
            folder=session.folder,
            role=CUSTODIAN if session.is_custodian else PRACTITIONER,
            unlock_findings=list(session.integrity_findings),
        )
        self.home_page.lock_clicked.connect(self.request_lock)
        self.home_page.verify_clicked.connect(self.open_verify)
        self.home_page.security_clicked.connect(self.open_security)
        self.pages = QtWidgets.QTabWidget()
        self.pages.setObjectName("mainPages")
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.records_page, "&Clients")
        self.pages.addTab(self.home_page, "&Vault")
        workspace = QtWidgets.QWidget()
        workspace.setObjectName("workspace")
        column = QtWidgets.QVBoxLayout(workspace)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.custodian_banner = self._custodian_banner(session, column)
        for banner in self._build_banners(session):
            column.addWidget(banner)
        column.addWidget(self.pages, 1)
        self.set_central_page(workspace)
        self._refresh_keys_summary()
        self.refresh_breach_due(announce=True)
        self.chain_check.start()

        # Auto-lock: note activity app-wide, check the idle time every few seconds.
        self.clock: Clock = system_clock
        self._last_activity = self.clock()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.idle_timer = QTimer(self)
        self.idle_timer.setInterval(IDLE_CHECK_MS)
        self.idle_timer.timeout.connect(self.check_idle)
        self.idle_timer.start()

    # --- building -------------------------------------------------------------------

    def _build_banners(self, session: VaultSession) -> list[QtWidgets.QWidget]:
        """What needs doing, above the workspace: audit-trail problems (found at unlock,
        and by the full check started after), backups, expiring consents, breaches."""
        self.integrity_banner = IntegrityBanner()
        self.integrity_banner.add_findings(list(session.integrity_findings))
        self.chain_check = BackgroundChainCheck(session)
        self.chain_check.checked.connect(self.integrity_banner.add_findings)
        self.backup_reminder = BackupReminderBanner()
        self.backup_reminder.backup_requested.connect(self.open_backup_now)
        self.backup_reminder.refresh(session)
        self.expiring_banner = ExpiringBanner()
        self.expiring_banner.show_requested.connect(self.open_expiring_consents)
        self.expiring_banner.refresh(session)
        self.breach_banner = BreachDueBanner()
        self.breach_banner.register_requested.connect(self.open_breach_register)
        return [
            self.integrity_banner,
            self.backup_reminder,
            self.expiring_banner,
            self.breach_banner,
        ]

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: str | QtGui.QKeySequence.StandardKey | None = None,
        name: str = "",
    ) -> QtGui.QAction:
        action = QtGui.QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QtGui.QKeySequence(shortcut))
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_actions(self, session: VaultSession) -> None:
        self.lock_action = self._action("&Lock", self.request_lock, "Ctrl+L", "lockAction")
        self.lock_action.setToolTip("Lock the vault now (Ctrl+L)")
        self.verify_action = self._action("&Verify vault…", self.open_verify, None, "verifyAction")
        self.security_action = self._action(
            "&Security && keys…", self.open_security, None, "securityAction"
        )
        self.change_passphrase_action = self._action(
            "Change &passphrase…", self.open_change_passphrase, None, "changePassphraseAction"
        )
        self.new_recovery_action = self._action(
            "New &recovery code…", self.open_new_recovery_code, None, "newRecoveryCodeAction"
        )
        self.rotate_action = self._action(
            "R&otate vault key…", self.open_rotate_key, None, "rotateKeyAction"
        )
        self.close_vault_action = self._action(
            "&Close vault", self.request_close_vault, None, "closeVaultAction"
        )
        self.quit_action = self._action("&Quit", self.request_quit, "Ctrl+Q", "quitAction")
        self.settings_action = self._action(
            "&Settings…", self.open_settings, "Ctrl+,", "settingsAction"
        )
        self.about_action = self._action(f"&About {APP_NAME}", self.open_about, None, "aboutAction")
        self.backup_now_action = self._action(
            "&Back up now…", self.open_backup_now, "Ctrl+B", "backupNowAction"
        )
        self.backup_settings_action = self._action(
            "Backup se&ttings…", self.open_backup_settings, None, "backupSettingsAction"
        )
        self.verify_backup_action = self._action(
            "Verify a bac&kup…", self.open_verify_backup, None, "verifyBackupAction"
        )
        self.restore_action = self._action(
            "R&estore from backup…", self.open_restore, None, "restoreAction"
        )
        self.audit_log_action = self._action(
            "&Audit log…", self.open_audit_log, None, "auditLogAction"
        )
        self.client_fields_action = self._action(
            "Client &fields…", self.open_client_fields, None, "clientFieldsAction"
        )
        self.custodians_action = self._action(
            "Records &custodian…", self.open_custodians, None, "custodiansAction"
        )
        self.closure_plan_action = self._action(
            "Closure &plan…", self.open_closure_wizard, None, "closurePlanAction"
        )
        self.retention_action = self._action(
            "Re&tention && destruction…", self.open_retention, None, "retentionAction"
        )
        self.custodian_passphrase_action = self._action(
            "Set my custodian pa&ssphrase…",
            self.open_custodian_passphrase,
            None,
            "custodianPassphraseAction",
        )
        self.custodian_passphrase_action.setVisible(session.is_custodian)
        self.requests_due_action = self._action(
            "&Requests due…", self.open_requests_due, None, "requestsDueAction"
        )
        self.followups_action = self._action(
            "F&ollow-ups…", self.open_followups, None, "followupsAction"
        )
        self.expiring_action = self._action(
            "Consents &expiring soon…", self.open_expiring_consents, None, "expiringAction"
        )
        self.breach_report_action = self._action(
            "Report a &breach…", self.open_breach_report, None, "breachReportAction"
        )
        self.breach_register_action = self._action(
            "Breach re&gister…", self.open_breach_register, None, "breachRegisterAction"
        )
        self.practice_details_action = self._action(
            "Practice &details…", self.open_practice_details, None, "practiceDetailsAction"
        )
        if session.is_custodian:
            for action in (
                self.change_passphrase_action,
                self.new_recovery_action,
                self.rotate_action,
            ):
                action.setEnabled(False)
                action.setToolTip(CUSTODIAN_REFUSAL)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.vault_menu = bar.addMenu("&Vault")
        self.vault_menu.addAction(self.lock_action)
        self.vault_menu.addSeparator()
        self.vault_menu.addAction(self.backup_now_action)
        self.vault_menu.addAction(self.backup_settings_action)
        self.vault_menu.addAction(self.verify_backup_action)
        self.vault_menu.addAction(self.restore_action)
        self.vault_menu.addSeparator()
        self.vault_menu.addAction(self.verify_action)
        self.vault_menu.addAction(self.security_action)
        self.vault_menu.addAction(self.change_passphrase_action)
        self.vault_menu.addAction(self.new_recovery_action)
        self.vault_menu.addAction(self.rotate_action)
        self.vault_menu.addSeparator()
        self.vault_menu.addAction(self.close_vault_action)
        self.vault_menu.addAction(self.quit_action)
        self.clients_menu = bar.addMenu("&Clients")
        for action in self.records_page.menu_actions:
            self.clients_menu.addAction(action)
        self.practice_menu = bar.addMenu("&Practice")
        self.practice_menu.addAction(self.audit_log_action)
        self.practice_menu.addAction(self.practice_details_action)
        self.practice_menu.addAction(self.client_fields_action)
        self.closure_menu = self.practice_menu.addMenu("Closure && c&ustodian")
        self.closure_menu.setObjectName("closureMenu")
        self.closure_menu.addAction(self.custodians_action)
        self.closure_menu.addAction(self.closure_plan_action)
        self.closure_menu.addAction(self.requests_due_action)
        self.closure_menu.addAction(self.retention_action)
        self.closure_menu.addSeparator()
        self.closure_menu.addAction(self.custodian_passphrase_action)
        self.closure_menu.setToolTipsVisible(True)
        self.practice_menu.addSeparator()
        self.practice_menu.addAction(self.requests_due_action)
        self.practice_menu.addAction(self.followups_action)
        self.practice_menu.addAction(self.expiring_action)
        self.practice_menu.addSeparator()
        self.practice_menu.addAction(self.breach_report_action)
        self.practice_menu.addAction(self.breach_register_action)
        self.practice_menu.addSeparator()
        self.practice_menu.addAction(self.settings_action)
        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addAction(self.about_action)
        for menu in (self.vault_menu, self.clients_menu, self.practice_menu, self.help_menu):
            # Disabled actions explain themselves only if the menu shows tooltips.
            menu.setToolTipsVisible(True)

    def _build_toolbar(self) -> None:
        self.toolbar = self.addToolBar("Vault")
        self.toolbar.setObjectName("vaultToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.lock_action)
        self.toolbar.addAction(self.records_page.new_client_action)
        self.toolbar.addAction(self.records_page.find_action)
        self.toolbar.addAction(self.records_page.privacy_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.backup_now_action)
        self.toolbar.addAction(self.verify_action)
        self.toolbar.addAction(self.security_action)

    def _custodian_banner(
        self, session: VaultSession, column: QtWidgets.QVBoxLayout
    ) -> CustodianBanner | None:
        """Custodian mode: the banner. The practitioner: what the custodian did, at once."""
        if not session.is_custodian:
            QTimer.singleShot(0, self.show_custodian_activity)
            return None
        banner = CustodianBanner(session)
        banner.open_button.setMenu(self.closure_menu)
        banner.passphrase_requested.connect(self.open_custodian_passphrase)
        column.addWidget(banner)
        return banner

    def _build_status_bar(self, session: VaultSession) -> None:
        status = self.statusBar()
        self.vault_label = QtWidgets.QLabel(session.name)
        self.vault_label.setObjectName("statusVault")
        self.role_label = QtWidgets.QLabel(CUSTODIAN if session.is_custodian else PRACTITIONER)
        self.role_label.setObjectName("statusRole")
        self.lock_hint_label = QtWidgets.QLabel(lock_hint(self._config.autolock_minutes))
        self.lock_hint_label.setObjectName("statusLockHint")
        for label in (self.vault_label, self.role_label, self.lock_hint_label):
            label.setContentsMargins(6, 0, 6, 0)
        status.addWidget(self.vault_label)
        status.addWidget(_separator())
        status.addWidget(self.role_label)
        if is_demo_vault(session.folder):
            demo = QtWidgets.QLabel("Demo vault — fictional records only")
            demo.setObjectName("statusDemo")
            demo.setStyleSheet("QLabel { color: #8a5a00; font-weight: bold; }")
            demo.setContentsMargins(6, 0, 6, 0)
            status.addWidget(_separator())
            status.addWidget(demo)
        self.privacy_label = QtWidgets.QLabel("Privacy mode on")
        self.privacy_label.setObjectName("statusPrivacy")
        self.privacy_label.setStyleSheet("QLabel { font-weight: bold; }")
        self.privacy_label.setContentsMargins(6, 0, 6, 0)
        self.privacy_label.hide()
        status.addPermanentWidget(self.privacy_label)
        status.addPermanentWidget(self.lock_hint_label)

    def set_central_page(self, widget: QtWidgets.QWidget) -> None:
        """Show `widget` as the window's page; the previous page is deleted."""
        self.setCentralWidget(widget)

    # --- state --------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self._session is None

    def _dialogs(self) -> list[QtWidgets.QDialog]:
        return [d for d in self.findChildren(QtWidgets.QDialog) if d.isVisible()]

    def is_busy(self) -> bool:
        """A key operation is running in the background; locking now would cut it off."""
        return any(getattr(d, "busy", False) for d in self._dialogs())

    def _refresh_keys_summary(self) -> None:
        if self._session is not None and self._session.is_open:
            self.home_page.set_keys_summary(
                slot_summary(self._session.slots, self._session.vault_id)
            )

    def _show_dialog(self, dialog: QtWidgets.QDialog) -> None:
        # Window-modal and non-blocking: no nested event loop for auto-lock to fight.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._guard_dialog(dialog)
        dialog.open()

    def _guard_dialog(self, dialog: QtWidgets.QDialog) -> None:
        """A modal dialog blocks the window's own shortcuts; Ctrl+L must still lock."""
        lock = QtGui.QShortcut(self.lock_action.shortcut(), dialog)
        lock.activated.connect(self.request_lock)

    def _privacy_changed(self, private: bool) -> None:
        self.privacy_label.setVisible(private)

    # --- idle and lock ------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QtCore.QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self._last_activity = self.clock()
        return False

    def note_activity(self) -> None:
        self._last_activity = self.clock()

    def idle_seconds(self) -> float:
        wall, mono = self.clock()
        last_wall, last_mono = self._last_activity
        return max(wall - last_wall, mono - last_mono)

    def check_idle(self) -> None:
        if self._session is None:
            return
        due = self.idle_seconds() >= self._config.autolock_minutes * 60
        if (due or self._lock_pending) and not self.is_busy():
            self.request_lock()

    def _drop_session(self) -> None:
        """Forget the session and close every dialog that could show vault data."""
        self._session = None
        self.chain_check.drop_session()
        self.idle_timer.stop()
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        for dialog in self.findChildren(QtWidgets.QDialog):
            drop = getattr(dialog, "drop_session", None)
            if callable(drop):
                drop()
        for dialog in reversed(self.findChildren(QtWidgets.QDialog)):
            if dialog.isVisible():
                dialog.reject()
        self.records_page.drop_session()
        for action in self.actions():
            if action not in (self.quit_action, self.about_action):
                action.setEnabled(False)
        self.lock_hint_label.setText("Locked")
        locked = QtWidgets.QLabel("Locked.")
        locked.setObjectName("lockedPage")
        locked.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_central_page(locked)

    def request_lock(self) -> None:
        """Lock now (Ctrl+L, the Lock button, auto-lock). Waits for a running key change."""
        if self._session is None:
            return
        if self.is_busy():
            # Cutting a rotation or a passphrase change off halfway helps nobody; lock
            # as soon as it finishes (check_idle looks every few seconds).
            self._lock_pending = True
            return
        self._drop_session()
        self.lock_requested.emit()

    def request_close_vault(self) -> None:
        # A running key change blocks the window's menus anyway; never cut it off.
        if self._session is None or self.is_busy():
            return
        self._drop_session()
        self.close_vault_requested.emit()

    def request_quit(self) -> None:
        # Closing the vault first lets the controller lock it properly before the app ends.
        self.request_close_vault()
        QTimer.singleShot(0, QtWidgets.QApplication.quit)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        if self._session is not None and self.is_busy():
            event.ignore()
            return
        self.request_close_vault()
        super().closeEvent(event)

    # --- dialogs ------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self._config, self)
        dialog.accepted.connect(self._settings_saved)
        self._show_dialog(dialog)
        return dialog

    def _settings_saved(self) -> None:
        self.lock_hint_label.setText(lock_hint(self._config.autolock_minutes))
        self.note_activity()
        self.settings_changed.emit()

    def open_backup_now(self) -> BackupNowDialog | None:
        if self._session is None:
            return None
        dialog = BackupNowDialog(self._session, self)
        dialog.backup_made.connect(self._backup_made)
        self._show_dialog(dialog)
        return dialog

    def _backup_made(self, _path: object) -> None:
        if self._session is not None:
            self.backup_reminder.refresh(self._session)

    def open_backup_settings(self) -> BackupSettingsDialog | None:
        if self._session is None:
            return None
        dialog = BackupSettingsDialog(self._session, self)
        self._show_dialog(dialog)
        return dialog

    def open_verify_backup(self) -> VerifyBackupDialog | None:
        if self._session is None:
            return None
        dialog = VerifyBackupDialog(self._session, self)
        self._show_dialog(dialog)
        return dialog

    def open_restore(self) -> RestoreDialog | None:
        if self._session is None:
            return None
        dialog = RestoreDialog(self._session, self)
        self._show_dialog(dialog)
        return dialog

    def open_audit_log(self) -> AuditLogDialog | None:
        if self._session is None:
            return None
        dialog = AuditLogDialog(self._session, self)
        self._show_dialog(dialog)
        return dialog

    def open_client_fields(self) -> PracticeFieldsDialog | None:
        if self._session is None:
            return None
        dialog = PracticeFieldsDialog(self._session, self)
        self._show_dialog(dialog)
        return dialog

    def _show_window(self, window: DisclosureWindow) -> DisclosureWindow:
        """A disclosure list window; the dialogs it opens get Ctrl+L too."""
        window.dialog_opened.connect(self._guard_dialog)
        self._show_dialog(window)
        return window

    def open_requests_due(self) -> DisclosureWindow | None:
        if self._session is None:
            return None
        private = self.records_page.privacy_mode
        return self._show_window(RequestsWindow(self._session, private=private, parent=self))

    def open_followups(self) -> DisclosureWindow | None:
        if self._session is None:
            return None
        private = self.records_page.privacy_mode
        return self._show_window(FollowupsWindow(self._session, private=private, parent=self))

    def open_expiring_consents(self) -> DisclosureWindow | None:
        if self._session is None:
            return None
        private = self.records_page.privacy_mode
        return self._show_window(ExpiringWindow(self._session, private=private, parent=self))

    def refresh_breach_due(self, *, announce: bool = False) -> None:
        """The breach deadlines on the Vault page; on unlock, a message when one is near."""
        if self._session is None:
            return
        due = deadlines.reminders(self._session, today=date.today())
        self.home_page.set_breach_due([r.line for r in due])
        self.breach_banner.show_due(due)
        urgent = [r for r in due if r.urgent]
        if announce and urgent:
            self.breach_message = show_message(
                self,
                "A breach notification deadline is near:\n"
                + "\n".join(f"• {r.line}" for r in urgent)
                + "\n\nOpen Practice → Breach register to continue.",
                title="Breach notification due",
            )

    def open_breach_register(self) -> BreachRegisterDialog | None:
        if self._session is None:
            return None
        dialog = BreachRegisterDialog(self._session, self)
        dialog.changed.connect(self.refresh_breach_due)
        dialog.finished.connect(lambda _r: self.refresh_breach_due())
        self._show_dialog(dialog)
        return dialog

    def open_breach_report(self) -> BreachRegisterDialog | None:
        dialog = self.open_breach_register()
        if dialog is not None:
            dialog.report_incident()
        return dialog

    def open_practice_details(self) -> PracticeDetailsDialog | None:
        if self._session is None:
            return None
        dialog = PracticeDetailsDialog(self._session, self)
        self._show_dialog(dialog)
        return dialog

    def open_about(self) -> AboutDialog:
        dialog = AboutDialog(self)
        self._show_dialog(dialog)
        return dialog

    def open_verify(self) -> VerifyDialog | None:
        if self._session is None:
            return None
        dialog = VerifyDialog(self._session, self)
        dialog.verified.connect(self._verified)
        self._show_dialog(dialog)
        dialog.start()
        return dialog

    def _verified(self, report: VerifyReport) -> None:
        problems = sum(len(p) for p in report.checks.values())
        self.home_page.set_verify_result(report.ok, problems, datetime.now())

    def open_security(self) -> SecurityDialog | None:
        if self._session is None:
            return None
        dialog = SecurityDialog(self._session, self)
        dialog.slots_changed.connect(self._refresh_keys_summary)
        dialog.change_passphrase_requested.connect(lambda: self.open_change_passphrase(dialog))
        dialog.new_recovery_code_requested.connect(lambda: self.open_new_recovery_code(dialog))
        dialog.rotate_key_requested.connect(lambda: self.open_rotate_key(dialog))
        self._show_dialog(dialog)
        return dialog

    def open_change_passphrase(
        self, over: SecurityDialog | None = None
    ) -> ChangePassphraseDialog | None:
        if self._session is None or self._session.is_custodian:
            return None
        dialog = ChangePassphraseDialog(self._session, over or self)
        dialog.changed.connect(lambda: self._passphrase_changed(over))
        self._show_dialog(dialog)
        return dialog

    def _passphrase_changed(self, over: SecurityDialog | None) -> None:
        if over is not None:
            over.refresh()
        self._refresh_keys_summary()
        show_message(
            self, CHANGED, title="Passphrase changed", icon=QtWidgets.QMessageBox.Icon.Information
        )

    def open_new_recovery_code(
        self, over: SecurityDialog | None = None
    ) -> NewRecoveryCodeDialog | None:
        if self._session is None or self._session.is_custodian:
            return None
        dialog = NewRecoveryCodeDialog(self._session, over or self)
        dialog.replaced.connect(lambda: self._slots_changed(over))
        self._show_dialog(dialog)
        return dialog

    def _slots_changed(self, over: SecurityDialog | None) -> None:
        if over is not None:
            over.refresh()
        self._refresh_keys_summary()

    def open_rotate_key(self, over: SecurityDialog | None = None) -> RotateKeyDialog | None:
        if self._session is None or self._session.is_custodian:
            return None
        dialog = RotateKeyDialog(self._session, over or self)
        dialog.rotated.connect(lambda new: self._rotated(new, over))
        self._show_dialog(dialog)
        return dialog

    def _rotated(self, new_session: VaultSession, over: SecurityDialog | None) -> None:
        self._session = new_session
        if over is not None:
            over.set_session(new_session)
        self._refresh_keys_summary()
        self.session_replaced.emit(new_session)

    # --- closure and the records custodian ------------------------------------------------

    def open_custodians(self) -> QtWidgets.QDialog | None:
        if self._session is None:
            return None
        from recordsafe.ui.closure.custodians_dialog import CustodiansDialog  # noqa: PLC0415

        dialog = CustodiansDialog(self._session, self)
        dialog.designate_requested.connect(lambda role: self.open_designate(role, over=dialog))
        dialog.renew_requested.connect(
            lambda person: self.open_designate(renew=person, over=dialog)
        )
        dialog.changed.connect(self._refresh_keys_summary)
        self._show_dialog(dialog)
        return dialog

    def open_designate(
        self,
        role: str = "primary",
        *,
        renew: object = None,
        over: QtWidgets.QDialog | None = None,
    ) -> QtWidgets.QDialog | None:
        if self._session is None or self._session.is_custodian:
            return None
        from recordsafe.closure.custodian import Custodian  # noqa: PLC0415
        from recordsafe.ui.closure.designate_dialog import DesignateDialog  # noqa: PLC0415

        dialog = DesignateDialog(
            self._session,
            over or self,
            renew=renew if isinstance(renew, Custodian) else None,
            role=role,
        )
        dialog.designated.connect(self._refresh_keys_summary)
        refresh = getattr(over, "refresh", None)
        if callable(refresh):
            dialog.designated.connect(refresh)
        self._show_dialog(dialog)
        return dialog

    def open_closure_wizard(self) -> QtWidgets.QWizard | None:
        if self._session is None:
            return None
        from recordsafe.ui.closure.closure_wizard import ClosureWizard  # noqa: PLC0415

        wizard = ClosureWizard(self._session, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._guard_dialog(wizard)
        wizard.open()
        return wizard

    def open_retention(self) -> QtWidgets.QDialog | None:
        if self._session is None:
            return None
        from recordsafe.ui.closure.retention_dialog import RetentionDialog  # noqa: PLC0415

        dialog = RetentionDialog(self._session, self)
        dialog.destroy_requested.connect(lambda cid: self.open_destroy(cid, over=dialog))
        self._show_dialog(dialog)
        return dialog

    def open_destroy(
        self, client_id: int, *, over: QtWidgets.QDialog | None = None
    ) -> QtWidgets.QDialog | None:
        if self._session is None:
            return None
        from recordsafe.ui.closure.destroy_dialog import DestroyDialog  # noqa: PLC0415

        dialog = DestroyDialog(self._session, client_id, over or self)
        refresh = getattr(over, "refresh", None)
        if callable(refresh):
            dialog.destroyed.connect(lambda _entry: refresh())
        dialog.destroyed.connect(lambda _entry: self.records_page.forget_destroyed())
        self._show_dialog(dialog)
        return dialog

    def open_custodian_passphrase(self) -> QtWidgets.QDialog | None:
        if self._session is None or not self._session.is_custodian:
            return None
        from recordsafe.ui.closure.custodian_passphrase_dialog import (  # noqa: PLC0415
            CustodianPassphraseDialog,
        )

        dialog = CustodianPassphraseDialog(self._session, self)
        dialog.passphrase_set.connect(self._custodian_passphrase_set)
        self._show_dialog(dialog)
        return dialog

    def _custodian_passphrase_set(self) -> None:
        if self.custodian_banner is not None:
            self.custodian_banner.passphrase_button.hide()
        self._refresh_keys_summary()
        show_message(
            self,
            "Your custodian passphrase is set. Next time, choose “Records custodian?” in the "
            "unlock window and type it instead of the code.",
            title="Passphrase set",
            icon=QtWidgets.QMessageBox.Icon.Information,
        )

    def show_custodian_activity(self) -> QtWidgets.QDialog | None:
        """At the practitioner's unlock: what the custodian did since they last looked."""
        if self._session is None or self._session.is_custodian:
            return None
        from recordsafe.closure import custodian  # noqa: PLC0415
        from recordsafe.ui.closure.custodian_activity_dialog import (  # noqa: PLC0415
            CustodianActivityDialog,
        )

        activity = custodian.custodian_activity(self._session)
        if not activity.entries:
            return None
        dialog = CustodianActivityDialog(self._session, activity, self)
        dialog.audit_requested.connect(self.open_audit_log)
        self._show_dialog(dialog)
        self.custodian_activity_dialog = dialog
        return dialog
