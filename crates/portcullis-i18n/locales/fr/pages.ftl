# Les pages hébergées de l’émetteur, en français.

## La langue elle-même

language-name = Français
language-direction = ltr

## Commun à plusieurs pages

-product = Portcullis
product-name = { -product }
field-email = Adresse e-mail
field-password = Mot de passe
field-new-password = Mot de passe (au moins { $min } caractères)
field-new-password-reset = Nouveau mot de passe (au moins { $min } caractères)
field-code = Code
continue-to = pour continuer vers { $client }
check-email-title = Consultez vos e-mails
link-expired-title = Lien expiré
back-to-sign-in = Retour à la connexion
forgot-password-link = Mot de passe oublié ?
reset-your-password = Réinitialiser votre mot de passe

## Connexion

signin-title = Se connecter
signin-submit = Se connecter
signin-create-account = Créer un compte
signin-invalid = Adresse e-mail ou mot de passe incorrect
signin-expired = Votre connexion a expiré. Reconnectez-vous.

## Inscription

signup-title = Créer un compte
field-name-optional = Nom (facultatif)
signup-submit = Créer le compte
signup-have-account = J’ai déjà un compte
signup-taken = Un compte existe déjà avec cette adresse e-mail. Connectez-vous plutôt.
signup-check-email = Nous vous avons envoyé un lien pour confirmer votre adresse. Ouvrez-le, puis connectez-vous.

## Consentement

consent-page-title = Autoriser l’accès
consent-title = Autoriser l’accès ?
consent-asks = { $client } demande à utiliser votre compte sur { $audience } :
consent-scope-openid = vous connecter
consent-scope-profile = votre nom
consent-scope-email = votre adresse e-mail
consent-scope-offline_access = rester connecté
consent-withdraw = Vous pourrez retirer cette autorisation plus tard ; l’application sera alors déconnectée.
consent-allow = Autoriser
consent-deny = Refuser

## Choix de l’organisation

choose-org-title = Choisissez une organisation

## Second facteur

mfa-title = Validation en deux étapes
mfa-intro = Saisissez le code à 6 chiffres affiché par votre application d’authentification, ou l’un de vos codes de récupération.
mfa-submit = Valider
mfa-lost = Vous avez perdu votre application d’authentification et vos codes de récupération ? Demandez à un administrateur de réinitialiser votre second facteur.
mfa-invalid = Code incorrect. Réessayez.
mfa-throttled = Trop de codes incorrects. Réessayez dans { $seconds ->
        [one] une seconde
       *[other] { $seconds } secondes
    }.

## Mot de passe oublié et réinitialisation

forgot-title = Mot de passe oublié ?
forgot-intro = Nous vous enverrons par e-mail un lien pour en choisir un nouveau.
forgot-submit = Envoyer le lien
forgot-sent = Si un compte existe pour cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe.
reset-title = Choisissez un nouveau mot de passe
reset-submit = Changer le mot de passe
reset-done-title = Mot de passe modifié
reset-done = Votre mot de passe a été modifié et toutes vos sessions ont été fermées. Reconnectez-vous depuis votre application.
reset-link-expired = Ce lien est invalide, déjà utilisé ou expiré. Demandez-en un nouveau.

## Confirmation de l’adresse

verify-link-expired = Ce lien est invalide, déjà utilisé ou expiré.
verified-title = Adresse e-mail confirmée
verified = Merci : votre adresse e-mail est confirmée.
verified-continue = Continuer vers la connexion

## Invitations

join-title = Rejoindre { $org }
join-invited = Vous êtes invité en tant que { $role }. Connectez-vous avec { $email } pour accepter.
join-submit = Se connecter et rejoindre
join-no-account = Pas encore de compte avec cette adresse ? Créez-en un dans l’application qui vous a invité, confirmez-le, puis rouvrez ce lien.
invitation-invalid-title = Invitation non valide
invitation-invalid = Cette invitation est invalide, déjà utilisée, retirée ou expirée. Demandez-en une nouvelle.
join-welcome-title = Bienvenue
join-welcome = Vous avez rejoint { $org } en tant que { $role }.
invitation-refused-title = Invitation non acceptée
invitation-wrong = L’invitation est invalide, utilisée, expirée ou destinée à une autre adresse.
invitation-last-owner = Accepter laisserait l’organisation sans propriétaire.

## Déconnexion

logout-title = Se déconnecter ?
logout-question = Vous êtes connecté. Vous déconnecter de toutes les applications qui utilisent ce compte dans ce navigateur ?
logout-submit = Se déconnecter
logged-out-page-title = Déconnecté
logged-out-title = Vous êtes déconnecté
logged-out-close = Vous pouvez fermer cette fenêtre.

## Erreurs

error-title = Un problème est survenu
error-go-back = Revenez à l’application et réessayez.
form-expired = Ce formulaire a expiré. { $then }
then-open-invitation = Rouvrez le lien d’invitation.
then-try-again = Veuillez réessayer.
then-open-email-link = Rouvrez le lien reçu par e-mail.
error-signed-out = Votre connexion a pris fin. Revenez à l’application et reconnectez-vous.
error-unavailable = Le service est temporairement indisponible. Veuillez réessayer.
error-repeated-parameter = Le paramètre { $name } apparaît plusieurs fois.
throttled-title = Trop de tentatives de connexion
throttled = Trop de tentatives de connexion pour ce compte. Réessayez dans { $seconds ->
        [one] une seconde
       *[other] { $seconds } secondes
    }, ou réinitialisez votre mot de passe : nous vous envoyons un lien par e-mail.
