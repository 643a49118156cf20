# Die E-Mails des Ausstellers, auf Deutsch.

mail-verify-subject = Bestätigen Sie Ihre E-Mail-Adresse
mail-verify-intro = Bestätigen Sie die E-Mail-Adresse Ihres Kontos:
mail-verify-validity = Der Link funktioniert einmal und { $hours ->
        [one] eine Stunde
       *[other] { $hours } Stunden
    } lang.

mail-reset-subject = Passwort zurücksetzen
mail-reset-intro = Jemand hat angefordert, Ihr Passwort zurückzusetzen. Wenn Sie das waren:
mail-reset-validity = Der Link funktioniert einmal und { $hours ->
        [one] eine Stunde
       *[other] { $hours } Stunden
    } lang. Andernfalls ignorieren Sie diese Nachricht.

mail-existing-subject = Sie haben bereits ein Konto
mail-existing-intro = Jemand, vielleicht Sie, wollte mit dieser Adresse ein Konto erstellen, aber es gibt schon eines.
mail-existing-action = Melden Sie sich damit an oder wählen Sie hier ein neues Passwort:
mail-existing-ignore = Wenn Sie das nicht waren, können Sie diese Nachricht ignorieren: Es hat sich nichts geändert.

mail-invitation-subject = Einladung zu { $org } auf { -product }
mail-invitation-intro = Sie sind eingeladen, { $org } als { $role } beizutreten.
mail-invitation-action = Um anzunehmen, öffnen Sie diesen Link und melden Sie sich mit dieser Adresse an:
mail-invitation-validity = Die Einladung funktioniert einmal und ist { $days ->
        [one] einen Tag
       *[other] { $days } Tage
    } gültig.
mail-invitation-api = Apps können sie auch für Sie annehmen, mit Ihrem Zugriffstoken ({ $endpoint }) und diesem Token:

mail-signin-code-subject = Ihr Anmeldecode
mail-signin-code-intro = Ihr Code zum Anmelden:
mail-signin-code-link = Oder öffnen Sie diesen Link in dem Browser, in dem Sie den Code angefordert haben:
mail-signin-code-validity = Der Code funktioniert einmal und { $minutes ->
        [one] eine Minute
       *[other] { $minutes } Minuten
    } lang. Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese Nachricht: Ohne den Code kann sich niemand anmelden.
