# La page « Sécurité du compte » (/account/security) et sa propre connexion, en français.

## La page

account-title = Sécurité du compte
account-signed-in-as = Connecté en tant que { $email }
account-sign-out = Se déconnecter

## Se connecter sur la page

account-confirm-title = Confirmez votre identité
account-sign-in-intro = Connectez-vous pour gérer vos moyens de connexion.
account-confirm-intro = Pour modifier vos moyens de connexion, reconnectez-vous (la connexion doit dater de moins de { $minutes ->
        [one] une minute
       *[other] { $minutes } minutes
    }).
account-sign-in-first = Connectez-vous d’abord.
account-sign-in-again = Reconnectez-vous pour modifier vos moyens de connexion.
then-open-account-page = Rouvrez la page du compte.

## Clés d’accès

account-passkeys-title = Clés d’accès
account-passkeys-intro = Une clé d’accès vous connecte sans mot de passe, et remplace le code demandé après votre mot de passe.
account-no-passkeys = Aucune clé d’accès pour l’instant.
account-passkey-synced = Clé d’accès synchronisée
account-passkey-device = Clé d’accès sur cet appareil ou clé de sécurité
account-passkey-added = ajoutée le { $date }
account-passkey-used-today = utilisée aujourd’hui
account-passkey-last-used = dernière utilisation le { $date }
account-passkey-never-used = jamais utilisée
account-passkey-new-name = Nouveau nom pour { $name }
account-passkey-rename = Renommer
account-passkey-remove = Supprimer
account-passkey-name-label = Nom de la nouvelle clé d’accès
account-passkey-default-name = Ma clé d’accès
account-passkey-add = Ajouter une clé d’accès
account-passkey-needs-script = L’ajout d’une clé d’accès nécessite JavaScript.
account-passkeys-unavailable = Les clés d’accès ne sont pas disponibles sur ce serveur.
account-passkey-renamed = Clé d’accès renommée.
account-passkey-removed = Clé d’accès supprimée.
account-passkey-cancelled = La demande de clé d’accès a été annulée ou a expiré. Réessayez.

## Application d’authentification

account-totp-title = Application d’authentification
account-totp-scan = Scannez ce code QR avec votre application d’authentification (ou saisissez la clé), puis saisissez le code qu’elle affiche.
account-totp-qr-label = Code QR de votre nouvelle clé d’authentification
account-totp-key = Clé :
account-totp-code = Code de l’application
account-totp-submit = Activer
account-totp-on = Activée : la connexion avec votre mot de passe demande un code de l’application.
account-totp-remove = Supprimer l’application d’authentification
account-totp-off = Désactivée.
account-totp-set-up = Configurer une application d’authentification
account-totp-turned-on = Application d’authentification activée.
account-totp-invalid = Code incorrect. Réessayez avec le code que l’application affiche maintenant.
account-totp-removed = Application d’authentification supprimée.

## Codes de récupération

account-recovery-title = Codes de récupération
account-recovery-save = Enregistrez ces codes maintenant : ils ne sont affichés qu’une seule fois.
account-recovery-each = Chacun vous connecte une fois sans votre application ni votre clé d’accès.
account-recovery-left = Codes de récupération inutilisés : { $count }.
account-recovery-regenerate = Obtenir de nouveaux codes de récupération
account-recovery-none = Les codes de récupération accompagnent une clé d’accès ou une application d’authentification.
account-recovery-regenerated = Nouveaux codes de récupération : les anciens ne fonctionnent plus.

## Ce que disent les règles du compte d’une modification

account-unknown-action = Action inconnue.
account-no-such-passkey = Cette clé d’accès n’existe pas.
account-no-such-authenticator = Aucune application d’authentification n’attend d’être activée.
account-no-such-user = Ce compte n’existe plus ou est désactivé.
account-passkey-name-required = Donnez un nom à la clé d’accès.
account-passkey-name-too-long = Le nom d’une clé d’accès ne doit pas dépasser { $max } caractères.
account-passkey-name-control = Le nom d’une clé d’accès ne doit pas contenir de caractères de contrôle.
account-passkey-last = Cette clé d’accès est le dernier moyen de vous connecter à ce compte : ajoutez-en d’abord un autre.
account-totp-already = Une application d’authentification est déjà configurée : supprimez-la d’abord.
account-recovery-needs-factor = Les codes de récupération remplacent un second facteur : configurez-en d’abord un.

account-providers-title = Autres fournisseurs de connexion
account-provider-link = Relier { $provider }
account-provider-unlink = Délier
account-provider-unlinked = Le fournisseur est délié.
