# Die gehosteten Seiten des Ausstellers, auf Deutsch.

## Über die Sprache selbst

language-name = Deutsch
language-direction = ltr

## Von mehreren Seiten genutzt

-product = Portcullis
product-name = { -product }
field-email = E-Mail-Adresse
field-password = Passwort
field-new-password = Passwort (mindestens { $min } Zeichen)
field-new-password-reset = Neues Passwort (mindestens { $min } Zeichen)
field-code = Code
continue-to = weiter zu { $client }
check-email-title = Bitte prüfen Sie Ihre E-Mails
link-expired-title = Link abgelaufen
back-to-sign-in = Zurück zur Anmeldung
forgot-password-link = Passwort vergessen?
reset-your-password = Passwort zurücksetzen

## Anmeldung

signin-title = Anmelden
signin-submit = Anmelden
signin-create-account = Konto erstellen
signin-invalid = E-Mail-Adresse oder Passwort ist falsch
signin-expired = Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich erneut an.

## Registrierung

signup-title = Konto erstellen
field-name-optional = Name (optional)
signup-submit = Konto erstellen
signup-have-account = Ich habe bereits ein Konto
signup-taken = Für diese E-Mail-Adresse gibt es bereits ein Konto. Bitte melden Sie sich an.
signup-check-email = Wir haben Ihnen einen Link zur Bestätigung Ihrer Adresse geschickt. Öffnen Sie ihn und melden Sie sich dann an.

## Zustimmung

consent-page-title = Zugriff erlauben
consent-title = Zugriff erlauben?
consent-asks = { $client } möchte Ihr Konto bei { $audience } verwenden:
consent-scope-openid = Sie anmelden
consent-scope-profile = Ihr Name
consent-scope-email = Ihre E-Mail-Adresse
consent-scope-offline_access = angemeldet bleiben
consent-withdraw = Sie können das später widerrufen; die Anwendung wird dann abgemeldet.
consent-allow = Erlauben
consent-deny = Ablehnen

## Organisationsauswahl

choose-org-title = Organisation auswählen

## Zweiter Faktor

mfa-title = Bestätigung in zwei Schritten
mfa-intro = Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.
mfa-submit = Bestätigen
mfa-lost = Authenticator-App und Wiederherstellungscodes verloren? Bitten Sie eine Administratorin oder einen Administrator, Ihren zweiten Faktor zurückzusetzen.
mfa-invalid = Ungültiger Code. Bitte versuchen Sie es erneut.
mfa-throttled = Zu viele falsche Codes. Bitte versuchen Sie es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut.

## Passwort vergessen und zurücksetzen

forgot-title = Passwort vergessen?
forgot-intro = Wir schicken Ihnen per E-Mail einen Link, mit dem Sie ein neues wählen können.
forgot-submit = Link senden
forgot-sent = Falls es für diese Adresse ein Konto gibt, haben wir ihr einen Link zum Festlegen eines neuen Passworts geschickt.
reset-title = Neues Passwort wählen
reset-submit = Passwort ändern
reset-done-title = Passwort geändert
reset-done = Ihr Passwort ist geändert und alle Sitzungen sind abgemeldet. Melden Sie sich in Ihrer App erneut an.
reset-link-expired = Dieser Link ist ungültig, wurde schon verwendet oder ist abgelaufen. Fordern Sie bitte einen neuen an.

## E-Mail-Bestätigung

verify-link-expired = Dieser Link ist ungültig, wurde schon verwendet oder ist abgelaufen.
verified-title = E-Mail-Adresse bestätigt
verified = Vielen Dank: Ihre E-Mail-Adresse ist bestätigt.
verified-continue = Weiter zur Anmeldung

## Einladungen

