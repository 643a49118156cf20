# The hosted pages of the issuer, in English: the reference every other language
# follows (same ids, same variables).

## About the language itself

language-name = English
# `rtl` for a language written right to left; anything else is left to right.
language-direction = ltr

## Shared by several pages

-product = Portcullis
product-name = { -product }
field-email = Email
field-password = Password
# $min: the shortest password allowed.
field-new-password = Password (at least { $min } characters)
field-new-password-reset = New password (at least { $min } characters)
field-code = Code
# $client: the application's name (shown emphasised).
continue-to = to continue to { $client }
check-email-title = Check your email
link-expired-title = Link expired
back-to-sign-in = Back to sign in
forgot-password-link = Forgot your password?
reset-your-password = Reset your password

## Sign-in page

signin-title = Sign in
signin-submit = Sign in
signin-create-account = Create an account
signin-invalid = Invalid email or password
signin-expired = Your sign-in expired. Sign in again.

## Sign-up page

signup-title = Create an account
field-name-optional = Name (optional)
signup-submit = Create account
signup-have-account = I already have an account
signup-taken = An account with this email already exists. Sign in instead.
signup-check-email = We sent a link to confirm your address. Follow it, then sign in.

## Consent page

consent-page-title = Allow access
consent-title = Allow access?
# $client: the application; $audience: the API it wants to use (both emphasised).
consent-asks = { $client } asks to use your account at { $audience }:
consent-scope-openid = sign you in
consent-scope-profile = your name
consent-scope-email = your email address
consent-scope-offline_access = stay signed in
consent-withdraw = You can withdraw this later; the application is then signed out.
consent-allow = Allow
consent-deny = Deny

## Organization chooser

choose-org-title = Choose an organization

## Second factor

mfa-title = Two-step verification
mfa-intro = Enter the 6-digit code your authenticator app shows, or one of your recovery codes.
mfa-submit = Verify
mfa-lost = Lost your authenticator app and your recovery codes? Ask an administrator to reset your second factor.
mfa-invalid = Invalid code. Try again.
mfa-throttled = Too many wrong codes. Try again in { $seconds ->
        [one] one second
       *[other] { $seconds } seconds
    }.

## Forgotten password and reset

forgot-title = Forgot your password?
forgot-intro = We will email you a link to choose a new one.
forgot-submit = Send the link
forgot-sent = If an account exists for that address, we sent it a link to choose a new password.
reset-title = Choose a new password
reset-submit = Change password
reset-done-title = Password changed
reset-done = Your password is changed and every session is signed out. Sign in again from your app.
reset-link-expired = This link is invalid, already used or expired. Ask for a new one.

## Email confirmation

verify-link-expired = This link is invalid, already used or expired.
verified-title = Email verified
verified = Thank you: your email address is confirmed.
verified-continue = Continue to sign in

## Invitations

# $org: the organization's name.
join-title = Join { $org }
# $role: the role offered; $email: the invited address (both emphasised).
join-invited = You are invited as { $role }. Sign in with { $email } to accept.
join-submit = Sign in and join
join-no-account = No account with this address yet? Create one in the app that invited you, confirm it, then open this link again.
invitation-invalid-title = Invitation not valid
invitation-invalid = This invitation is invalid, already used, withdrawn or expired. Ask for a new one.
join-welcome-title = Welcome
join-welcome = You joined { $org } as { $role }.
invitation-refused-title = Invitation not accepted
invitation-wrong = The invitation is invalid, used, expired, or for another address.
invitation-last-owner = Accepting would leave the organization without an owner.

## Signing out

logout-title = Sign out?
logout-question = You are signed in. Sign out of every application that uses this account on this browser?
logout-submit = Sign out
logged-out-page-title = Signed out
logged-out-title = You are signed out
logged-out-close = You can close this window.

## Errors

error-title = Something went wrong
error-go-back = Go back to the application and try again.
# $then: what to do next (one of the sentences below).
form-expired = This form has expired. { $then }
then-open-invitation = Open the invitation link again.
then-try-again = Please try again.
then-open-email-link = Open the link from your email again.
error-signed-out = Your sign-in has ended. Go back to the application and sign in again.
error-unavailable = The service is temporarily unavailable. Please try again.
# $name: the parameter's name.
error-repeated-parameter = The parameter { $name } is repeated.
throttled-title = Too many sign-in attempts
throttled = Too many sign-in attempts for this account. Try again in { $seconds ->
        [one] one second
       *[other] { $seconds } seconds
    }, or reset your password: we email you a link.
