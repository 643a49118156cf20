# Las páginas alojadas del emisor, en español.

## El idioma en sí

language-name = Español
language-direction = ltr

## Compartido por varias páginas

-product = Portcullis
product-name = { -product }
field-email = Correo electrónico
field-password = Contraseña
field-new-password = Contraseña (al menos { $min } caracteres)
field-new-password-reset = Nueva contraseña (al menos { $min } caracteres)
field-code = Código
continue-to = para continuar a { $client }
check-email-title = Revisa tu correo
link-expired-title = Enlace caducado
back-to-sign-in = Volver a iniciar sesión
forgot-password-link = ¿Olvidaste tu contraseña?
reset-your-password = Restablecer tu contraseña

## Inicio de sesión

signin-title = Iniciar sesión
signin-submit = Iniciar sesión
signin-create-account = Crear una cuenta
signin-invalid = Correo electrónico o contraseña incorrectos
signin-expired = Tu inicio de sesión ha caducado. Vuelve a iniciar sesión.

## Registro

signup-title = Crear una cuenta
field-name-optional = Nombre (opcional)
signup-submit = Crear cuenta
signup-have-account = Ya tengo una cuenta
signup-taken = Ya existe una cuenta con este correo electrónico. Inicia sesión.
signup-check-email = Te hemos enviado un enlace para confirmar tu dirección. Ábrelo y después inicia sesión.

## Consentimiento

consent-page-title = Permitir el acceso
consent-title = ¿Permitir el acceso?
consent-asks = { $client } solicita usar tu cuenta en { $audience }:
consent-scope-openid = iniciar tu sesión
consent-scope-profile = tu nombre
consent-scope-email = tu dirección de correo electrónico
consent-scope-offline_access = mantener la sesión iniciada
consent-withdraw = Puedes retirar este permiso más adelante; entonces se cerrará la sesión de la aplicación.
consent-allow = Permitir
consent-deny = Denegar

## Elección de organización

choose-org-title = Elige una organización

## Segundo factor

mfa-title = Verificación en dos pasos
mfa-intro = Introduce el código de 6 dígitos que muestra tu aplicación de autenticación, o uno de tus códigos de recuperación.
mfa-submit = Verificar
mfa-lost = ¿Has perdido tu aplicación de autenticación y tus códigos de recuperación? Pide a un administrador que restablezca tu segundo factor.
mfa-invalid = Código no válido. Inténtalo de nuevo.
mfa-throttled = Demasiados códigos incorrectos. Inténtalo de nuevo dentro de { $seconds ->
        [one] un segundo
       *[other] { $seconds } segundos
    }.

## Contraseña olvidada y restablecimiento

forgot-title = ¿Olvidaste tu contraseña?
forgot-intro = Te enviaremos por correo un enlace para elegir una nueva.
forgot-submit = Enviar el enlace
forgot-sent = Si existe una cuenta con esa dirección, le hemos enviado un enlace para elegir una nueva contraseña.
reset-title = Elige una nueva contraseña
reset-submit = Cambiar la contraseña
reset-done-title = Contraseña cambiada
reset-done = Tu contraseña se ha cambiado y se han cerrado todas las sesiones. Vuelve a iniciar sesión desde tu aplicación.
reset-link-expired = Este enlace no es válido, ya se ha usado o ha caducado. Solicita uno nuevo.

## Confirmación del correo

verify-link-expired = Este enlace no es válido, ya se ha usado o ha caducado.
verified-title = Correo electrónico verificado
verified = Gracias: tu dirección de correo electrónico está confirmada.
verified-continue = Continuar al inicio de sesión

## Invitaciones

join-title = Unirse a { $org }
join-invited = Te han invitado como { $role }. Inicia sesión con { $email } para aceptar.
join-submit = Iniciar sesión y unirse
join-no-account = ¿Aún no tienes una cuenta con esta dirección? Crea una en la aplicación que te invitó, confírmala y vuelve a abrir este enlace.
invitation-invalid-title = Invitación no válida
invitation-invalid = Esta invitación no es válida, ya se ha usado, se ha retirado o ha caducado. Pide una nueva.
join-welcome-title = Te damos la bienvenida
join-welcome = Te has unido a { $org } como { $role }.
invitation-refused-title = Invitación no aceptada
invitation-wrong = La invitación no es válida, ya se ha usado, ha caducado o es para otra dirección.
invitation-last-owner = Si aceptas, la organización se quedaría sin propietario.

## Cierre de sesión

logout-title = ¿Cerrar sesión?
logout-question = Has iniciado sesión. ¿Cerrar la sesión de todas las aplicaciones que usan esta cuenta en este navegador?
logout-submit = Cerrar sesión
logged-out-page-title = Sesión cerrada
logged-out-title = Has cerrado sesión
logged-out-close = Puedes cerrar esta ventana.

## Errores

error-title = Algo ha salido mal
error-go-back = Vuelve a la aplicación e inténtalo de nuevo.
form-expired = Este formulario ha caducado. { $then }
then-open-invitation = Vuelve a abrir el enlace de la invitación.
then-try-again = Inténtalo de nuevo.
then-open-email-link = Vuelve a abrir el enlace de tu correo.
error-signed-out = Tu sesión ha terminado. Vuelve a la aplicación e inicia sesión de nuevo.
error-unavailable = El servicio no está disponible temporalmente. Inténtalo de nuevo.
error-repeated-parameter = El parámetro { $name } está repetido.
throttled-title = Demasiados intentos de inicio de sesión
throttled = Demasiados intentos de inicio de sesión para esta cuenta. Inténtalo de nuevo dentro de { $seconds ->
        [one] un segundo
       *[other] { $seconds } segundos
    } o restablece tu contraseña: te enviamos un enlace por correo.
