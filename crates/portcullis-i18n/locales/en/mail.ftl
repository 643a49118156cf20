# The mail the issuer sends, in English. Links go on lines of their own, between
# these paragraphs.

# Confirming a new account's address.
mail-verify-subject = Confirm your email address
mail-verify-intro = Confirm your email address for your account:
# $hours: how long the link works.
mail-verify-validity = The link works once, for { $hours ->
        [one] one hour
       *[other] { $hours } hours
    }.

# A password reset link.
mail-reset-subject = Reset your password
mail-reset-intro = Someone asked to reset your password. If it was you:
mail-reset-validity = The link works once, for { $hours ->
        [one] an hour
       *[other] { $hours } hours
    }. Otherwise ignore this message.

# Someone signed up with an address that already has an account.
mail-existing-subject = You already have an account
mail-existing-intro = Someone, maybe you, tried to create an account with this address, but it already has one.
mail-existing-action = Sign in with it, or choose a new password here:
mail-existing-ignore = If it was not you, you can ignore this message: nothing has changed.

# An invitation into an organization. $org: its name; $role: the role offered.
mail-invitation-subject = Join { $org } on { -product }
mail-invitation-intro = You are invited to join { $org } as { $role }.
mail-invitation-action = To accept, open this link and sign in with this address:
# $days: how long the invitation works.
mail-invitation-validity = The invitation works once, for { $days ->
        [one] one day
       *[other] { $days } days
    }.
# $endpoint: the method and URL an application calls.
mail-invitation-api = Apps can also accept it for you, with your access token ({ $endpoint }) and this token:

# A code to sign in without a password. The code, then a link, go on lines of their own.
mail-signin-code-subject = Your sign-in code
mail-signin-code-intro = Your code to sign in:
mail-signin-code-link = Or open this link in the browser where you asked for the code:
# $minutes: how long the code works.
mail-signin-code-validity = The code works once, for { $minutes ->
        [one] one minute
       *[other] { $minutes } minutes
    }. If you did not ask for it, ignore this message: nobody can sign in without the code.
