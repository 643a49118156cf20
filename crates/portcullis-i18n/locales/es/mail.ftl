# Los correos del emisor, en español.

mail-verify-subject = Confirma tu dirección de correo electrónico
mail-verify-intro = Confirma la dirección de correo electrónico de tu cuenta:
mail-verify-validity = El enlace funciona una sola vez, durante { $hours ->
        [one] una hora
       *[other] { $hours } horas
    }.

mail-reset-subject = Restablece tu contraseña
mail-reset-intro = Alguien ha pedido restablecer tu contraseña. Si has sido tú:
mail-reset-validity = El enlace funciona una sola vez, durante { $hours ->
        [one] una hora
       *[other] { $hours } horas
    }. Si no, ignora este mensaje.

mail-existing-subject = Ya tienes una cuenta
mail-existing-intro = Alguien, quizá tú, ha intentado crear una cuenta con esta dirección, pero ya tiene una.
mail-existing-action = Inicia sesión con ella o elige una nueva contraseña aquí:
mail-existing-ignore = Si no has sido tú, puedes ignorar este mensaje: no ha cambiado nada.

mail-invitation-subject = Únete a { $org } en { -product }
mail-invitation-intro = Te han invitado a unirte a { $org } como { $role }.
mail-invitation-action = Para aceptar, abre este enlace e inicia sesión con esta dirección:
mail-invitation-validity = La invitación funciona una sola vez, durante { $days ->
        [one] un día
       *[other] { $days } días
    }.
mail-invitation-api = Las aplicaciones también pueden aceptarla por ti, con tu token de acceso ({ $endpoint }) y este token:

mail-signin-code-subject = Tu código de inicio de sesión
mail-signin-code-intro = Tu código para iniciar sesión:
mail-signin-code-link = O abre este enlace en el navegador donde has pedido el código:
mail-signin-code-validity = El código funciona una sola vez, durante { $minutes ->
        [one] un minuto
       *[other] { $minutes } minutos
    }. Si no lo has pedido, ignora este mensaje: nadie puede iniciar sesión sin el código.