error-no-client-id = La solicitud no incluye client_id.
error-unknown-client = Esta aplicación no está registrada.
error-redirect-uri-unregistered = La redirect_uri no está registrada para esta aplicación.
error-no-redirect-uri = La solicitud no incluye redirect_uri.
error-redirect-uri-not-url = La redirect_uri no es una URL.

## Lo que dicen las reglas de la cuenta sobre lo introducido

input-email-required = Introduce tu dirección de correo electrónico.
input-email-invalid = Esta dirección de correo electrónico no es válida.
input-password-required = Introduce una contraseña.
input-password-too-short = La contraseña debe tener al menos { $min } caracteres.
input-password-too-long = La contraseña debe tener como máximo { $max } bytes.
input-password-common = Esta contraseña es demasiado común; elige una más difícil de adivinar.
input-password-is-email = La contraseña no puede ser tu dirección de correo electrónico.
input-name-too-long = El nombre debe tener como máximo { $max } caracteres.

## Passkeys on the sign-in and second-step pages
passkey-sign-in = Iniciar sesión con una llave de acceso
passkey-use = Usar tu llave de acceso
mfa-intro-passkey-code = Usa tu llave de acceso, o introduce el código de 6 dígitos que muestra tu aplicación de autenticación, o uno de tus códigos de recuperación.
mfa-intro-passkey = Usa tu llave de acceso, o introduce uno de tus códigos de recuperación.
logged-out-account-link = Gestionar tus llaves de acceso y la verificación en dos pasos

## Setting up a second factor during the sign-in
enrol-title = Configura la verificación en dos pasos
enrol-scan = Escanea este código QR con una aplicación de autenticación (o escribe en ella la clave de abajo).
enrol-enter = Introduce el código de 6 dígitos que muestra la aplicación.
enrol-qr-label = Código QR de tu nueva clave de autenticación
enrol-key = Clave:
enrol-submit = Activar
enrol-reason-requested = { $client } pide un inicio de sesión en dos pasos.
enrol-reason-everyone = Este servicio exige la verificación en dos pasos.
enrol-reason-organization = { $name } exige la verificación en dos pasos a sus miembros.
enrol-reason-role = Tu rol { $name } exige la verificación en dos pasos.
enrol-reason-client = { $name } exige la verificación en dos pasos.
recovery-title = Guarda tus códigos de recuperación
recovery-intro = La verificación en dos pasos está activada. Si pierdes tu aplicación de autenticación, cada uno de estos códigos te permite iniciar sesión una vez. Solo se muestran ahora: guárdalos en un lugar seguro.
recovery-continue = Los he guardado, continuar

signin-email-code = Enviarme un código de inicio de sesión
email-code-need-email = Escribe primero tu dirección de correo.
email-code-title = Revisa tu correo
email-code-intro = Si { $email } tiene una cuenta, le hemos enviado un código de 6 dígitos. Escríbelo aquí, o abre el enlace del correo en este navegador.
email-code-submit = Iniciar sesión
email-code-resend = Enviar un código nuevo
email-code-invalid = Código incorrecto o caducado. Mira el correo más reciente, o pide un código nuevo.
email-code-elsewhere-title = Escribe el código donde lo has pedido
email-code-elsewhere = Este enlace solo inicia sesión en el navegador donde se pidió el código. Escribe allí este código: { $code }
error-not-found = Esta página no existe.
signin-mfa-required = Esta aplicación exige la verificación en dos pasos. Vuelve a iniciar sesión para configurarla o usarla.

signin-continue-with = Continuar con { $provider }
upstream-failed-title = Inicio de sesión no completado
upstream-unknown = No hay ningún proveedor de inicio de sesión llamado { $name }.
upstream-other-browser = Esta respuesta pertenece a un inicio de sesión empezado en otro navegador, o ya terminado. Vuelve a empezar desde la aplicación.
upstream-expired = Este inicio de sesión ha caducado o ya se ha usado. Vuelve a empezar desde la aplicación.
upstream-refused = El proveedor no ha iniciado tu sesión ({ $error }).
upstream-unreachable = No se ha podido contactar con el proveedor. Inténtalo de nuevo en un momento, o inicia sesión de otra forma.
upstream-bad-answer = No se ha podido confiar en la respuesta del proveedor, así que no has iniciado sesión. Inténtalo de nuevo, o inicia sesión de otra forma.
upstream-wrong-issuer = La respuesta venía de otro proveedor distinto del de este inicio de sesión, así que se ha rechazado.
upstream-no-email = El proveedor no ha dado ninguna dirección de correo, y una cuenta la necesita.
upstream-email-not-verified = El proveedor no ha confirmado tu dirección de correo, y una cuenta la necesita. Confírmala allí, o inicia sesión de otra forma.
upstream-account-exists = Ya existe una cuenta con esta dirección de correo. Inicia sesión en ella primero de otra forma; después podrás conectar este proveedor.
upstream-account-disabled = Esta cuenta está desactivada.
continue-title = Iniciando sesión…
continue-link = Continuar
upstream-sso-required = Tu organización exige iniciar sesión con su inicio de sesión único. Vuelve atrás y continúa con él.
upstream-linked-elsewhere = Esta cuenta del proveedor ya está conectada aquí a otro usuario.
