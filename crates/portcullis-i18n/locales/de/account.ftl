# Die Seite „Kontosicherheit“ (/account/security) und ihre eigene Anmeldung, auf Deutsch.

## Die Seite

account-title = Kontosicherheit
account-signed-in-as = Angemeldet als { $email }
account-sign-out = Abmelden

## Anmelden auf der Seite

account-confirm-title = Bestätigen Sie, dass Sie es sind
account-sign-in-intro = Melden Sie sich an, um zu verwalten, wie Sie sich anmelden.
account-confirm-intro = Um zu ändern, wie Sie sich anmelden, melden Sie sich bitte erneut an (die Anmeldung darf höchstens { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    } zurückliegen).
account-sign-in-first = Bitte melden Sie sich zuerst an.
account-sign-in-again = Melden Sie sich erneut an, um zu ändern, wie Sie sich anmelden.
then-open-account-page = Öffnen Sie die Kontoseite erneut.

## Passkeys

account-passkeys-title = Passkeys
account-passkeys-intro = Mit einem Passkey melden Sie sich ohne Passwort an, und nach Ihrem Passwort ersetzt er den Code.
account-no-passkeys = Noch keine Passkeys.
account-passkey-synced = Synchronisierter Passkey
account-passkey-device = Passkey auf diesem Gerät oder Sicherheitsschlüssel
account-passkey-added = hinzugefügt am { $date }
account-passkey-used-today = heute verwendet
account-passkey-last-used = zuletzt verwendet am { $date }
account-passkey-never-used = nie verwendet
account-passkey-new-name = Neuer Name für { $name }
account-passkey-rename = Umbenennen
account-passkey-remove = Entfernen
account-passkey-name-label = Name des neuen Passkeys
account-passkey-default-name = Mein Passkey
account-passkey-add = Passkey hinzufügen
account-passkey-needs-script = Zum Hinzufügen eines Passkeys wird JavaScript benötigt.
account-passkeys-unavailable = Passkeys sind auf diesem Server nicht verfügbar.
account-passkey-renamed = Passkey umbenannt.
account-passkey-removed = Passkey entfernt.
account-passkey-cancelled = Die Passkey-Anfrage wurde abgebrochen oder ist abgelaufen. Bitte versuchen Sie es erneut.

## Authenticator-App

account-totp-title = Authenticator-App
account-totp-scan = Scannen Sie diesen QR-Code mit Ihrer Authenticator-App (oder geben Sie den Schlüssel ein) und geben Sie dann den angezeigten Code ein.
account-totp-qr-label = QR-Code Ihres neuen Authenticator-Schlüssels
account-totp-key = Schlüssel:
account-totp-code = Code aus der App
account-totp-submit = Einschalten
account-totp-on = Eingeschaltet: Bei der Anmeldung mit Ihrem Passwort wird ein Code aus der App abgefragt.
account-totp-remove = Authenticator-App entfernen
account-totp-off = Ausgeschaltet.
account-totp-set-up = Authenticator-App einrichten
account-totp-turned-on = Authenticator-App eingeschaltet.
account-totp-invalid = Ungültiger Code. Versuchen Sie es mit dem Code, den die App jetzt anzeigt.
account-totp-removed = Authenticator-App entfernt.

## Wiederherstellungscodes

account-recovery-title = Wiederherstellungscodes
account-recovery-save = Speichern Sie diese Codes jetzt: Sie werden nur einmal angezeigt.
account-recovery-each = Jeder meldet Sie einmal ohne App oder Passkey an.
account-recovery-left = Unbenutzte Wiederherstellungscodes: { $count }.
account-recovery-regenerate = Neue Wiederherstellungscodes erzeugen
account-recovery-none = Wiederherstellungscodes gibt es zusammen mit einem Passkey oder einer Authenticator-App.
account-recovery-regenerated = Neue Wiederherstellungscodes: Die alten gelten nicht mehr.

## Was die Kontoregeln zu einer Änderung sagen

account-unknown-action = Unbekannte Aktion.
account-no-such-passkey = Diesen Passkey gibt es nicht.
account-no-such-authenticator = Keine Authenticator-App wartet darauf, eingeschaltet zu werden.
account-no-such-user = Dieses Konto gibt es nicht mehr oder es ist gesperrt.
account-passkey-name-required = Geben Sie dem Passkey einen Namen.
account-passkey-name-too-long = Der Name eines Passkeys darf höchstens { $max } Zeichen lang sein.
account-passkey-name-control = Der Name eines Passkeys darf keine Steuerzeichen enthalten.
account-passkey-last = Dieser Passkey ist die letzte Möglichkeit, sich bei diesem Konto anzumelden: Fügen Sie zuerst eine weitere hinzu.
account-totp-already = Es ist bereits eine Authenticator-App eingerichtet: Entfernen Sie sie zuerst.
account-recovery-needs-factor = Wiederherstellungscodes ersetzen einen zweiten Faktor: Richten Sie zuerst einen ein.

account-providers-title = Andere Anmeldeanbieter
account-provider-link = { $provider } verbinden
account-provider-unlink = Trennen
account-provider-unlinked = Der Anbieter ist getrennt.