join-title = { $org } beitreten
join-invited = Sie sind als { $role } eingeladen. Melden Sie sich mit { $email } an, um die Einladung anzunehmen.
join-submit = Anmelden und beitreten
join-no-account = Noch kein Konto mit dieser Adresse? Erstellen Sie eines in der App, die Sie eingeladen hat, bestätigen Sie es und öffnen Sie dann diesen Link erneut.
invitation-invalid-title = Einladung ungültig
invitation-invalid = Diese Einladung ist ungültig, wurde schon verwendet, zurückgezogen oder ist abgelaufen. Bitten Sie um eine neue.
join-welcome-title = Willkommen
join-welcome = Sie sind { $org } als { $role } beigetreten.
invitation-refused-title = Einladung nicht angenommen
invitation-wrong = Die Einladung ist ungültig, verwendet, abgelaufen oder gilt für eine andere Adresse.
invitation-last-owner = Wenn Sie annehmen, hätte die Organisation keine Eigentümerin und keinen Eigentümer mehr.

## Abmelden

logout-title = Abmelden?
logout-question = Sie sind angemeldet. Von allen Anwendungen abmelden, die dieses Konto in diesem Browser nutzen?
logout-submit = Abmelden
logged-out-page-title = Abgemeldet
logged-out-title = Sie sind abgemeldet
logged-out-close = Sie können dieses Fenster schließen.

## Fehler

error-title = Etwas ist schiefgelaufen
error-go-back = Kehren Sie zur Anwendung zurück und versuchen Sie es erneut.
form-expired = Dieses Formular ist abgelaufen. { $then }
then-open-invitation = Öffnen Sie den Einladungslink erneut.
then-try-again = Bitte versuchen Sie es erneut.
then-open-email-link = Öffnen Sie den Link aus Ihrer E-Mail erneut.
error-signed-out = Ihre Anmeldung ist beendet. Kehren Sie zur Anwendung zurück und melden Sie sich erneut an.
error-unavailable = Der Dienst ist vorübergehend nicht verfügbar. Bitte versuchen Sie es erneut.
error-repeated-parameter = Der Parameter { $name } kommt mehrfach vor.
throttled-title = Zu viele Anmeldeversuche
throttled = Zu viele Anmeldeversuche für dieses Konto. Versuchen Sie es in { $seconds ->
        [one] einer Sekunde
       *[other] { $seconds } Sekunden
    } erneut, oder setzen Sie Ihr Passwort zurück: Wir schicken Ihnen einen Link.
error-no-client-id = Die Anfrage enthält keine client_id.
error-unknown-client = Diese Anwendung ist nicht registriert.
error-redirect-uri-unregistered = Die redirect_uri ist für diese Anwendung nicht registriert.
error-no-redirect-uri = Die Anfrage enthält keine redirect_uri.
error-redirect-uri-not-url = Die redirect_uri ist keine URL.

## Was die Kontoregeln zu Eingaben sagen

input-email-required = Geben Sie Ihre E-Mail-Adresse ein.
input-email-invalid = Das ist keine gültige E-Mail-Adresse.
input-password-required = Geben Sie ein Passwort ein.
input-password-too-short = Das Passwort muss mindestens { $min } Zeichen lang sein.
input-password-too-long = Das Passwort darf höchstens { $max } Byte lang sein.
input-password-common = Dieses Passwort ist zu verbreitet; wählen Sie eines, das schwerer zu erraten ist.
input-password-is-email = Das Passwort darf nicht Ihre E-Mail-Adresse sein.
input-name-too-long = Der Name darf höchstens { $max } Zeichen lang sein.

## Passkeys on the sign-in and second-step pages
passkey-sign-in = Mit einem Passkey anmelden
passkey-use = Passkey verwenden
mfa-intro-passkey-code = Verwenden Sie Ihren Passkey, oder geben Sie den 6-stelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.
mfa-intro-passkey = Verwenden Sie Ihren Passkey, oder geben Sie einen Ihrer Wiederherstellungscodes ein.
logged-out-account-link = Passkeys und Zwei-Schritt-Verifizierung verwalten