error-no-client-id = La requête ne contient pas de client_id.
error-unknown-client = Cette application n’est pas enregistrée.
error-redirect-uri-unregistered = Cette redirect_uri n’est pas enregistrée pour cette application.
error-no-redirect-uri = La requête ne contient pas de redirect_uri.
error-redirect-uri-not-url = La redirect_uri n’est pas une URL.

## Ce que les règles du compte disent de la saisie

input-email-required = Saisissez votre adresse e-mail.
input-email-invalid = Cette adresse e-mail n’est pas valide.
input-password-required = Saisissez un mot de passe.
input-password-too-short = Le mot de passe doit comporter au moins { $min } caractères.
input-password-too-long = Le mot de passe ne doit pas dépasser { $max } octets.
input-password-common = Ce mot de passe est trop courant ; choisissez-en un plus difficile à deviner.
input-password-is-email = Le mot de passe ne doit pas être votre adresse e-mail.
input-name-too-long = Le nom ne doit pas dépasser { $max } caractères.

## Passkeys on the sign-in and second-step pages
passkey-sign-in = Se connecter avec une clé d’accès
passkey-use = Utiliser votre clé d’accès
mfa-intro-passkey-code = Utilisez votre clé d’accès, ou saisissez le code à 6 chiffres affiché par votre application d’authentification, ou l’un de vos codes de récupération.
mfa-intro-passkey = Utilisez votre clé d’accès, ou saisissez l’un de vos codes de récupération.
logged-out-account-link = Gérer vos clés d’accès et la validation en deux étapes

## Setting up a second factor during the sign-in
enrol-title = Activer la validation en deux étapes
enrol-scan = Scannez ce code QR avec une application d’authentification (ou saisissez-y la clé ci-dessous).
enrol-enter = Saisissez le code à 6 chiffres affiché par l’application.
enrol-qr-label = Code QR de votre nouvelle clé d’authentification
enrol-key = Clé :
enrol-submit = Activer
enrol-reason-requested = { $client } demande une connexion en deux étapes.
enrol-reason-everyone = Ce service exige la validation en deux étapes.
enrol-reason-organization = { $name } exige la validation en deux étapes de ses membres.
enrol-reason-role = Votre rôle { $name } exige la validation en deux étapes.
enrol-reason-client = { $name } exige la validation en deux étapes.
recovery-title = Enregistrez vos codes de récupération
recovery-intro = La validation en deux étapes est activée. Si vous perdez votre application d’authentification, chacun de ces codes vous connecte une fois. Ils ne sont affichés que maintenant : conservez-les en lieu sûr.
recovery-continue = Je les ai enregistrés, continuer

signin-email-code = Recevoir un code de connexion par e-mail
email-code-need-email = Saisissez d’abord votre adresse e-mail.
email-code-title = Consultez vos e-mails
email-code-intro = Si { $email } a un compte, nous lui avons envoyé un code à 6 chiffres. Saisissez-le ici, ou ouvrez le lien de l’e-mail dans ce navigateur.
email-code-submit = Se connecter
email-code-resend = Envoyer un nouveau code
email-code-invalid = Code erroné ou expiré. Consultez le dernier e-mail, ou demandez un nouveau code.
email-code-elsewhere-title = Saisissez le code là où vous l’avez demandé
email-code-elsewhere = Ce lien ne connecte que dans le navigateur où le code a été demandé. Saisissez-y ce code : { $code }
error-not-found = Cette page n’existe pas.
signin-mfa-required = Cette application exige la validation en deux étapes. Reconnectez-vous pour la configurer ou l’utiliser.

signin-continue-with = Continuer avec { $provider }
upstream-failed-title = Connexion non aboutie
upstream-unknown = Aucun fournisseur de connexion ne s’appelle { $name }.
upstream-other-browser = Cette réponse appartient à une connexion commencée dans un autre navigateur, ou déjà terminée. Recommencez depuis l’application.
upstream-expired = Cette connexion a expiré ou a déjà servi. Recommencez depuis l’application.
upstream-refused = Le fournisseur ne vous a pas connecté ({ $error }).
upstream-unreachable = Le fournisseur est injoignable. Réessayez dans un instant, ou connectez-vous autrement.
upstream-bad-answer = La réponse du fournisseur n’était pas fiable, vous n’avez donc pas été connecté. Réessayez, ou connectez-vous autrement.
upstream-wrong-issuer = La réponse venait d’un autre fournisseur que celui de la connexion ; elle a été refusée.
upstream-no-email = Le fournisseur n’a pas donné d’adresse e-mail, et un compte en a besoin.
upstream-email-not-verified = Le fournisseur n’a pas confirmé votre adresse e-mail, et un compte en a besoin. Confirmez-la chez lui, ou connectez-vous autrement.
upstream-account-exists = Un compte existe déjà avec cette adresse e-mail. Connectez-vous-y d’abord autrement ; vous pourrez ensuite y relier ce fournisseur.
upstream-account-disabled = Ce compte est désactivé.
continue-title = Connexion en cours…
continue-link = Continuer
upstream-sso-required = Votre organisation exige la connexion par son authentification unique. Revenez en arrière et continuez avec elle.
upstream-linked-elsewhere = Ce compte chez le fournisseur est déjà relié à un autre utilisateur ici.
