# Les e-mails de l’émetteur, en français.

mail-verify-subject = Confirmez votre adresse e-mail
mail-verify-intro = Confirmez l’adresse e-mail de votre compte :
mail-verify-validity = Le lien ne fonctionne qu’une fois, pendant { $hours ->
        [one] une heure
       *[other] { $hours } heures
    }.

mail-reset-subject = Réinitialisez votre mot de passe
mail-reset-intro = Quelqu’un a demandé à réinitialiser votre mot de passe. Si c’était vous :
mail-reset-validity = Le lien ne fonctionne qu’une fois, pendant { $hours ->
        [one] une heure
       *[other] { $hours } heures
    }. Sinon, ignorez ce message.

mail-existing-subject = Vous avez déjà un compte
mail-existing-intro = Quelqu’un, peut-être vous, a essayé de créer un compte avec cette adresse, mais elle en a déjà un.
mail-existing-action = Connectez-vous avec celle-ci, ou choisissez un nouveau mot de passe ici :
mail-existing-ignore = Si ce n’était pas vous, vous pouvez ignorer ce message : rien n’a changé.

mail-invitation-subject = Rejoignez { $org } sur { -product }
mail-invitation-intro = Vous êtes invité à rejoindre { $org } en tant que { $role }.
mail-invitation-action = Pour accepter, ouvrez ce lien et connectez-vous avec cette adresse :
mail-invitation-validity = L’invitation ne fonctionne qu’une fois, pendant { $days ->
        [one] un jour
       *[other] { $days } jours
    }.
mail-invitation-api = Les applications peuvent aussi l’accepter pour vous, avec votre jeton d’accès ({ $endpoint }) et ce jeton :

mail-signin-code-subject = Votre code de connexion
mail-signin-code-intro = Votre code pour vous connecter :
mail-signin-code-link = Ou ouvrez ce lien dans le navigateur où vous avez demandé le code :
mail-signin-code-validity = Le code fonctionne une seule fois, pendant { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }. Si vous ne l’avez pas demandé, ignorez ce message : personne ne peut se connecter sans le code.
