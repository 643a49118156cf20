# The account security page (/account/security) and its own sign-in, in English: the
# reference every other language follows (same ids, same variables).

## The page

account-title = Account security
# $email: the signed-in user's address (shown emphasised).
account-signed-in-as = Signed in as { $email }
account-sign-out = Sign out

## Signing in on the page (signed out, or signed in too long ago to change anything)

account-confirm-title = Confirm it is you
account-sign-in-intro = Sign in to manage how you sign in.
# $minutes: how recent the sign-in must be.
account-confirm-intro = To change how you sign in, sign in again (it must be within the last { $minutes ->
        [one] minute
       *[other] { $minutes } minutes
    }).
account-sign-in-first = Sign in first.
account-sign-in-again = Sign in again to change how you sign in.
# What to do after the page's form expired (completes `form-expired`).
then-open-account-page = Open the account page again.

## Passkeys

account-passkeys-title = Passkeys
account-passkeys-intro = A passkey signs you in without a password, and stands in for a code after your password.
account-no-passkeys = No passkeys yet.
account-passkey-synced = Synced passkey
account-passkey-device = Passkey on this device or security key
# $date: the day it was added (YYYY-MM-DD).
account-passkey-added = added { $date }
account-passkey-used-today = used today
# $date: the day it was last used (YYYY-MM-DD).
account-passkey-last-used = last used { $date }
account-passkey-never-used = never used
# $name: the passkey's current name.
account-passkey-new-name = New name for { $name }
account-passkey-rename = Rename
account-passkey-remove = Remove
account-passkey-name-label = Name of the new passkey
# The name a new passkey gets unless the user types another.
account-passkey-default-name = My passkey
account-passkey-add = Add a passkey
account-passkey-needs-script = Adding a passkey needs JavaScript.
account-passkeys-unavailable = Passkeys are not available on this server.
account-passkey-renamed = Passkey renamed.
account-passkey-removed = Passkey removed.
# Shown by the page's script when the browser's passkey dialog is closed or times out.
account-passkey-cancelled = The passkey request was cancelled or timed out. Try again.

## Authenticator app

account-totp-title = Authenticator app
account-totp-scan = Scan this QR code with your authenticator app (or type the key), then enter the code it shows.
account-totp-qr-label = QR code of your new authenticator key
account-totp-key = Key:
account-totp-code = Code from the app
account-totp-submit = Turn on
account-totp-on = On: signing in with your password asks for a code from the app.
account-totp-remove = Remove the authenticator app
account-totp-off = Off.
account-totp-set-up = Set up an authenticator app
account-totp-turned-on = Authenticator app turned on.
account-totp-invalid = Invalid code. Try again with the code the app shows now.
account-totp-removed = Authenticator app removed.

## Recovery codes

account-recovery-title = Recovery codes
account-recovery-save = Save these codes now: they are shown only once.
account-recovery-each = Each signs you in once without your app or passkey.
# $count: how many unused codes are left.
account-recovery-left = Unused recovery codes: { $count }.
account-recovery-regenerate = Get new recovery codes
account-recovery-none = Recovery codes come with a passkey or an authenticator app.
account-recovery-regenerated = New recovery codes: the old ones no longer work.

## What the account rules say about a change

account-unknown-action = Unknown action.
account-no-such-passkey = No such passkey.
account-no-such-authenticator = No authenticator app is waiting to be turned on.
account-no-such-user = This account no longer exists or is disabled.
account-passkey-name-required = Name the passkey.
# $max: the longest name allowed.
account-passkey-name-too-long = A passkey's name has at most { $max } characters.
account-passkey-name-control = A passkey's name must not contain control characters.
account-passkey-last = This passkey is the last way to sign in to this account: add another first.
account-totp-already = An authenticator app is already set up: remove it first.
account-recovery-needs-factor = Recovery codes stand in for a second factor: set one up first.

account-providers-title = Other sign-in providers
# $provider: the provider's name.
account-provider-link = Connect { $provider }
account-provider-unlink = Disconnect
account-provider-unlinked = The provider is disconnected.