error-no-client-id = The request has no client_id.
error-unknown-client = This application is not registered.
error-redirect-uri-unregistered = The redirect_uri is not registered for this application.
error-no-redirect-uri = The request has no redirect_uri.
error-redirect-uri-not-url = The redirect_uri is not a URL.

## What the account rules say about a form's input

input-email-required = Enter your email address.
input-email-invalid = This is not a valid email address.
input-password-required = Enter a password.
# $min: the shortest password allowed.
input-password-too-short = The password must be at least { $min } characters.
# $max: the longest password allowed, in bytes.
input-password-too-long = The password must be at most { $max } bytes.
input-password-common = This password is too common; choose a less guessable one.
input-password-is-email = The password must not be your email address.
# $max: the longest name allowed.
input-name-too-long = The name must be at most { $max } characters.

## Passkeys on the sign-in and second-step pages
passkey-sign-in = Sign in with a passkey
passkey-use = Use your passkey
mfa-intro-passkey-code = Use your passkey, or enter the 6-digit code your authenticator app shows, or one of your recovery codes.
mfa-intro-passkey = Use your passkey, or enter one of your recovery codes.
logged-out-account-link = Manage your passkeys and two-step verification

## Setting up a second factor during the sign-in
enrol-title = Set up two-step verification
enrol-scan = Scan this QR code with an authenticator app (or type the key below into it).
enrol-enter = Enter the 6-digit code the app shows.
enrol-qr-label = QR code of your new authenticator key
enrol-key = Key:
enrol-submit = Turn on
enrol-reason-requested = { $client } asks for a sign-in with two steps.
enrol-reason-everyone = This service requires two-step verification.
enrol-reason-organization = { $name } requires two-step verification of its members.
enrol-reason-role = Your role { $name } requires two-step verification.
enrol-reason-client = { $name } requires two-step verification.
recovery-title = Save your recovery codes
recovery-intro = Two-step verification is on. If you lose your authenticator app, each of these codes signs you in once. They are shown only now: keep them somewhere safe.
recovery-continue = I saved them, continue

## Sign-in by emailed code

signin-email-code = Email me a sign-in code
email-code-need-email = Enter your email address first.
email-code-title = Check your email
# $email: the address typed (shown emphasised).
email-code-intro = If { $email } has an account, we sent it a 6-digit code. Enter it here, or open the mail's link in this browser.
email-code-submit = Sign in
email-code-resend = Send a new code
email-code-invalid = Wrong or expired code. Check the newest mail, or send a new code.
email-code-elsewhere-title = Enter the code where you asked for it
# $code: the code the link carries.
email-code-elsewhere = This link signs in only in the browser where the code was asked for. Enter this code there: { $code }
error-not-found = This page does not exist.
signin-mfa-required = This application requires two-step verification. Sign in again to set it up or use it.

## Other identity providers

# $provider: the provider's name, as the operator set it.
signin-continue-with = Continue with { $provider }
upstream-failed-title = Sign-in not completed
# $name: what the link named.
upstream-unknown = There is no sign-in provider named { $name }.
upstream-other-browser = This answer belongs to a sign-in started in another browser, or one that ended. Start again from the application.
upstream-expired = This sign-in expired or was already used. Start again from the application.
# $error: the provider's error code.
upstream-refused = The provider did not sign you in ({ $error }).
upstream-unreachable = The provider could not be reached. Try again in a moment, or sign in another way.
upstream-bad-answer = The provider's answer could not be trusted, so you were not signed in. Try again, or sign in another way.
upstream-wrong-issuer = The answer came from another provider than the one the sign-in went to, so it was refused.
upstream-no-email = The provider did not give an email address, which an account needs.
upstream-email-not-verified = The provider has not confirmed your email address, which an account needs. Confirm it there, or sign in another way.
upstream-account-exists = An account with this email address already exists. Sign in to it another way first; you can then connect this provider.
upstream-account-disabled = This account is disabled.
continue-title = Signing you in…
continue-link = Continue
upstream-sso-required = Your organization requires signing in through its single sign-on. Go back and continue with it.
upstream-linked-elsewhere = This account at the provider is already connected to another user here.