## Setting up a second factor during the sign-in
enrol-title = Zwei-Schritt-Verifizierung einrichten
enrol-scan = Scannen Sie diesen QR-Code mit einer Authenticator-App (oder geben Sie den Schlüssel unten dort ein).
enrol-enter = Geben Sie den 6-stelligen Code ein, den die App anzeigt.
enrol-qr-label = QR-Code Ihres neuen Authenticator-Schlüssels
enrol-key = Schlüssel:
enrol-submit = Einschalten
enrol-reason-requested = { $client } verlangt eine Anmeldung in zwei Schritten.
enrol-reason-everyone = Dieser Dienst verlangt die Zwei-Schritt-Verifizierung.
enrol-reason-organization = { $name } verlangt von seinen Mitgliedern die Zwei-Schritt-Verifizierung.
enrol-reason-role = Ihre Rolle { $name } verlangt die Zwei-Schritt-Verifizierung.
enrol-reason-client = { $name } verlangt die Zwei-Schritt-Verifizierung.
recovery-title = Speichern Sie Ihre Wiederherstellungscodes
recovery-intro = Die Zwei-Schritt-Verifizierung ist eingeschaltet. Falls Sie Ihre Authenticator-App verlieren, meldet Sie jeder dieser Codes einmal an. Sie werden nur jetzt angezeigt: Bewahren Sie sie sicher auf.
recovery-continue = Gespeichert, weiter

signin-email-code = Anmeldecode per E-Mail senden
email-code-need-email = Geben Sie zuerst Ihre E-Mail-Adresse ein.
email-code-title = Prüfen Sie Ihre E-Mails
email-code-intro = Wenn es für { $email } ein Konto gibt, haben wir einen 6-stelligen Code dorthin gesendet. Geben Sie ihn hier ein oder öffnen Sie den Link aus der E-Mail in diesem Browser.
email-code-submit = Anmelden
email-code-resend = Neuen Code senden
email-code-invalid = Falscher oder abgelaufener Code. Prüfen Sie die neueste E-Mail oder lassen Sie sich einen neuen Code senden.
email-code-elsewhere-title = Geben Sie den Code dort ein, wo Sie ihn angefordert haben
email-code-elsewhere = Dieser Link meldet nur in dem Browser an, in dem der Code angefordert wurde. Geben Sie dort diesen Code ein: { $code }
error-not-found = Diese Seite gibt es nicht.
signin-mfa-required = Diese Anwendung verlangt eine Bestätigung in zwei Schritten. Melden Sie sich erneut an, um sie einzurichten oder zu verwenden.

signin-continue-with = Weiter mit { $provider }
upstream-failed-title = Anmeldung nicht abgeschlossen
upstream-unknown = Es gibt keinen Anmeldeanbieter namens { $name }.
upstream-other-browser = Diese Antwort gehört zu einer Anmeldung, die in einem anderen Browser begonnen wurde oder schon beendet ist. Beginnen Sie erneut in der Anwendung.
upstream-expired = Diese Anmeldung ist abgelaufen oder wurde schon verwendet. Beginnen Sie erneut in der Anwendung.
upstream-refused = Der Anbieter hat Sie nicht angemeldet ({ $error }).
upstream-unreachable = Der Anbieter ist nicht erreichbar. Versuchen Sie es gleich noch einmal oder melden Sie sich anders an.
upstream-bad-answer = Der Antwort des Anbieters konnte nicht vertraut werden, daher wurden Sie nicht angemeldet. Versuchen Sie es erneut oder melden Sie sich anders an.
upstream-wrong-issuer = Die Antwort kam von einem anderen Anbieter als dem, zu dem die Anmeldung ging, und wurde deshalb abgelehnt.
upstream-no-email = Der Anbieter hat keine E-Mail-Adresse übermittelt, die ein Konto aber braucht.
upstream-email-not-verified = Der Anbieter hat Ihre E-Mail-Adresse nicht bestätigt, die ein Konto aber braucht. Bestätigen Sie sie dort oder melden Sie sich anders an.
upstream-account-exists = Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Melden Sie sich zuerst anders dort an; danach können Sie diesen Anbieter verbinden.
upstream-account-disabled = Dieses Konto ist deaktiviert.
continue-title = Sie werden angemeldet …
continue-link = Weiter
upstream-sso-required = Ihre Organisation verlangt die Anmeldung über ihr Single Sign-on. Gehen Sie zurück und melden Sie sich darüber an.
upstream-linked-elsewhere = Dieses Konto beim Anbieter ist hier schon mit einer anderen Person verbunden.
